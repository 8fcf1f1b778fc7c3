import {reasonText, redactCredentials} from '../../format/safe-text.js';
import {DownloadError} from '../errors.js';
import type {FailureHint} from '../events.js';
import {proxyFor} from './request-options.js';

/**
 * Node's own network failures (net, tls, dns), in imgrace's words. Both clients open their connections
 * with Node, so both meet these codes, wrapped each in its own way: a client unwraps its error at its
 * edge (client/got/errors.ts, client/undici/errors.ts) and asks here.
 */


const lostCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Node's certificate verification codes (OpenSSL's X509_V_ERR_* names): what is wrong, and whether
 * trusting another authority could help ('trustCa') or only skipping the check would ('insecure').
 */
const certificateProblems: Readonly<Record<string, readonly [string, FailureHint]>> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: ['certificate is self-signed', 'trustCa'],
	SELF_SIGNED_CERT_IN_CHAIN: ['certificate chain ends in an untrusted self-signed authority', 'trustCa'],
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['certificate is signed by an unknown authority', 'trustCa'],
	UNABLE_TO_GET_ISSUER_CERT: ['certificate is signed by an unknown authority', 'trustCa'],
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['certificate is signed by an unknown authority', 'trustCa'],
	CERT_UNTRUSTED: ['certificate is not trusted', 'trustCa'],
	CERT_HAS_EXPIRED: ['certificate has expired', 'insecure'],
	CERT_NOT_YET_VALID: ['certificate is not valid yet (check the clock)', 'insecure'],
	CERT_REVOKED: ['certificate has been revoked', 'insecure'],
	CERT_SIGNATURE_FAILURE: ['certificate signature is invalid', 'insecure'],
	UNABLE_TO_DECRYPT_CERT_SIGNATURE: ['certificate signature is invalid', 'insecure'],
	UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: ['certificate issuer\'s key cannot be read', 'insecure'],
	CERT_REJECTED: ['certificate is rejected for this purpose', 'insecure'],
	INVALID_PURPOSE: ['certificate is not meant for a server', 'insecure'],
	INVALID_CA: ['certificate chain has an invalid authority', 'insecure'],
	PATH_LENGTH_EXCEEDED: ['certificate chain is too long', 'insecure'],
	CERT_CHAIN_TOO_LONG: ['certificate chain is too long', 'insecure'],
	ERR_TLS_CERT_SIGNATURE_ALGORITHM_UNSUPPORTED: ['certificate uses an unsupported signature algorithm', 'insecure'],
};

type NodeError = {code?: string; name?: string; message?: string; host?: string; reason?: string; address?: string; port?: number; cause?: unknown};

/**
 * Who refused a connection, from the address Node tried (on the error, or on the error a client
 * wrapped): the proxy of the environment when it is the proxy's (same port, and its host is that
 * address or a name), else the address itself. Without one to tell, the old words alone.
 */
function refusal(error: NodeError): string {
	const tried = error.address === undefined ? (error.cause as NodeError | undefined) : error;
	if (tried?.address === undefined) {
		return 'connection refused';
	}

	const {address, port} = tried;
	for (const value of new Set([proxyFor('http'), proxyFor('https')])) {
		const proxy = value !== undefined && URL.canParse(value) ? new URL(value) : undefined;
		const host = proxy?.hostname.replace(/^\[|\]$/g, '');
		if (proxy && Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)) === port && (host === address || !/^[\d.]+$|:/.test(host!))) {
			return `the proxy ${reasonText(redactCredentials(value!), 120)} refused the connection`;
		}
	}

	return `connection refused by ${address.includes(':') ? `[${address}]` : address}${port === undefined ? '' : `:${port}`}`;
}

/**
 * A Node network error by its code, or undefined when the code is none of Node's network ones (the
 * client then names its own). A certificate or handshake failure is final: the next attempt meets the
 * same certificate.
 */
export function nodeNetworkError(error: NodeError | undefined): DownloadError | undefined {
	const code = error?.code ?? '';
	if (code === 'ECONNREFUSED') {
		return DownloadError.connection(refusal(error!), error);
	}

	if (lostCodes.has(code)) {
		return DownloadError.connection(code === 'ECONNRESET' ? 'connection reset' : 'connection lost', error);
	}

	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
		// ENOTFOUND is final; EAI_AGAIN is the resolver saying "try later".
		return DownloadError.hostNotFound(code === 'EAI_AGAIN', error);
	}

	if (code === 'ETIMEDOUT') {
		return DownloadError.timedOut(error);
	}

	// llhttp, which both Node's HTTP client and undici parse with: the server's bytes are no HTTP response.
	if (code.startsWith('HPE_')) {
		return invalidResponse(error?.reason ?? (error?.cause as NodeError | undefined)?.reason ?? code, error);
	}

	const problem = certificateProblems[code];
	if (problem !== undefined) {
		return DownloadError.tls(problem[0], problem[1], error);
	}

	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		// Node puts the host on its own error; a client that wraps it (got) keeps that as the cause.
		const host = error?.host ?? (error?.cause as NodeError | undefined)?.host;
		return DownloadError.tls(`certificate is not valid for ${host === undefined ? 'this host' : reasonText(host, 120)}`, 'insecure', error);
	}

	// OpenSSL's handshake failures: ERR_SSL_* codes, or EPROTO with the library's text in the message.
	const sslText = code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+):/.exec(error?.message ?? '')?.[1] : undefined;
	if (code.startsWith('ERR_SSL_') || sslText !== undefined) {
		const reason = error?.reason ?? sslText ?? code.slice('ERR_SSL_'.length).toLowerCase().replaceAll('_', ' ');
		return DownloadError.tls(`TLS handshake failed (${reasonText(reason, 60)})`, undefined, error);
	}

	return undefined;
}

/**
 * Bytes that are no HTTP response, in llhttp's words ("Invalid header value char"), which both clients
 * parse with: Node puts them on its error as `reason`, undici in its message.
 */
export function invalidResponse(reason: string | undefined, cause: unknown): DownloadError {
	return DownloadError.connection(`not a valid HTTP response${reason === undefined ? '' : ` (${reasonText(reason, 60)})`}`, cause);
}

/**
 * The server (or the proxy on the way) closed the connection cleanly, no reset, before its answer was
 * whole: before the response's head, a connection failure (Node's HTTP client calls it "socket hang
 * up"); once its body had begun, that body cut short (the download core adds the counts where a
 * length was stated), whether the body was framed by a length or by chunks.
 */
export function closedEarly(inBody: boolean, cause: unknown): DownloadError {
	return inBody ? DownloadError.truncated(undefined, undefined, cause) : DownloadError.connection('connection closed by the server', cause);
}

/** A proxy that took the connection for an https URL's tunnel (CONNECT) and closed it unanswered. */
export function tunnelClosed(cause: unknown): DownloadError {
	const proxy = proxyFor('https');
	return DownloadError.connection(`the proxy ${proxy === undefined ? '' : `${reasonText(redactCredentials(proxy), 120)} `}closed the connection before the tunnel was open`, cause);
}

/** The last resort: a connection failure in the error's own words, its first line, escaped and cut. */
export function unknownFailure(error: unknown): DownloadError {
	const message = ((error as NodeError | undefined)?.message ?? String(error)).split('\n')[0] || 'unknown error';
	return DownloadError.connection(reasonText(message, 80), error);
}
