import {STATUS_CODES} from 'node:http';
import prettyBytes from 'pretty-bytes';
import {ImgraceError, type ImageErrorCode} from '../errors.js';
import {reasonText} from '../format/safe-text.js';
import type {FailureHint} from './events.js';

/**
 * Whether another attempt may succeed, once per code. Two codes decide per case, in their named
 * constructors (errors.ts): an HTTP status by `isRetryableStatus`, a DNS failure only for EAI_AGAIN.
 */
export const retryableCodes: Readonly<Record<ImageErrorCode, boolean>> = {
	ERR_IMGRACE_HTTP_STATUS: false,
	ERR_IMGRACE_NOT_IMAGE: false,
	ERR_IMGRACE_TOO_BIG: false,
	// Ends one attempt only: the server may send again.
	ERR_IMGRACE_IDLE_TIMEOUT: true,
	// The image's own deadline (--max-time): nothing is left to retry in.
	ERR_IMGRACE_TIMEOUT: false,
	ERR_IMGRACE_TRUNCATED: true,
	ERR_IMGRACE_CONNECTION: true,
	ERR_IMGRACE_DNS: false,
	ERR_IMGRACE_REDIRECTS: false,
	ERR_IMGRACE_REDIRECT: false,
	ERR_IMGRACE_DECODE: false,
	ERR_IMGRACE_TLS: false,
	ERR_IMGRACE_WRITE: false,
	// The download went well; the work after it would only fail the same way again.
	ERR_IMGRACE_THUMBNAIL: false,
	// Another worker would meet the same image: a crash is not the server's doing.
	ERR_IMGRACE_WORKER: false,
	ERR_IMGRACE_ABORTED: false,
};

/** Statuses worth another try: the server may answer differently next time. */
export function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 425 || status === 429 || status >= 500;
}


type Details = {
	/** Overrides the code's own retryability (retry-policy.ts) where the case decides. */
	readonly retryable?: boolean;
	readonly retryAfterMs?: number;
	readonly hint?: FailureHint;
	readonly cause?: unknown;
};

/**
 * Why one attempt at one image failed. Callers switch on `code` (never on the message) and on
 * `retryable`; the message is one short line meant for a person, and names no command-line flag (a
 * front end adds its own flag for `hint`). Made through the named constructors below.
 */
/**
 * A size limit as a person reads it, exact: "10 MB", or "72.5 kB (72,516 bytes)" where one decimal of
 * the unit would hide the byte that makes an image of 72,517 bytes too big.
 */
function limitText(limit: number): string {
	const shown = prettyBytes(limit, {maximumFractionDigits: 1});
	const scale = 1000 ** Math.max(0, Math.floor(Math.log10(Math.max(1, limit)) / 3));
	return Number.isInteger((limit / scale) * 10) ? shown : `${shown} (${limit.toLocaleString('en-US')} bytes)`;
}

export class DownloadError extends ImgraceError {
	static aborted(): DownloadError {
		return new DownloadError('ERR_IMGRACE_ABORTED', 'aborted');
	}

	/** The image's whole time (attempts and backoff) ran out. */
	static gaveUp(maxTimeMs: number): DownloadError {
		return new DownloadError('ERR_IMGRACE_TIMEOUT', `gave up after ${settingSeconds(maxTimeMs)}`);
	}

	/** No byte arrived for `idleMs`: ends this attempt only. */
	static idleTimeout(idleMs: number, cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_IDLE_TIMEOUT', `no data for ${settingSeconds(idleMs)}`, {cause});
	}

	/** A timeout reported by the socket or the client rather than by imgrace's own idle timer. */
	static timedOut(cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_IDLE_TIMEOUT', 'timed out', {cause});
	}

	static tooBig(limit: number): DownloadError {
		return new DownloadError('ERR_IMGRACE_TOO_BIG', `larger than the ${limitText(limit)} limit`, {hint: 'maxSize'});
	}

	static httpStatus(status: number, statusMessage: string | undefined, retryAfterMs?: number): DownloadError {
		const text = statusMessage && statusMessage.length > 0 ? statusMessage : (STATUS_CODES[status] ?? '');
		const retryable = isRetryableStatus(status);
		return new DownloadError('ERR_IMGRACE_HTTP_STATUS', `HTTP ${status}${text ? ` ${text}` : ''}`, {retryable, retryAfterMs: retryable ? retryAfterMs : undefined});
	}

