import http from 'node:http';
import type https from 'node:https';
import {httpsModule} from '../lazy-builtins.js';

export type AgentPair = {readonly http: http.Agent; readonly https?: https.Agent};

/**
 * The run's agents, one per scheme and per proxy, each made on first use with the same keep-alive
 * and socket limits. Made lazily so that a run (or a worker) that only ever asks for http:// URLs
 * never loads https and tls, which were half of a worker thread's start-up (source/executors/index.ts).
 */
export class AgentPool {
	private directHttp: http.Agent | undefined;
	private directHttps: https.Agent | undefined;
	private plainPair: AgentPair | undefined;
	private securePair: AgentPair | undefined;
	private readonly proxied = new Map<string, AgentPair>();

	constructor(private readonly options: http.AgentOptions) {}

	/** The agent for direct connections to an `https:` (secure) or `http:` URL. */
	direct(secure: boolean): http.Agent {
		return secure ? this.directSecure() : this.directPlain();
	}

	/**
	 * The direct agents for a request to `url`, for a client that is handed a pair (got): the https one
	 * only for an https URL, so that a race of http URLs never loads https and tls. The same pair object
	 * for the same scheme, so a client made per pair is made once.
	 */
	directFor(url: string | URL): AgentPair {
		if (String(url).startsWith('https:')) {
			this.securePair ??= {http: this.directPlain(), https: this.directSecure()};
			return this.securePair;
		}

		this.plainPair ??= {http: this.directPlain()};
		return this.plainPair;
	}

	/** The agents through `proxy`, made by `make` the first time this proxy comes up. */
	viaProxy(proxy: string, make: (proxy: string, options: http.AgentOptions) => AgentPair): AgentPair {
		let agents = this.proxied.get(proxy);
		if (!agents) {
			agents = make(proxy, this.options);
			this.proxied.set(proxy, agents);
		}

		return agents;
	}

	private directPlain(): http.Agent {
		this.directHttp ??= new http.Agent(this.options);
		return this.directHttp;
	}

	private directSecure(): https.Agent {
		this.directHttps ??= new (httpsModule().Agent)(this.options);
		return this.directHttps;
	}

	destroy(): void {
		this.directHttp?.destroy();
		this.directHttps?.destroy();
		for (const agents of this.proxied.values()) {
			agents.http.destroy();
			agents.https?.destroy();
		}
	}
}
