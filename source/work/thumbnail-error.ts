/**
 * Why a thumbnail was not made. Callers switch on `code`, as on the engine's DownloadError; the
 * message is one short line for a person.
 */
export type ThumbnailErrorCode =
	/** The bytes are not a JPEG or PNG this can decode, or the image is too large to decode. */
	| 'ERR_IMGRACE_THUMBNAIL'
	/** The thumbnail could not be written (or its name belongs to someone else). */
	| 'ERR_IMGRACE_WRITE'
	| 'ERR_IMGRACE_ABORTED';

export class ThumbnailError extends Error {
	override name = 'ThumbnailError';

	constructor(readonly code: ThumbnailErrorCode, message: string, options?: {cause?: unknown}) {
		super(message, options);
	}
}
