import {subscribe, unsubscribe} from 'node:diagnostics_channel';
import type http from 'node:http';
import type https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type {AgentConnectOpts} from 'agent-base';
import {HttpProxyAgent} from 'http-proxy-agent';
import {HttpsProxyAgent} from 'https-proxy-agent';
import {tunnelEnded, tunnelStarted} from './tunnels.js';

/**
 * The agents for one proxy, with the run's keep-alive and socket limits: plain http as absolute-form
 * requests (what every forwarding proxy understands), https through a CONNECT tunnel. Its own module,
 * imported only when a proxy is configured (got/client.ts).
 */
export function proxyAgents(proxy: string, options: http.AgentOptions): {http: http.Agent; https?: https.Agent} {
	return {http: new HttpProxyAgent(proxy, options), https: new TunnelAgent(proxy, options)};
}

/**
 * https-proxy-agent upgrades the tunnel with `tls.connect` minus the target's `host`, and sets no
 * servername for an IP address (TLS forbids one), so Node checks the certificate of
 * https://127.0.0.1/ against "localhost". The check is given the real host back. Each CONNECT's socket
 * is kept until the proxy answered, so that a request given up, or the agent destroyed, ends it
 * (tunnels.ts): https-proxy-agent would wait for an unanswered CONNECT for ever.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
	private readonly connecting = new Set<net.Socket>();

	override async connect(request: http.ClientRequest, options: AgentConnectOpts): Promise<net.Socket> {
		const {host} = options;
		if (!options.secureEndpoint || !host || !net.isIP(host)) {
			return this.tunnel(request, options);
		}

		// Node's request fills in tls.checkServerIdentity itself; whichever check is set gets the host.
		const check = (options as tls.ConnectionOptions).checkServerIdentity ?? tls.checkServerIdentity;
		return this.tunnel(request, {...options, checkServerIdentity: (_name: string, cert: tls.PeerCertificate) => check(host, cert)} as AgentConnectOpts);
	}

	override destroy(): void {
		for (const socket of this.connecting) {
			socket.destroy(new Error('agent destroyed'));
		}

		super.destroy();
	}

	/**
	 * https-proxy-agent's CONNECT, its socket caught as Node makes it: net.connect (and tls.connect, for an
	 * https proxy) publishes each new client socket on `net.client.socket`, and the agent makes its socket
	 * in connect()'s first synchronous step, before it awaits anything.
	 */
	private async tunnel(request: http.ClientRequest, options: AgentConnectOpts): Promise<net.Socket> {
		let socket: net.Socket | undefined;
		const take = (message: unknown) => {
			socket ??= (message as {socket: net.Socket}).socket;
		};

		subscribe('net.client.socket', take);
		let connected: Promise<net.Socket>;
		try {
			connected = super.connect(request, options);
		} finally {
			unsubscribe('net.client.socket', take);
		}

		if (socket) {
			this.connecting.add(socket);
			tunnelStarted(request, socket);
		}

		try {
			return await connected;
		} finally {
			if (socket) {
				this.connecting.delete(socket);
			}

			tunnelEnded(request);
		}
	}
}
