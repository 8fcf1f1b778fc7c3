import {parseRetryAfter} from './download/retry-policy.js';
import {DownloadError} from './errors.js';
import type {FailureHint} from './events.js';

type MaybeGotError = {
	code?: string;
	name?: string;
	message?: string;
	cause?: {code?: string; message?: string};
	/** Node's ERR_TLS_CERT_ALTNAME_INVALID: the host the certificate was checked against. */
	host?: string;
	/** OpenSSL's text for an ERR_SSL_* error ("wrong version number"). */
	reason?: string;
	response?: {statusCode?: number; statusMessage?: string; headers?: Record<string, string | string[] | undefined>; rawHeaders?: string[]};
	event?: string;
	/** got's request (a RequestError's, non-enumerable): how much of the body had arrived. */
	request?: {downloadProgress?: {transferred?: number; total?: number}};
	/** The same count on the node transport's TransportError (transport/transport-error.ts). */
	progress?: {transferred?: number; total?: number};
};

const connectionCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);
const writeCodes = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENFILE', 'EIO', 'EFBIG']);

/**
 * Translate whatever a request (either transport: the node one speaks got's codes, see
 * transport/transport-error.ts) or the file system threw into a DownloadError.
 */
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
	return fromResponse(candidate, error) ?? redirectError(candidate, error) ?? tlsError(candidate, error) ?? decodeError(candidate, error) ?? fromCode(candidate, error);
}

function fromResponse(candidate: MaybeGotError, error: unknown): DownloadError | undefined {
	const status = candidate.response?.statusCode;
	if (candidate.code === 'ERR_NON_2XX_3XX_RESPONSE' && status !== undefined) {
		return DownloadError.httpStatus(status, candidate.response?.statusMessage, parseRetryAfter(candidate.response?.headers?.['retry-after']));
	}

	// got 16 checks the body against its Content-Length (`strictContentLength`, on by default) and
	// reports any shortfall as this ReadError, whether the server closed early or reset the connection
	// mid-body: got 16 ignores the reset once a response has begun. got 14 called both ECONNRESET.
	if (candidate.code === 'ERR_HTTP_CONTENT_LENGTH_MISMATCH') {
		const progress = candidate.request?.downloadProgress ?? candidate.progress;
		return DownloadError.truncated(progress?.transferred, progress?.total, error);
	}

	return undefined;
}

function fromCode(candidate: MaybeGotError, error: unknown): DownloadError {
	const code = candidate.code ?? '';
	if (code === 'ERR_TOO_MANY_REDIRECTS') {
		return DownloadError.tooManyRedirects(error);
	}

	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
		// ENOTFOUND is final; EAI_AGAIN is the resolver saying "try later".
		return DownloadError.hostNotFound(code === 'EAI_AGAIN', error);
	}

	if (code === 'ETIMEDOUT' || candidate.name === 'TimeoutError') {
		return DownloadError.timedOut(error);
	}

	if (code === 'ECONNREFUSED') {
		return DownloadError.connection('connection refused', error);
	}

	// got 16's ReadError keeps only ECONNRESET (and the mismatch above) as its code; any other failure
	// reading the body arrives as ERR_READING_RESPONSE_STREAM, so the name decides.
	if (connectionCodes.has(code) || candidate.name === 'ReadError') {
		return DownloadError.connection(code === 'ECONNRESET' ? 'connection reset' : 'connection lost', error);
	}

	if (writeCodes.has(code)) {
		return DownloadError.cannotWrite(`cannot write file (${code})`, error);
	}

	const message = (candidate.message ?? String(error)).split('\n')[0] ?? 'unknown error';
	return DownloadError.connection(message.slice(0, 80), error);
}

/** Server text in a one-line reason: control characters escaped, cut to a readable length. */
function shown(text: string, max = 120): string {
	// eslint-disable-next-line no-control-regex
	const escaped = text.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, c => `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}`);
	return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
}

/**
 * A redirect imgrace cannot follow: to another scheme (file:, ftp:, javascript:) or to a Location
 * that is no URL at all. got throws these before any request, with the 3xx response attached; asking
 * again gets the same Location, so they are final.
 */
function redirectError(candidate: MaybeGotError, error: unknown): DownloadError | undefined {
	const status = candidate.response?.statusCode;
	if ((candidate.code !== 'ERR_UNSUPPORTED_PROTOCOL' && candidate.code !== 'ERR_INVALID_URL') || status === undefined || status < 300 || status > 399) {
		return undefined;
	}

	const location = candidate.response?.headers?.['location'];
	const target = shown((Array.isArray(location) ? location[0] : location) ?? '');
	const message = candidate.code === 'ERR_INVALID_URL'
		? `redirect to an invalid URL '${target}'`
		: `redirect to ${target} (only http and https are followed)`;
	return DownloadError.badRedirect(message, error);
}

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

/**
 * A certificate the client refuses, or a handshake that cannot work (the server speaks no TLS, or
 * none that Node accepts): the next attempt meets the same certificate, so nothing is retried.
 */
function tlsError(candidate: MaybeGotError, error: unknown): DownloadError | undefined {
	const code = candidate.code ?? '';
	const problem = certificateProblems[code];
	if (problem !== undefined) {
		return DownloadError.tls(problem[0], problem[1], error);
	}

	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		const host = candidate.host ?? (error as {cause?: {host?: string}}).cause?.host;
		return DownloadError.tls(`certificate is not valid for ${host === undefined ? 'this host' : shown(host)}`, 'insecure', error);
	}

	// OpenSSL's handshake failures: ERR_SSL_* codes, or EPROTO with the library's text in the message.
	const sslText = code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+):/.exec(candidate.message ?? '')?.[1] : undefined;
	if (code.startsWith('ERR_SSL_') || sslText !== undefined) {
		const reason = candidate.reason ?? sslText ?? code.slice('ERR_SSL_'.length).toLowerCase().replaceAll('_', ' ');
		return DownloadError.tls(`TLS handshake failed (${shown(reason, 60)})`, undefined, error);
	}

	return undefined;
}

/**
 * A body the decompressor rejects (Content-Encoding gzip, deflate, br or zstd over bytes that are not):
 * the server sends the same bytes again, so it is final. A compressed stream that merely stops early
 * (zlib's Z_BUF_ERROR, "unexpected end of file") is a cut-off body and may arrive whole next time.
 */
function decodeError(candidate: MaybeGotError, error: unknown): DownloadError | undefined {
	// got 16 wraps the decompressor's error in a ReadError (ERR_READING_RESPONSE_STREAM) as its cause.
	const inner = candidate.cause?.code ?? candidate.code ?? '';
	if (inner === 'Z_BUF_ERROR') {
		return DownloadError.truncated(undefined, undefined, error);
	}

	const invalid = inner === 'Z_DATA_ERROR' || inner === 'Z_NEED_DICT' || inner.startsWith('ERR__ERROR_') || inner.startsWith('ZSTD_error_');
	if (!invalid) {
		return undefined;
	}

	// got drops Content-Encoding from the parsed headers once it decompresses; the raw list keeps it.
	const raw = candidate.response?.rawHeaders ?? [];
	const header = raw.find((_, index) => index % 2 === 1 && raw[index - 1]!.toLowerCase() === 'content-encoding');
	const encoding = header !== undefined && /^[\w-]{1,20}$/.test(header.trim()) ? `${header.trim().toLowerCase()} ` : '';
	const why = candidate.cause?.message ?? candidate.message ?? 'invalid data';
	return DownloadError.undecodable(`cannot decode the ${encoding}body (${shown(why, 60)})`, error);
}
