import type {DownloadSettings} from '../run-spec.js';

/**
 * Parse a Retry-After header (delta seconds or an HTTP date) into milliseconds from now; undefined for
 * anything else, so the backoff applies.
 */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
	const raw = (Array.isArray(value) ? value[0] : value)?.trim();
	if (raw === undefined || raw === '') {
		return undefined;
	}

	if (/^\d+(\.\d+)?$/.test(raw)) {
		return Math.round(Number(raw) * 1000);
	}

	// Every HTTP date begins with its day's name (RFC 9110 5.6.7, obsolete forms included); Date.parse
	// would also take "-1" or "+3" for a year gone by and have a retry start at once.
	const date = /^(?:mon|tue|wed|thu|fri|sat|sun)/i.test(raw) ? Date.parse(raw) : Number.NaN;
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
/** What the policy reads of a failure: whether it may go away, and how long the server asked to wait. */
export type RetryableFailure = {readonly retryable: boolean; readonly retryAfterMs: number | undefined};

export function retryDelay(error: RetryableFailure, attempt: number, elapsedMs: number, settings: DownloadSettings): number | undefined {
	const delay = Math.min(error.retryAfterMs ?? backoff(attempt), settings.maxRetryDelayMs);
	const worthRetrying = error.retryable && attempt <= settings.retries && elapsedMs + delay < settings.maxTimeMs;
	return worthRetrying ? delay : undefined;
}

/** A pause before the same attempt is made again when no file descriptor was free (back-pressure). */
export function descriptorWait(): number {
	return 20 + Math.floor(Math.random() * 30);
}
