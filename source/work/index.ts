// Per-image work after a download (`--work`): the table of work kinds, and the thumbnail work itself.
export {defaultWork, lookupWork, thumbnailDefaults, works, type WorkKind, type WorkName} from './works.js';
export {makeThumbnail, thumbnailSize, type Thumbnail, type ThumbnailOptions} from './thumbnail.js';
export {thumbnailName, writeThumbnail, type WriteThumbnailOptions, type WrittenThumbnail} from './write-thumbnail.js';
export {ThumbnailError, type ThumbnailErrorCode} from './thumbnail-error.js';
export {sniffFormat, type DecodableFormat} from './decode-image.js';
export {imageWork} from './image-work.js';
