import got, {type Got} from 'got';
import {getProxyForUrl} from 'proxy-from-env';
import {AgentPool, type AgentPair} from './agent-pool.js';
import {maxRedirects, type Transport, type TransportSetup} from './contract.js';
import {proxyAgents} from './proxy-agents.js';

/**
 * Requests through got: one got instance per agent pair, made once. Retries are ours, not got's,
 * because a retried got stream replays the body into the same pipe. (got 16's `enforceRetryRules`
 * has nothing to act on: `limit: 0`, and a got stream retries only with a 'retry' listener, which
 * imgrace never adds.) got 16's `stream(url)` sets `isStream` on the request's options without
 * merging any. Nothing else is tuned per request: passing Node only the options that have a value
 * (got's public `request` option), `decompress: false` and empty retry lists measured no gain
 * (+1 ± 7 µs and +8 ± 11 µs CPU per request against ~420, 40 interleaved batches of 1,000; readme,
 * Performance).
 *
 * Kept for the main thread; the worker bundle replaces this module with a stub
 * (scripts/bundle-workers.mjs), so got is not in it.
 */
export function createGotTransport(setup: TransportSetup): Transport {
	const pool = new AgentPool(setup.agentOptions);
	const direct = pool.directPair();
	const agentsFor = (url: string | URL): AgentPair => {
		const proxy = getProxyForUrl(url);
		return proxy === '' ? direct : pool.viaProxy(proxy, proxyAgents);
	};

	const {tls} = setup;
	const client = got.extend({
		agent: direct,
		retry: {limit: 0},
		throwHttpErrors: true,
		followRedirect: true,
		maxRedirects,
		cache: false,
		http2: false,
		...(setup.dnsLookup ? {dnsLookup: setup.dnsLookup} : {}),
		headers: setup.headers,
		// Given to got (not the agents) so they reach Node's TLS for direct and tunnelled connections alike.
		...(tls ? {https: {rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? {certificateAuthority: [...tls.ca]} : {})}} : {}),
		...(setup.useProxies
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
	// The per-URL choice must not cost an options merge.
	const clients = new Map<AgentPair, Got>([[direct, client]]);
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
		request: setup.useProxies ? url => clientFor(url).stream(url) : url => client.stream(url),
		destroy() {
			pool.destroy();
		},
	};
}
