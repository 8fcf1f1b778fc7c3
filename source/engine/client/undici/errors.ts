import {DownloadError} from '../../errors.js';
import {nodeNetworkError, unknownFailure} from '../node-errors.js';

type UndiciError = {code?: string; name?: string; message?: string; cause?: unknown};

/**
 * undici's failures in imgrace's words, at undici's edge. A connection it could not make, and a socket
 * that failed, carry Node's own error (refused, reset, DNS, TLS); its own codes say the rest.
 */
export function undiciError(error: unknown): DownloadError {
	if (error instanceof DownloadError) {
		return error;
	}

	const candidate = (error ?? {}) as UndiciError;
	const network = nodeNetworkError(candidate) ?? nodeNetworkError(candidate.cause as UndiciError | undefined);
	if (network) {
		return network;
	}

	switch (candidate.code) {
		case 'UND_ERR_SOCKET': {
			// The server closed the connection ("other side closed") before the response was whole.
			return DownloadError.connection('connection closed by the server', error);
		}

		case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH': {
			return DownloadError.truncated(undefined, undefined, error);
		}

		case 'UND_ERR_CONNECT_TIMEOUT':
		case 'UND_ERR_HEADERS_TIMEOUT':
		case 'UND_ERR_BODY_TIMEOUT': {
			return DownloadError.timedOut(error);
		}

		case 'UND_ERR_ABORTED': {
			return DownloadError.aborted();
		}

		default: {
			return unknownFailure(error);
		}
	}
}
