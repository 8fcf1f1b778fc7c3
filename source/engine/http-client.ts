import http from 'node:http';
import https from 'node:https';
import net, {type LookupFunction} from 'node:net';
import tls from 'node:tls';
import got, {type Got, type Request} from 'got';
import {HttpProxyAgent} from 'http-proxy-agent';
import {HttpsProxyAgent} from 'https-proxy-agent';
import type {AgentConnectOpts} from 'agent-base';
import {getProxyForUrl} from 'proxy-from-env';
import {downloadDefaults} from '../defaults.js';

export type HttpClient = {
	readonly got: Got;
	/**
	 * Starts a GET of `url` as a got stream. got 16's `stream(url)` sets `isStream` on the request's
	 * options without merging any (got 14 needed an `extend({isStream: true})` instance for that).
	 * Nothing else is tuned per request: passing Node only the options that have a value (got's public
	 * `request` option), `decompress: false` and empty retry lists measured no gain (+1 ± 7 µs and
	 * +8 ± 11 µs CPU per request against ~420, 40 interleaved batches of 1,000; readme, Performance).
	 */
	readonly request: (url: string) => Request;
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

type Agents = {http: http.Agent; https: https.Agent};

/** Any of the variables proxy-from-env reads, so a run without them keeps the direct path untouched. */
function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
	return ['http_proxy', 'https_proxy', 'all_proxy'].some(name => Boolean(env[name] ?? env[name.toUpperCase()]));
}

/**
 * One got instance and one agent pair per run, sized to the run's slots: Node's default agent would
 * cap sockets per host (pitfalls: maxSockets silently limits parallelism) and a shared pool would let
 * one strategy inherit the other's warm connections. Retries are ours, not got's, because a retried
 * got stream replays the body into the same pipe. (got 16's `enforceRetryRules` has nothing to act
 * on: `limit: 0`, and a got stream retries only with a 'retry' listener, which imgrace never adds.)
 *
 * With HTTP_PROXY / HTTPS_PROXY / ALL_PROXY set (either case), URLs that NO_PROXY does not exempt go
 * through a proxy agent with the same keep-alive and socket limits: plain http as absolute-form
 * requests (what every forwarding proxy understands), https through a CONNECT tunnel. The choice is
 * made per URL and again on every redirect, as curl does.
 */
export function createHttpClient(options: {slots: number; keepAlive: boolean; dnsLookup?: LookupFunction; http?: HttpOptions}): HttpClient {
	const agentOptions: http.AgentOptions = {
		keepAlive: options.keepAlive,
		maxSockets: options.slots,
		maxFreeSockets: options.slots,
		scheduling: 'lifo',
	};
	const direct: Agents = {http: new http.Agent(agentOptions), https: new https.Agent(agentOptions)};
	const user = options.http ?? {};
	const headers = {'user-agent': user.userAgent ?? defaultUserAgent, accept: 'image/*,*/*;q=0.8', ...lowerCaseNames(user.headers ?? {})};
	// Given to got (not the agents) so they reach Node's TLS for direct and tunnelled connections alike.
	const tlsOptions = user.insecure || user.ca !== undefined
		? {https: {rejectUnauthorized: !user.insecure, ...(user.ca === undefined ? {} : {certificateAuthority: [...defaultCertificates(), user.ca]})}}
		: {};
	const proxied = new Map<string, Agents>();
	const agentsFor = (url: string | URL): Agents => {
		const proxy = getProxyForUrl(url);
		if (proxy === '') {
			return direct;
		}

		let agents = proxied.get(proxy);
		if (!agents) {
			agents = {http: new HttpProxyAgent(proxy, agentOptions), https: new TunnelAgent(proxy, agentOptions)};
			proxied.set(proxy, agents);
		}

		return agents;
	};

	const useProxies = proxyConfigured(process.env);
	const client = got.extend({
		agent: direct,
		retry: {limit: 0},
		throwHttpErrors: true,
		followRedirect: true,
		maxRedirects: 10,
		cache: false,
		http2: false,
		...(options.dnsLookup ? {dnsLookup: options.dnsLookup} : {}),
		headers,
		...tlsOptions,
		...(useProxies
			? {
				hooks: {
					beforeRedirect: [
						updated => {
							updated.agent = agentsFor(updated.url!);
						},
					],
				},
			}
			: {}),
	});
	// One got instance per agent pair, made once: the per-URL choice must not cost an options merge.
	const clients = new Map<Agents, Got>([[direct, client]]);
	const clientFor = (url: string): Got => {
		const agents = agentsFor(url);
		let chosen = clients.get(agents);
		if (!chosen) {
			chosen = client.extend({agent: agents});
			clients.set(agents, chosen);
		}

		return chosen;
	};

	return {
		got: client,
		request: useProxies ? url => clientFor(url).stream(url) : url => client.stream(url),
		destroy() {
			for (const agents of [direct, ...proxied.values()]) {
				agents.http.destroy();
				agents.https.destroy();
			}
		},
	};
}

/**
 * https-proxy-agent upgrades the tunnel with `tls.connect` minus the target's `host`, and sets no
 * servername for an IP address (TLS forbids one), so Node checks the certificate of
 * https://127.0.0.1/ against "localhost". The check is given the real host back.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
	override async connect(request: http.ClientRequest, options: AgentConnectOpts): Promise<net.Socket> {
		const {host} = options;
		if (!options.secureEndpoint || !host || !net.isIP(host)) {
			return super.connect(request, options);
		}

		// Node's request fills in tls.checkServerIdentity itself; whichever check is set gets the host.
		const check = (options as tls.ConnectionOptions).checkServerIdentity ?? tls.checkServerIdentity;
		return super.connect(request, {...options, checkServerIdentity: (_name: string, cert: tls.PeerCertificate) => check(host, cert)} as AgentConnectOpts);
	}
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
	// getCACertificates came in Node 22.15; earlier ones only have the bundled list.
	return typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : tls.rootCertificates;
}
