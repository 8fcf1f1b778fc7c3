import {DownloadError} from '../../errors.js';
import {closedEarly, nodeNetworkError, tunnelClosed, unknownFailure} from '../node-errors.js';

/** What imgrace reads of a got RequestError (got 16: source/core/errors.ts). */
type GotError = {
	code?: string;
	name?: string;
	message?: string;
	cause?: unknown;
	host?: string;
	response?: {statusCode?: number; headers?: Record<string, string | string[] | undefined>};
	/** The Request (non-enumerable on got's errors), for the socket it went out on. */
	request?: {socket?: {errored?: SystemError | null}};
};

/** A failure the system reported (a read or a write that failed), as Node words it. */
type SystemError = {code?: string; message?: string; syscall?: string};

/**
 * got's failures in imgrace's words, at got's edge: its own codes (redirects, lengths, reads), then the
 * Node code it carries from its cause (refused, reset, DNS, TLS). `inBody`: the final response's head
 * had come.
 */
export function gotError(error: unknown, inBody: boolean): DownloadError {
	const candidate = (error ?? {}) as GotError;
	if (candidate.cause instanceof DownloadError) {
		return candidate.cause;
	}

	switch (candidate.code) {
		case 'ERR_TOO_MANY_REDIRECTS': {
			return DownloadError.tooManyRedirects(error);
		}

		case 'ERR_HTTP_CONTENT_LENGTH_MISMATCH': {
			// got 16's strictContentLength: the body ended short of its Content-Length, closed or reset. The
			// download core counts what came: got's own count leaves out the bytes its streams still held.
			return DownloadError.truncated(undefined, undefined, error);
		}

		case 'ECONNRESET': {
			// Node's HTTP client says ECONNRESET ("socket hang up", "aborted") for a connection the server
			// closed cleanly as well as for one it reset: only a reset leaves its error on the socket.
			const cause = candidate.cause as SystemError | undefined;
			const reset = candidate.request?.socket?.errored ?? (cause?.syscall === undefined ? undefined : cause);
			return reset ? (nodeNetworkError(reset) ?? unknownFailure(reset)) : closedEarly(inBody, error);
		}

		case 'ERR_UNSUPPORTED_PROTOCOL':
		case 'ERR_INVALID_URL': {
			const redirect = badRedirect(candidate, error);
			if (redirect) {
				return redirect;
			}

			break;
		}

		default: {
			break;
		}
	}

	const cause = candidate.cause as {code?: string; host?: string} | undefined;
	const network = nodeNetworkError(candidate);
	if (network) {
		return network;
	}

	// got 16's ReadError keeps ECONNRESET and the length mismatch as its code; any other failure reading
	// the body arrives as ERR_READING_RESPONSE_STREAM.
	if (candidate.name === 'ReadError') {
		return nodeNetworkError(cause) ?? DownloadError.connection('connection lost', error);
	}

	// https-proxy-agent's words for a CONNECT the proxy closed unanswered (a 407 or other refusal comes
	// back as the response itself, as got's status error).
	if (/before receiving CONNECT response/.test(candidate.message ?? '')) {
		return tunnelClosed(error);
	}

	return unknownFailure(error);
}

/**
 * A redirect got cannot follow: to another scheme (file:, ftp:) or to a Location that is no URL. got
 * throws these before any request, with the 3xx response attached; asking again gets the same Location.
 */
function badRedirect(candidate: GotError, error: unknown): DownloadError | undefined {
	const status = candidate.response?.statusCode;
	if (status === undefined || status < 300 || status > 399) {
		return undefined;
	}

	const location = candidate.response?.headers?.['location'];
	return DownloadError.badRedirect(candidate.code === 'ERR_INVALID_URL' ? 'invalid' : 'scheme', (Array.isArray(location) ? location[0] : location) ?? '', error);
}
