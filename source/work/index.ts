// Per-image work after a download (`--work`): the table of work kinds, and the thumbnail work itself.
export {defaultWork, lookupWork, thumbnailDefaults, works, type WorkKind, type WorkName} from './works.js';
export {makeThumbnail, planThumbnail, thumbnailSize, thumbnailSteps, type Thumbnail, type ThumbnailOptions, type ThumbnailPlan} from './thumbnail.js';
export {thumbnailName, writeThumbnail, type SkippedThumbnail, type ThumbnailOutcome, type WriteThumbnailOptions, type WrittenThumbnail} from './write-thumbnail.js';
export {ThumbnailError, type ThumbnailErrorCode} from './thumbnail-error.js';
export {readImageHeader, type DecodableFormat} from './decode-image.js';
export {attachDecodeBudget, createDecodeBudget, processDecodeBudget, type DecodeBudget} from './decode-budget.js';
export {imageWork} from './image-work.js';
