import type {ImageErrorCode} from '../../errors.js';
import type {DownloadError} from '../errors.js';
import type {DownloadSettings} from '../run-spec.js';

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

/** Exponential backoff with a little jitter so retries of many images don't arrive in lockstep. */
export function backoff(attempt: number): number {
	return (250 * (2 ** (attempt - 1))) + Math.floor(Math.random() * 100);
}

/** The wait before another attempt after `attempt` failed with `error`, or undefined to give up. */
export function retryDelay(error: DownloadError, attempt: number, elapsedMs: number, settings: DownloadSettings): number | undefined {
	const delay = Math.min(error.retryAfterMs ?? backoff(attempt), settings.maxRetryDelayMs);
	const worthRetrying = error.retryable && attempt <= settings.retries && elapsedMs + delay < settings.maxTimeMs;
	return worthRetrying ? delay : undefined;
}

/** A pause before the same attempt is made again when no file descriptor was free (back-pressure). */
export function descriptorWait(): number {
	return 20 + Math.floor(Math.random() * 30);
}
