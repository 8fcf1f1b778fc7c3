import type http from 'node:http';
import type https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type {AgentConnectOpts} from 'agent-base';
import {HttpProxyAgent} from 'http-proxy-agent';
import {HttpsProxyAgent} from 'https-proxy-agent';

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
