import {checkServerIdentity} from 'node:tls';
import type {HandlerFunction, Options} from 'got';

/** The parts of got's Options this module reads (private in got's types, stable within got 14). */
type GotOptionsInternals = {
	_internals: {
		url?: URL;
		http2: boolean;
		agent: {http?: unknown; https?: unknown};
		https: Record<string, unknown> & {checkServerIdentity?: unknown};
		cacheOptions: Record<string, unknown>;
		dnsLookup?: unknown;
		dnsCache?: {lookup?: unknown};
		dnsLookupIpVersion?: unknown;
		setHost: boolean;
		method: string;
		maxHeaderSize?: number;
		localAddress?: string;
		headers: Record<string, unknown>;
		createConnection?: unknown;
		h2session?: unknown;
	};
	_unixOptions?: Record<string, unknown>;
	createNativeRequestOptions(): Record<string, unknown>;
};

/**
 * got's `Options#createNativeRequestOptions`, with the same keys and values, built without the two
 * object spreads it starts with. In got 14.6 those leading spreads push V8 onto a slow path: about
 * 60 µs and ~20 KB of garbage per request, most of it promoted to the old generation (new hidden
 * classes per call) — at thousands of images a second that was the engine's largest single CPU cost
 * and most of its heap growth (see bench/PERFORMANCE.md). The spreads' keys (cache and unix-socket
 * options) never collide with the explicit ones, so putting them last gives an equal object.
 *
 * HTTP/2 (not used by imgrace) keeps got's own implementation.
 */
export function fastNativeRequestOptions(this: GotOptionsInternals): Record<string, unknown> {
	const internals = this._internals;
	if (internals.http2) {
		return (Object.getPrototypeOf(this) as GotOptionsInternals).createNativeRequestOptions.call(this);
	}

	const {https} = internals;
	const options: Record<string, unknown> = {
		// HTTPS options
		ALPNProtocols: https['alpnProtocols'],
		ca: https['certificateAuthority'],
		cert: https['certificate'],
		key: https['key'],
		passphrase: https['passphrase'],
		pfx: https['pfx'],
		rejectUnauthorized: https['rejectUnauthorized'],
		checkServerIdentity: https.checkServerIdentity ?? checkServerIdentity,
		servername: https['serverName'],
		ciphers: https['ciphers'],
		honorCipherOrder: https['honorCipherOrder'],
		minVersion: https['minVersion'],
		maxVersion: https['maxVersion'],
		sigalgs: https['signatureAlgorithms'],
		sessionTimeout: https['tlsSessionLifetime'],
		dhparam: https['dhparam'],
		ecdhCurve: https['ecdhCurve'],
		crl: https['certificateRevocationLists'],
		secureOptions: https['secureOptions'],
		// HTTP options
		lookup: internals.dnsLookup ?? internals.dnsCache?.lookup,
		family: internals.dnsLookupIpVersion,
		agent: internals.url?.protocol === 'https:' ? internals.agent.https : internals.agent.http,
		setHost: internals.setHost,
		method: internals.method,
		maxHeaderSize: internals.maxHeaderSize,
		localAddress: internals.localAddress,
		headers: internals.headers,
		createConnection: internals.createConnection,
		timeout: undefined,
		h2session: internals.h2session,
	};
	return Object.assign(options, internals.cacheOptions, this._unixOptions);
}

/** A got handler that gives each request the fast `createNativeRequestOptions` above. */
export const fastNativeOptionsHandler: HandlerFunction = (options, next) => {
	(options as unknown as GotOptionsInternals).createNativeRequestOptions = fastNativeRequestOptions;
	return next(options as Options);
};