	/**
	 * A body that ended before its Content-Length: the next attempt may get all of it. Without the
	 * counts (nothing says how far it got) the message just names the fault.
	 */
	static truncated(received: number | undefined, expected: number | undefined, cause?: unknown): DownloadError {
		const counts = received !== undefined && expected !== undefined ? ` (${received} of ${expected} bytes)` : '';
		return new DownloadError('ERR_IMGRACE_TRUNCATED', `body cut short${counts}`, {cause});
	}

	/** A body that stops before its format's own end (image-scan/), whatever Content-Length said. */
	static cutShort(what: string): DownloadError {
		return new DownloadError('ERR_IMGRACE_TRUNCATED', `body cut short (${what})`);
	}

	static notImage(what: string): DownloadError {
		return new DownloadError('ERR_IMGRACE_NOT_IMAGE', `not an image (${what})`);
	}

	static tooManyRedirects(cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_REDIRECTS', 'too many redirects', {cause});
	}

	/**
	 * A redirect imgrace cannot follow, to another scheme (file:, ftp:) or to a Location that is no URL:
	 * asking again gets the same Location, so it is final. `location` is the server's text, shown escaped.
	 */
	static badRedirect(kind: 'scheme' | 'invalid', location: string, cause?: unknown): DownloadError {
		const target = reasonText(location, 120);
		return new DownloadError('ERR_IMGRACE_REDIRECT', kind === 'invalid' ? `redirect to an invalid URL '${target}'` : `redirect to ${target} (only http and https are followed)`, {cause});
	}

	/** `retryable` only when the resolver said "try later" (EAI_AGAIN). */
	static hostNotFound(retryable: boolean, cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_DNS', 'host name not found', {retryable, cause});
	}

	static connection(message: string, cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_CONNECTION', message, {cause});
	}

	static tls(message: string, hint: FailureHint | undefined, cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_TLS', message, {hint, cause});
	}

	static undecodable(message: string, cause: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_DECODE', message, {cause});
	}

	/** The file could not be written, or the folder refuses its name (`reason` says why). */
	static cannotWrite(reason: string, cause?: unknown): DownloadError {
		return new DownloadError('ERR_IMGRACE_WRITE', reason, {cause});
	}

	/** The folder guard would not give the file its name: a file that is not imgrace's holds it (folder-guard.ts). */
	static refused(reason: string): DownloadError {
		return new DownloadError('ERR_IMGRACE_WRITE', reason, {hint: 'foreignFile'});
	}

	/**
	 * The work after a good download failed (`code`: the work's own imgrace code, ERR_IMGRACE_THUMBNAIL when it
	 * gave none). Never retried: downloading again would only repeat the same work.
	 */
	static workFailed(code: ImageErrorCode | undefined, message: string, cause: unknown): DownloadError {
		return new DownloadError(code ?? 'ERR_IMGRACE_THUMBNAIL', message, {retryable: false, cause});
	}

	/** The worker thread or child process that held the image went away (`detail`: its exit code or signal). */
	static workerStopped(detail: string): DownloadError {
		return new DownloadError('ERR_IMGRACE_WORKER', `worker stopped (${detail})`);
	}

	/** No worker could start to take the image (`worker`: "a child process"; `reason`: why, in words). */
	static workerNotStarted(worker: string, reason: string): DownloadError {
		return new DownloadError('ERR_IMGRACE_WORKER', `could not start ${worker}: ${reason}`);
	}

	override name = 'DownloadError';
	readonly retryable: boolean;
	/** Milliseconds the server asked us to wait (Retry-After), if any. */
	readonly retryAfterMs: number | undefined;
	/** Which setting bears on this failure, for a front end to name. */
	readonly hint: FailureHint | undefined;

	private constructor(override readonly code: ImageErrorCode, message: string, details: Details = {}) {
		super(code, message, {cause: details.cause});
		this.retryable = details.retryable ?? retryableCodes[code];
		this.retryAfterMs = details.retryAfterMs;
		this.hint = details.hint;
	}
}

/** A strategy that has no room on this machine (SlotRoom of 0): one line for the user; the run is reported as not started. */
export class NoRoomError extends ImgraceError {
	override name = 'NoRoomError';

	constructor(message: string) {
		super('ERR_IMGRACE_NO_ROOM', message);
	}
}

/** A strategy's folder cannot be made or used: one line for the user; the run is reported as not started. */
export class FolderError extends ImgraceError {
	override name = 'FolderError';

	constructor(message: string, options?: {readonly cause?: unknown}) {
		super('ERR_IMGRACE_FOLDER', message, options);
	}
}

/** A time limit as the user gave it (--timeout 0.5 is "0.5s", not a rounded "1s"). */
function settingSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))}s`;
}
