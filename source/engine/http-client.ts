import type {LookupFunction} from 'node:net';
import {downloadDefaults} from '../defaults.js';
import type {Transport, TransportName, TransportRequest, TransportSetup} from './transport/contract.js';
import {createGotTransport} from './transport/got.js';
import {tlsModule} from './transport/lazy-builtins.js';
import {createNodeTransport} from './transport/node.js';

export type {TransportName, TransportRequest} from './transport/contract.js';

export type HttpClient = {
	/** Starts a GET of `url` (redirects followed, non-2xx an error, body checked against its length). */
	readonly request: (url: string) => TransportRequest;
	/** Closes pooled sockets so a finished run leaves no connection open. */
	destroy(): void;
};

/** What a user sets for every request of a run (the CLI's -H, --user-agent, --insecure, --cacert). */
export type HttpOptions = {
	/** Sent with every request; a header named here replaces imgrace's own (user-agent, accept). */
	readonly headers?: Readonly<Record<string, string | readonly string[]>>;
	readonly userAgent?: string;
	/** Accept any certificate (curl's --insecure). */
	readonly insecure?: boolean;
	/** Extra trusted certificate authorities, PEM text, on top of Node's default ones. */
	readonly ca?: string;
};

export const defaultUserAgent = downloadDefaults.userAgent;

/** The codings both transports decode, in got's order (it asks for zstd where this Node has it). */
const acceptEncoding = ['gzip', 'deflate', 'br', ...(typeof process.versions.zstd === 'string' ? ['zstd'] : [])].join(', ');

/** Any of the variables proxy-from-env reads, so a run without them keeps the direct path untouched. */
function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
	return ['http_proxy', 'https_proxy', 'all_proxy'].some(name => Boolean(env[name] ?? env[name.toUpperCase()]));
}

/**
 * One client per run, sized to the run's slots: Node's default agent would cap sockets per host
 * (pitfalls: maxSockets silently limits parallelism) and a shared pool would let one strategy
 * inherit the other's warm connections.
 *
 * With HTTP_PROXY / HTTPS_PROXY / ALL_PROXY set (either case), URLs that NO_PROXY does not exempt go
 * through a proxy agent with the same keep-alive and socket limits: plain http as absolute-form
 * requests, https through a CONNECT tunnel. The choice is made per URL and again on every redirect,
 * as curl does.
 *
 * `transport` (default 'got'): the main thread keeps got; worker threads use 'node'
 * (transport/node.ts), a request over node:http with the same redirects, errors, length check,
 * decoding, proxies, TLS options and headers, because a worker starts far sooner without got:
 * loading got and what it pulls in (http2, zlib, https, tls) was most of a bundled worker's start-up:
 * 10 threads were ready in 2.4-2.8x the time of 10 empty workers with got, 1.34-1.50x on this
 * transport (2 cores, noisy, five runs; source/executors/index.ts). Per image it is no slower (readme,
 * Worker start-up).
 */
export function createHttpClient(options: {slots: number; keepAlive: boolean; dnsLookup?: LookupFunction; http?: HttpOptions; transport?: TransportName}): HttpClient {
	const user = options.http ?? {};
	const setup: TransportSetup = {
		agentOptions: {
			keepAlive: options.keepAlive,
			maxSockets: options.slots,
			maxFreeSockets: options.slots,
			scheduling: 'lifo',
		},
		headers: {'user-agent': user.userAgent ?? defaultUserAgent, accept: 'image/*,*/*;q=0.8', 'accept-encoding': acceptEncoding, ...lowerCaseNames(user.headers ?? {})},
		...(user.insecure || user.ca !== undefined ? {tls: {rejectUnauthorized: !user.insecure, ...(user.ca === undefined ? {} : {ca: [...defaultCertificates(), user.ca]})}} : {}),
		...(options.dnsLookup ? {dnsLookup: options.dnsLookup} : {}),
		useProxies: proxyConfigured(process.env),
	};
	const transport: Transport = options.transport === 'node' ? createNodeTransport(setup) : createGotTransport(setup);
	return {request: transport.request, destroy: transport.destroy};
}

/** Header names are case-insensitive: lower-cased, `-H 'User-Agent: x'` replaces the default one. */
function lowerCaseNames(headers: Readonly<Record<string, string | readonly string[]>>): Record<string, string | string[]> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), typeof value === 'string' ? value : [...value]]));
}

/**
 * The authorities Node trusts by default (NODE_EXTRA_CA_CERTS included where Node can say so):
 * a `ca` option replaces them, and --cacert adds to them.
 */
function defaultCertificates(): readonly string[] {
	const tls = tlsModule();
	// getCACertificates came in Node 22.15; earlier ones only have the bundled list.
	return typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : tls.rootCertificates;
}
