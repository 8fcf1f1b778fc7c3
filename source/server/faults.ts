// Only the limits: the option parser reads this file, and needn't load the image code with it.
import {maxWidth, minWidth} from './images/limits.js';

/**
 * Fault knobs: query-string parameters on `/random` and `/image/<n>.(jpg|png)` that make the embedded server
 * misbehave on purpose, for tests and demos. They combine where it makes sense. Unknown parameters are
 * ignored (so cache-busters are fine); a malformed value gets a 400 naming the knob.
 *
 * Failures:
 * - `status=CODE`     respond CODE (200–599) with a short text body instead of the image.
 * - `retryAfter=S`    add `Retry-After: S` (usually with `status=429` or `503`).
 * - `reset=N`         send headers (full Content-Length) and N body bytes, then reset the connection (RST).
 * - `short=N`         Content-Length says the full size but only N bytes come, then the connection closes
 *                     cleanly (FIN): a body shorter than its Content-Length.
 * - `cut=N`           the body is only the image's first N bytes and Content-Length says N: a cut-off file
 *                     served as if it were complete (nothing at the HTTP level is wrong).
 * - `stall=N`         send N body bytes, then nothing more; the connection stays open until the client gives up.
 * - `type=MIME`       override Content-Type (e.g. `type=text/html` on a real image).
 * - `body=html|text`  send an HTML page / plain text instead of the image; Content-Type still claims the
 *                     image type unless `type` is given.
 * - `redirect=N`      302 to the same URL with `redirect=N-1`; `redirect=0` serves normally.
 * - `redirect=loop`   302 to exactly the same URL, forever.
 * - `chunked=1`       no Content-Length (chunked transfer): the client can't know the total.
 * - `empty=1`         200 with a zero-byte body and an image Content-Type.
 * - `failFirst=K`     apply the failures above only to the first K requests for this exact URL (path and
 *                     query); later ones succeed. E.g. `?status=503&failFirst=2` succeeds on the third try.
 *
 * Shaping (per-request overrides of the server options; they apply on every request, failFirst or not):
 * - `latency=MS`, `jitter=MS`  delay before the response headers; each overrides only its own option, so
 *                              add `jitter=0` for an exact latency.
 * - `bandwidth=BPS`            bytes/second for this response (0 = unlimited); the server's link limit still applies.
 * - `size=BYTES`               the image body is exactly BYTES long and still a valid image. A size smaller than the
 *                              pool image means repainting it once (tens of ms, blocking the server, then cached):
 *                              for timing-sensitive runs prefer the server's `imageBytes` option, done before listening.
 * - `width=PX`                 the same picture painted PX pixels wide (8–4096, height from its aspect ratio), for
 *                              work that scales with pixels (decode, thumbnail). Painted on first request (blocking,
 *                              up to about two seconds for a wide PNG), then cached; with `size`, padded to exactly BYTES.
 *
 * Example: `/image/3.jpg?status=503&retryAfter=1&failFirst=2` (two 503s, then the image), or build URLs with
 * `imageUrl(base, n, {reset: 5000})`.
 */

export type Failures = {
	readonly status?: number;
	readonly retryAfter?: string;
	readonly reset?: number;
	readonly short?: number;
	readonly cut?: number;
	readonly stall?: number;
	readonly type?: string;
	readonly body?: 'html' | 'text';
	readonly redirect?: number | 'loop';
	readonly chunked?: boolean;
	readonly empty?: boolean;
};

export type Shaping = {
	readonly latency?: number;
	readonly jitter?: number;
	readonly bandwidth?: number;
	readonly size?: number;
	readonly width?: number;
};

export type Faults = {
	readonly failures: Failures;
	readonly shaping: Shaping;
	/** Apply `failures` only to the first K requests for the same URL. */
	readonly failFirst?: number;
};

export type ParsedFaults = {readonly ok: true; readonly faults: Faults} | {readonly ok: false; readonly message: string};

/** No query string: the hot path shares this instead of allocating. */
export const noFaults: Faults = Object.freeze({failures: Object.freeze({}), shaping: Object.freeze({})});

/** Bodies above this would only exhaust memory; nobody needs a 100 MB test image. */
export const maxSize = 100_000_000;

/** Parses a query string (without the leading `?`). */
export function parseFaults(query: string): ParsedFaults {
	if (query === '') {
		return {ok: true, faults: noFaults};
	}

	const parameters = new URLSearchParams(query);
	const failures: {-readonly [K in keyof Failures]: Failures[K]} = {};
	const shaping: {-readonly [K in keyof Shaping]: Shaping[K]} = {};
	let failFirst: number | undefined;
	try {
		for (const [key, value] of parameters) {
			switch (key) {
				case 'status': {
					failures.status = integer(key, value, 200, 599);
					break;
				}

				case 'retryAfter': {
					failures.retryAfter = String(integer(key, value, 0, Number.MAX_SAFE_INTEGER));
					break;
				}

				case 'reset':
				case 'short':
				case 'cut':
				case 'stall': {
					failures[key] = integer(key, value, 0, maxSize);
					break;
				}

				case 'type': {
					if (value === '' || !/^[\w.+-]+\/[\w.+-]+(?:\s*;.*)?$/.test(value)) {
						throw new TypeError(`type=${value} is not a MIME type`);
					}

					failures.type = value;
					break;
				}

				case 'body': {
					if (value !== 'html' && value !== 'text') {
						throw new TypeError(`body=${value} must be html or text`);
					}

					failures.body = value;
					break;
				}

				case 'redirect': {
					failures.redirect = value === 'loop' ? 'loop' : integer(key, value, 0, 100);
					break;
				}

				case 'chunked':
				case 'empty': {
					if (flag(key, value)) {
						failures[key] = true;
					}

					break;
				}

				case 'failFirst': {
					failFirst = integer(key, value, 0, Number.MAX_SAFE_INTEGER);
					break;
				}

				case 'latency':
				case 'jitter': {
					shaping[key] = integer(key, value, 0, 600_000);
					break;
				}

				case 'bandwidth': {
					shaping.bandwidth = integer(key, value, 0, Number.MAX_SAFE_INTEGER);
					break;
				}

				case 'size': {
					shaping.size = integer(key, value, 1, maxSize);
					break;
				}

				case 'width': {
					shaping.width = integer(key, value, minWidth, maxWidth);
					break;
				}

				default: {
					break;
				}
			}
		}
	} catch (error) {
		return {ok: false, message: (error as Error).message};
	}

	return {ok: true, faults: failFirst === undefined ? {failures, shaping} : {failures, shaping, failFirst}};
}

/** Whether any failure knob is set (shaping alone still serves a normal image). */
export function hasFailures(failures: Failures): boolean {
	return Object.keys(failures).length > 0;
}

function integer(key: string, value: string, min: number, max: number): number {
	const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
	if (!Number.isSafeInteger(number) || number < min || number > max) {
		throw new RangeError(`${key}=${value} must be an integer from ${min} to ${max}`);
	}

	return number;
}

function flag(key: string, value: string): boolean {
	if (value === '1' || value === 'true' || value === '') {
		return true;
	}

	if (value === '0' || value === 'false') {
		return false;
	}

	throw new TypeError(`${key}=${value} must be 1 or 0`);
}
