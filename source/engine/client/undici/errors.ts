import {DownloadError} from '../../errors.js';
import {closedEarly, invalidResponse, nodeNetworkError, tunnelClosed, unknownFailure} from '../node-errors.js';
import {refusalReason} from './refusals.js';

type UndiciError = {code?: string; name?: string; message?: string; cause?: unknown};

/**
 * Where the request that failed had got to: no answer yet, a redirect's answer (its body read and
 * dropped), or the final response's body.
 */
export type Stage = 'waiting' | 'redirect' | 'body';

/**
 * undici's failures in imgrace's words, at undici's edge. A connection it could not make, and a socket
 * that failed, carry Node's own error (refused, reset, DNS, TLS); its own codes say the rest.
 */
export function undiciError(error: unknown, stage: Stage): DownloadError {
	if (error instanceof DownloadError) {
		return error;
	}

	const candidate = (error ?? {}) as UndiciError;
	const network = nodeNetworkError(candidate) ?? nodeNetworkError(candidate.cause as UndiciError | undefined);
	if (network) {
		return network;
	}

	// A proxy's refusal, as got reports it: the proxy's status as the response's. undici words a 407 to a
	// forwarded request as an argument error, and any status to its CONNECT as an abort.
	const proxyStatus = /^Proxy Authentication Required \((407)\)$|^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/.exec(candidate.message ?? '');
	if (proxyStatus && (candidate.code === 'UND_ERR_INVALID_ARG' || candidate.code === 'UND_ERR_ABORTED')) {
		return DownloadError.httpStatus(Number(proxyStatus[1] ?? proxyStatus[2]), undefined);
	}

	switch (candidate.code) {
		case 'UND_ERR_PRX_CONN': {
			return tunnelClosed(error);
		}

		case 'UND_ERR_SOCKET': {
			// The server closed the connection ("other side closed"), no reset, before the response was whole.
			return closedEarly(stage === 'body', error);
		}

		case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH': {
			// Before any answer, no body was cut: llhttp refused the head (refusals.ts).
			return stage === 'waiting' ? invalidResponse(refusalReason(error), error) : DownloadError.truncated(undefined, undefined, error);
		}

		case 'UND_ERR_CONNECT_TIMEOUT':
		case 'UND_ERR_HEADERS_TIMEOUT':
		case 'UND_ERR_BODY_TIMEOUT': {
			return DownloadError.timedOut(error);
		}

		case 'UND_ERR_ABORTED': {
			return DownloadError.aborted();
		}

		case 'UND_ERR_HEADERS_OVERFLOW': {
			// A response head over the limit, said as llhttp says it on Node's HTTP client (HPE_HEADER_OVERFLOW).
			return invalidResponse('Header overflow', error);
		}

		default: {
			// undici's parser errors carry no code (it looks llhttp's up by number in a table by name), only
			// llhttp's reason in their message.
			const parser = candidate.name === 'HTTPParserError' ? /\(([^)]*)\)$/.exec(candidate.message ?? '') : undefined;
			// llhttp's finish, when the server closed a response that says it ends by itself (its length, its
			// last chunk) before that end: a clean close, no bytes that are wrong.
			if (parser?.[1] === 'Invalid EOF state') {
				return closedEarly(stage === 'body', error);
			}

			return parser ? invalidResponse(parser[1]!, error) : unknownFailure(error);
		}
	}
}
