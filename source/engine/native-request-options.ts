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
 * got's `Options#createNativeRequestOptions`, with the same values, built differently. got 14.6
 * starts that object with two spreads, which pushes V8 onto a slow path (about 60 µs and ~20 KB of
 * garbage per request, most of it promoted: new hidden classes per call), and gives it 34 keys, most
 * of them `undefined`, which Node then copies twice more per request (`Agent#addRequest` spreads it
 * into a dictionary-mode object, `ClientRequest` assigns it onto the URL's options): ~15 KB more.
 * At thousands of images a second that was the engine's largest single CPU cost and most of its heap
 * growth (readme, Performance). Here only keys with a value are set: Node reads every one of these
 * options as `options.x`, where a missing key and an `undefined` one are the same.
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
		agent: internals.url?.protocol === 'https:' ? internals.agent.https : internals.agent.http,
		checkServerIdentity: https.checkServerIdentity ?? checkServerIdentity,
		setHost: internals.setHost,
		method: internals.method,
		headers: internals.headers,
	};
	// HTTPS options
	setDefined(options, 'ALPNProtocols', https['alpnProtocols']);
	setDefined(options, 'ca', https['certificateAuthority']);
	setDefined(options, 'cert', https['certificate']);
	setDefined(options, 'key', https['key']);
	setDefined(options, 'passphrase', https['passphrase']);
	setDefined(options, 'pfx', https['pfx']);
	setDefined(options, 'rejectUnauthorized', https['rejectUnauthorized']);
	setDefined(options, 'servername', https['serverName']);
	setDefined(options, 'ciphers', https['ciphers']);
	setDefined(options, 'honorCipherOrder', https['honorCipherOrder']);
	setDefined(options, 'minVersion', https['minVersion']);
	setDefined(options, 'maxVersion', https['maxVersion']);
	setDefined(options, 'sigalgs', https['signatureAlgorithms']);
	setDefined(options, 'sessionTimeout', https['tlsSessionLifetime']);
	setDefined(options, 'dhparam', https['dhparam']);
	setDefined(options, 'ecdhCurve', https['ecdhCurve']);
	setDefined(options, 'crl', https['certificateRevocationLists']);
	setDefined(options, 'secureOptions', https['secureOptions']);
	// HTTP options
	setDefined(options, 'lookup', internals.dnsLookup ?? internals.dnsCache?.lookup);
	setDefined(options, 'family', internals.dnsLookupIpVersion);
	setDefined(options, 'maxHeaderSize', internals.maxHeaderSize);
	setDefined(options, 'localAddress', internals.localAddress);
	setDefined(options, 'createConnection', internals.createConnection);
	setDefined(options, 'h2session', internals.h2session);

	// got spreads these first; their keys never collide with the ones above.
	copyDefined(options, internals.cacheOptions);
	copyDefined(options, this._unixOptions);
	return options;
}

function copyDefined(options: Record<string, unknown>, from: Record<string, unknown> | undefined): void {
	if (from) {
		for (const key in from) {
			if (Object.hasOwn(from, key) && from[key] !== undefined) {
				options[key] = from[key];
			}
		}
	}
}

function setDefined(options: Record<string, unknown>, key: string, value: unknown): void {
	if (value !== undefined) {
		options[key] = value;
	}
}

/** A got handler that gives each request the fast `createNativeRequestOptions` above. */
export const fastNativeOptionsHandler: HandlerFunction = (options, next) => {
	(options as unknown as GotOptionsInternals).createNativeRequestOptions = fastNativeRequestOptions;
	return next(options as Options);
};
