/**
 * imgrace's errors, as got has its own: one base class with a stable `code`, the codes in one list.
 * Callers switch on `code`, never on a message; a message is one short line for a person. The subclasses
 * live where they are thrown (DownloadError, FolderError and NoRoomError in the engine, ThumbnailError in work/,
 * UsageError in config/, ExportError in output/); docs/errors.md lists every code, and a test holds the two lists together.
 */

/** Every code imgrace reports, in a JSON report, an export or an error line. */
export type ErrorCode =
	/** The server answered with a status that is not 2xx (the reason names it). */
	| 'ERR_IMGRACE_HTTP_STATUS'
	/** The body is no image (HTML, JSON, text or unknown bytes). */
	| 'ERR_IMGRACE_NOT_IMAGE'
	/** The body is larger than --max-size. */
	| 'ERR_IMGRACE_TOO_BIG'
	/** No byte arrived for --timeout: ends one attempt (retried). */
	| 'ERR_IMGRACE_IDLE_TIMEOUT'
	/** The image's whole time ran out (--max-time): not retried. */
	| 'ERR_IMGRACE_TIMEOUT'
	/** The body ended before its length or its format's end: retried. */
	| 'ERR_IMGRACE_TRUNCATED'
	/** The connection was refused, reset or lost: retried. */
	| 'ERR_IMGRACE_CONNECTION'
	/** The host name could not be resolved. */
	| 'ERR_IMGRACE_DNS'
	/** More redirects than the client follows. */
	| 'ERR_IMGRACE_REDIRECTS'
	/** A redirect imgrace cannot follow (another scheme, no valid URL). */
	| 'ERR_IMGRACE_REDIRECT'
	/** A Content-Encoding the body does not decode with. */
	| 'ERR_IMGRACE_DECODE'
	/** The TLS handshake or the server's certificate failed. */
	| 'ERR_IMGRACE_TLS'
	/** The file could not be written, or its name belongs to someone else. */
	| 'ERR_IMGRACE_WRITE'
	/** The work after the download (--work thumbnail) failed. */
	| 'ERR_IMGRACE_THUMBNAIL'
	/** The worker thread or child process doing the image stopped. */
	| 'ERR_IMGRACE_WORKER'
	/** The run was stopped (rerun, quit, a signal): not a failure of the image. */
	| 'ERR_IMGRACE_ABORTED'
	/** A strategy's folder cannot be made or used: the run is reported as not started. */
	| 'ERR_IMGRACE_FOLDER'
	/** A strategy has no room on this machine (no address space for one more thread): the run is reported as not started. */
	| 'ERR_IMGRACE_NO_ROOM'
	/** Bad input on the command line: one line on stderr, exit 2. */
	| 'ERR_IMGRACE_USAGE'
	/** An export file (--export-json, …) could not be written after the race: one line on stderr, exit 1. */
	| 'ERR_IMGRACE_EXPORT';

/** The codes of a run, a race or a command line, never of one image. */
const notImageCodes = ['ERR_IMGRACE_FOLDER', 'ERR_IMGRACE_NO_ROOM', 'ERR_IMGRACE_USAGE', 'ERR_IMGRACE_EXPORT'] as const;

/** The codes one image can fail (or be retried) with, as image events and reports carry them. */
export type ImageErrorCode = Exclude<ErrorCode, typeof notImageCodes[number]>;

/** `code`, when an image can fail with it. */
export function asImageCode(code: ErrorCode | undefined): ImageErrorCode | undefined {
	return code === undefined || (notImageCodes as readonly string[]).includes(code) ? undefined : code as ImageErrorCode;
}

export class ImgraceError extends Error {
	override name = 'ImgraceError';

	constructor(readonly code: ErrorCode, message: string, options?: {readonly cause?: unknown}) {
		super(message, options?.cause === undefined ? undefined : {cause: options.cause});
	}
}

/** The error's imgrace code, when it is one of imgrace's errors (or carries one of its codes). */
export function imgraceCode(error: unknown): ErrorCode | undefined {
	if (error instanceof ImgraceError) {
		return error.code;
	}

	const code = (error as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' && code.startsWith('ERR_IMGRACE_') ? code as ErrorCode : undefined;
}
