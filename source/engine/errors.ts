import {STATUS_CODES} from 'node:http';
import type {ErrorCode} from './events.js';

/**
 * Why one attempt at one image failed. Callers switch on `code` (never on the message) and on
 * `retryable`; the message is one short line meant for a person.
 */
export class DownloadError extends Error {
	override name = 'DownloadError';

	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly retryable: boolean,
		/** Milliseconds the server asked us to wait (Retry-After), if any. */
		readonly retryAfterMs?: number,
		options?: {cause?: unknown},
	) {
		super(message, options);
	}
}

type MaybeGotError = {
	code?: string;
	name?: string;
	message?: string;
	response?: {statusCode?: number; statusMessage?: string; headers?: Record<string, string | string[] | undefined>};
	event?: string;
	/** got's request (a RequestError's, non-enumerable): how much of the body had arrived. */
	request?: {downloadProgress?: {transferred?: number; total?: number}};
};

/** Parse a Retry-After header (delta seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw.trim() === '') {
		return undefined;
	}

	if (/^\d+(\.\d+)?$/.test(raw.trim())) {
		return Math.round(Number(raw.trim()) * 1000);
	}

	const date = Date.parse(raw);
	if (Number.isNaN(date)) {
		return undefined;
	}

	// An HTTP date is wall-clock by definition; this is a deadline, not a measured duration.
	return Math.max(0, date - new Date().getTime());
}

/** Statuses worth another try: the server may answer differently next time. */
function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 425 || status === 429 || status >= 500;
}

export function httpStatusError(status: number, statusMessage: string | undefined, retryAfter?: string | string[]): DownloadError {
	const text = statusMessage && statusMessage.length > 0 ? statusMessage : (STATUS_CODES[status] ?? '');
	return new DownloadError(
		'ERR_IMGRACE_HTTP_STATUS',
		`HTTP ${status}${text ? ` ${text}` : ''}`,
		isRetryableStatus(status),
		isRetryableStatus(status) ? parseRetryAfter(retryAfter) : undefined,
	);
}

/**
 * A body that ended before its Content-Length. Retryable: the next attempt may get all of it.
 * Without the counts (nothing says how far it got) the message just names the fault.
 */
export function truncatedError(received: number | undefined, expected: number | undefined, cause?: unknown): DownloadError {
	const counts = received !== undefined && expected !== undefined ? ` (${received} of ${expected} bytes)` : '';
	return new DownloadError('ERR_IMGRACE_TRUNCATED', `body cut short${counts}`, true, undefined, cause === undefined ? undefined : {cause});
}

const connectionCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);
const writeCodes = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENFILE', 'EIO', 'EFBIG']);

/** Translate whatever a got stream or the file system threw into a DownloadError. */
export function classifyError(error: unknown): DownloadError {
	if (error instanceof DownloadError) {
		return error;
	}

	// got wraps an error we destroyed the stream with (e.g. too big) in its own RequestError.
	const cause = (error as {cause?: unknown} | undefined)?.cause;
	if (cause instanceof DownloadError) {
		return cause;
	}

	const candidate = (error ?? {}) as MaybeGotError;
	const code = candidate.code ?? '';
	const status = candidate.response?.statusCode;
	if (code === 'ERR_NON_2XX_3XX_RESPONSE' && status !== undefined) {
		return httpStatusError(status, candidate.response?.statusMessage, candidate.response?.headers?.['retry-after']);
	}

	// got 16 checks the body against its Content-Length (`strictContentLength`, on by default) and
	// reports any shortfall as this ReadError, whether the server closed early or reset the connection
	// mid-body: got 16 ignores the reset once a response has begun. got 14 called both ECONNRESET.
	if (code === 'ERR_HTTP_CONTENT_LENGTH_MISMATCH') {
		const progress = candidate.request?.downloadProgress;
		return truncatedError(progress?.transferred, progress?.total, error);
	}

	if (code === 'ERR_TOO_MANY_REDIRECTS') {
		return new DownloadError('ERR_IMGRACE_REDIRECTS', 'too many redirects', false, undefined, {cause: error});
	}

	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
		// ENOTFOUND is final; EAI_AGAIN is the resolver saying "try later".
		return new DownloadError('ERR_IMGRACE_DNS', 'host name not found', code === 'EAI_AGAIN', undefined, {cause: error});
	}

	if (code === 'ETIMEDOUT' || candidate.name === 'TimeoutError') {
		return new DownloadError('ERR_IMGRACE_IDLE_TIMEOUT', 'timed out', true, undefined, {cause: error});
	}

	if (code === 'ECONNREFUSED') {
		return new DownloadError('ERR_IMGRACE_CONNECTION', 'connection refused', true, undefined, {cause: error});
	}

	// got 16's ReadError keeps only ECONNRESET (and the mismatch above) as its code; any other failure
	// reading the body arrives as ERR_READING_RESPONSE_STREAM, so the name decides.
	if (connectionCodes.has(code) || candidate.name === 'ReadError') {
		return new DownloadError('ERR_IMGRACE_CONNECTION', code === 'ECONNRESET' ? 'connection reset' : 'connection lost', true, undefined, {cause: error});
	}

	if (writeCodes.has(code)) {
		return new DownloadError('ERR_IMGRACE_WRITE', `cannot write file (${code})`, false, undefined, {cause: error});
	}

	const message = (candidate.message ?? String(error)).split('\n')[0] ?? 'unknown error';
	return new DownloadError('ERR_IMGRACE_CONNECTION', message.slice(0, 80), true, undefined, {cause: error});
}
