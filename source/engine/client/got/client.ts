import type {ClientRequest, IncomingMessage} from 'node:http';
import type {Socket} from 'node:net';
import {create, Options, type Got, type Request} from 'got';
import {getProxyForUrl} from 'proxy-from-env';
import {maxRedirects, responseHeadLimit, type ClientOptions, type Exchange, type HttpClient, type RequestMarks, type Transfer} from '../contract.js';
import {proxyConfigured, proxyFor, requestHeaders, tlsOptions} from '../request-options.js';
import {AgentPool, type AgentPair} from './agent-pool.js';
import {gotError} from './errors.js';
import type {proxyAgents as ProxyAgents} from './proxy-agents.js';
import {abandonTunnel} from './tunnels.js';

/**
 * The design card's client. One got instance per agent pair, made once per run: nothing is merged per
 * request. Retries, status codes, content codings and timeouts are the download core's, so got is told
 * to do none of them (`retry: {limit: 0}`, `throwHttpErrors: false`, `decompress: false`, no timeout);
 * it follows redirects and keeps got 16's strict Content-Length check. A retried got stream would replay
 * the body into the same pipe, another reason the retries are imgrace's.
 */
export async function createGotClient(options: ClientOptions): Promise<HttpClient> {
	const {settings} = options;
	const pool = new AgentPool({keepAlive: options.keepAlive, maxSockets: options.slots, maxFreeSockets: options.slots, scheduling: 'lifo'});
	// The proxy agents (and agent-base, debug, supports-color under them) only where a proxy is set: a
	// worker's start-up is most of what a threads race of a few images costs (docs/performance.md, section 6).
	const proxyAgents: typeof ProxyAgents | undefined = proxyConfigured() ? (await import('./proxy-agents.js')).proxyAgents : undefined;
	const agentsFor = (url: string | URL): AgentPair => {
		// proxy-from-env says whether the URL goes through a proxy (NO_PROXY); proxyFor which one.
		const proxy = proxyAgents && getProxyForUrl(url) !== '' ? proxyFor(new URL(url).protocol === 'https:' ? 'https' : 'http') : undefined;
		return proxy === undefined || !proxyAgents ? pool.directFor(url) : pool.viaProxy(proxy, proxyAgents);
	};

	const tls = tlsOptions(settings);
	const base = create({handlers: [], mutableDefaults: false, options: new Options(undefined, {
		retry: {limit: 0},
		throwHttpErrors: false,
		decompress: false,
		followRedirect: true,
		maxRedirects,
		maxHeaderSize: responseHeadLimit,
		cache: false,
		http2: false,
		...(options.lookup ? {dnsLookup: options.lookup} : {}),
		// Without keep-alive, Node's agent still hands a freed socket to a request queued for it (its
		// sockets are capped): "Connection: close" ends each one with its response, as undici's reset does.
		headers: {...requestHeaders(settings), ...(options.keepAlive ? {} : {connection: 'close'})},
		// Given to got (not the agents) so they reach Node's TLS for direct and tunnelled connections alike.
		...(tls ? {https: {rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? {certificateAuthority: tls.ca} : {})}} : {}),
		// A redirect may leave for another scheme or proxy: its agents are chosen again, as curl does.
		hooks: {beforeRedirect: [updated => {
			updated.agent = agentsFor(updated.url!);
		}]},
	})});
	// One got instance per agent pair, made the first time it is needed: choosing the agents per URL
	// must not cost an options merge per request.
	const clients = new Map<AgentPair, Got>();
	const clientFor = (url: string): Got => {
		const agents = agentsFor(url);
		let chosen = clients.get(agents);
		if (!chosen) {
			chosen = base.extend({agent: agents});
			clients.set(agents, chosen);
		}

		return chosen;
	};

	return {
		name: 'got',
		get: (url, exchange) => new GotTransfer(clientFor(url).stream(url), exchange),
		close() {
			pool.destroy();
		},
	};
}

/**
 * Node's HTTP parser hands the reason phrase over as Latin-1, a character a byte; undici reads it as
 * UTF-8. Read as undici does, so a server's "404 Não encontrado" is the same words on both clients.
 */
function reasonPhrase(message: string | undefined): string | undefined {
	// eslint-disable-next-line no-control-regex
	return message === undefined || /^[\u0000-\u007F]*$/.test(message) ? message : Buffer.from(message, 'latin1').toString('utf8');
}

/**
 * One got stream, told to the exchange. got's own timings use Date.now(), so the marks are taken here
 * with performance.now() from the first ClientRequest and its socket: for a redirected image, the first
 * request's socket and connection, and the final response's head.
 */
class GotTransfer implements Transfer {
	private over = false;
	private requests = 0;
	/** The chain's latest request, whose proxy tunnel an abort must end too (tunnels.ts). */
	private request: ClientRequest | undefined;
	private socketAt = 0;
	private connect: {startedAt: number; endedAt: number} | undefined;
	private sentAt = 0;
	/** The final response, once its head came: with decompress off, Node's own IncomingMessage. */
	private response: {readonly readableLength: number} | undefined;

	constructor(private readonly stream: Request, private readonly exchange: Exchange) {
		stream.on('request', this.onRequest);
		stream.on('redirect', () => {
			if (!this.over) {
				this.exchange.redirected();
			}
		});
		stream.once('response', (response: IncomingMessage) => {
			this.response = response;
			if (!this.over) {
				this.exchange.head({status: response.statusCode!, statusText: reasonPhrase(response.statusMessage), headers: response.headers}, this.marks());
			}
		});
		stream.on('data', (chunk: Uint8Array) => {
			if (!this.over) {
				this.exchange.data(chunk);
			}
		});
		stream.once('end', () => {
			if (!this.over) {
				this.over = true;
				this.exchange.end();
			}
		});
		stream.once('error', (error: unknown) => {
			if (!this.over) {
				this.over = true;
				this.exchange.fail(gotError(error, this.response !== undefined));
			}
		});
	}

	pause(): void {
		this.stream.pause();
	}

	resume(): void {
		this.stream.resume();
	}

	buffered(): number {
		// What Node's parser pushed into the response that got has not read yet, and what got pushed on
		// that its reader has not taken: a destroyed stream still counts what it held.
		return this.stream.readableLength + (this.response?.readableLength ?? 0);
	}

	abort(): void {
		this.over = true;
		this.stream.destroy();
		abandonTunnel(this.request);
	}

	private markSocket(socket: Socket & {encrypted?: boolean}, reused: boolean): void {
		this.socketAt = performance.now();
		if (!reused && socket.connecting) {
			// The socket was made in the same turn as the request: its connect starts now, within a tick.
			const startedAt = this.socketAt;
			socket.once(socket.encrypted ? 'secureConnect' : 'connect', () => {
				this.connect = {startedAt, endedAt: performance.now()};
				this.socketAt = this.connect.endedAt;
			});
		}
	}

	private marks(): RequestMarks {
		const now = performance.now();
		const socketAt = this.socketAt || now;
		return {socketAt, connect: this.connect, sentAt: Math.max(socketAt, this.sentAt || now)};
	}

	/** Each request of the chain, a redirect's too: the marks are the first's, the idle watch follows every one. */
	private readonly onRequest = (request: ClientRequest) => {
		const first = this.requests++ === 0;
		this.request = request;
		request.once('socket', (socket: Socket & {encrypted?: boolean}) => {
			const reused = request.reusedSocket;
			if (first) {
				this.markSocket(socket, reused);
			}

			if (!this.over) {
				this.exchange.socket(socket, reused);
			}
		});
		request.once('finish', () => {
			this.sentAt ||= performance.now();
		});
	};
}
