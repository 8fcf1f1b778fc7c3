import {ImgraceError, type ImageErrorCode} from '../errors.js';

/**
 * Why a thumbnail was not made. Callers switch on `code`, as on the engine's DownloadError; the
 * message is one short line for a person.
 */
export type ThumbnailErrorCode = Extract<ImageErrorCode,
	/** The bytes are not an image this can decode, or the image is too large to decode. */
	| 'ERR_IMGRACE_THUMBNAIL'
	/** The thumbnail could not be written (or its name belongs to someone else). */
	| 'ERR_IMGRACE_WRITE'
	| 'ERR_IMGRACE_ABORTED'>;

export class ThumbnailError extends ImgraceError {
	override name = 'ThumbnailError';

	constructor(override readonly code: ThumbnailErrorCode, message: string, options?: {readonly cause?: unknown}) {
		super(code, message, options);
	}
}
