import type {Socket} from 'node:net';
import type {buildConnector as BuildConnector, Dispatcher} from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import buildConnector from 'undici/lib/core/connect.js';
import Pool from 'undici/lib/dispatcher/pool.js';
import symbols from 'undici/lib/core/symbols.js';
import {DownloadError} from '../../errors.js';
import {responseHeadLimit, type ClientOptions, type Exchange, type HttpClient, type RequestMarks, type Transfer} from '../contract.js';
import {proxyConfigured, proxyFor, requestHeaders, tlsOptions} from '../request-options.js';
import {nextHop} from './redirects.js';
import {cancellableTunnel, type PendingConnect} from './connects.js';
import {claimNextSocket, connectTimes, watchSockets, type SocketWatcher} from './sockets.js';
import {undiciError, type Stage} from './errors.js';
import {watchRefusals} from './refusals.js';
import {enableTunnels} from './tunnel.js';

/**
 * Node's own fetch engine, through its lowest-cost API: `dispatch` with a handler, which calls back
 * with each chunk as it is parsed (no stream, no promise per request; stream() and request() are built
 * on it). Loaded by path, not through undici's index (types/undici-parts.d.ts). One Agent per run, its
 * connections capped at the run's slots (undici's default is unlimited). Its own timeouts are off: the
 * download core's idle timer and --max-time decide, as they do for got. It follows redirects with got's
 * rules (redirects.ts), so both clients fail a redirect the same way.
 */
export async function createUndiciClient(options: ClientOptions): Promise<HttpClient> {
	watchSockets();
	const tls = tlsOptions(options.settings);
	const connectOptions = {
		...tls,
		...(options.lookup ? {lookup: options.lookup} : {}),
		// The download core's idle timeout (--timeout) bounds a connect, as it does for got.
		timeout: 0,
		// HTTP/1.1 only, as got (http2: false): undici offers h2 in its TLS handshake by default, so a race
		// against an h2 server would have raced two protocols, and the worker files carry no HTTP/2 client
		// (scripts/bundle-workers.mjs). It also made the first https connection a probe that held back
		// every other connection to the origin until it was done.
		allowH2: false,
	} as BuildConnector.BuildOptions;
	const limits = {connections: options.slots, headersTimeout: 0, bodyTimeout: 0, allowH2: false, maxHeaderSize: responseHeadLimit};
	// Through a proxy the connection is undici's tunnel, not a connector of imgrace's: its connect is
	// counted as set-up (the phases say a connection was made, not how long it took).
	const proxied = proxyConfigured();
	if (proxied) {
		enableTunnels();
	}

	// undici makes a plain-http proxy's pool with its connect options alone, so it has no cap: a run 1
	// wide held 2 connections to the proxy. Every pool made here gets the run's slots.
	// Connects under way: the Agent's destroy() leaves them be, and one stalled (a TLS handshake never
	// answered) kept the process alive after the run.
	const connecting = new Set<PendingConnect>();
	// Each pool's connects are made cancellable too (connects.ts), as the direct Agent's are.
	const capped = (origin: string | URL, pool: Pool.Options) => new Pool(origin, {
		...pool,
		connections: options.slots,
		...(typeof pool.connect === 'function' ? {connect: cancellableTunnel(pool.connect as never, connecting) as never} : {}),
	});
	// undici's proxy agents (and its SOCKS client under them) only where a proxy is set, as got's.
	const EnvHttpProxyAgent = proxied ? (await import('undici/lib/dispatcher/env-http-proxy-agent.js')).default : undefined;
	const dispatcher: Dispatcher = EnvHttpProxyAgent
		? new EnvHttpProxyAgent({...limits, httpProxy: proxyFor('http'), httpsProxy: proxyFor('https'), connect: connectOptions, factory: capped, ...(tls ? {requestTls: tls} : {})})
		: new Agent({...limits, connect: connectTimes(buildConnector(connectOptions), connecting)});
	const headers = requestHeaders(options.settings);
	return {
		name: 'undici',
		get: (url, exchange) => new UndiciTransfer(dispatcher, headers, !options.keepAlive, url, exchange),
		close() {
			void dispatcher.destroy().catch(() => undefined);
			for (const attempt of connecting) {
				attempt.destroy(new Error('client closed'));
			}
		},
	};
}

const aborted = () => DownloadError.aborted();

/** One GET and its redirects, as undici's handler: each callback is told to the exchange. */
class UndiciTransfer implements Transfer, Dispatcher.DispatchHandler, SocketWatcher {
	private controller: Dispatcher.DispatchController | undefined;
	private over = false;
	private hops = 0;
	private stage: Stage = 'waiting';
	/** Set while a redirect's response is read to its end, before the next hop is sent. */
	private redirectTo: URL | undefined;
	private url: URL;
	private headers: Record<string, string | string[]>;
	private socketAt = 0;
	private connect: RequestMarks['connect'];
	private sentAt = 0;
	/**
	 * How undici takes this request back while it still waits for its connection (no controller yet): it
	 * leaves the queue, and the connect made for it alone is cancelled, so a retry gets a fresh one.
	 */
	private dequeue: ((reason: Error) => void) | undefined;

	constructor(private readonly dispatcher: Dispatcher, headers: Record<string, string | string[]>, private readonly closeAfter: boolean, url: string, private readonly exchange: Exchange) {
		this.headers = headers;
		try {
			this.url = new URL(url);
		} catch (error) {
			this.url = new URL('http://invalid.invalid/');
			this.over = true;
			queueMicrotask(() => {
				exchange.fail(DownloadError.connection('invalid URL', error));
			});
			return;
		}

		this.send();
	}

	pause(): void {
		this.controller?.pause();
	}

	resume(): void {
		this.controller?.resume();
	}

	buffered(): number {
		// undici holds nothing back: paused, its parser leaves the bytes on the socket unread, and a socket
		// that ends is parsed to its last byte (client-h1.js finish) before the request is failed.
		return 0;
	}

	abort(): void {
		this.over = true;
		if (this.controller) {
			this.controller.abort(aborted());
		} else {
			this.dequeue?.(aborted());
		}
	}

	onRequestStart(controller: Dispatcher.DispatchController): void {
		this.controller = controller;
		this.dequeue = undefined;
		if (this.over) {
			controller.abort(aborted());
			return;
		}

		claimNextSocket(this);
	}

	/** The socket this request was written to (sockets.ts tells it, right after onRequestStart). */
	onSocket(socket: Socket, reused: boolean, connect: RequestMarks['connect']): void {
		if (this.hops === 0) {
			this.socketAt = performance.now();
			this.connect = connect;
		}

		if (!reused) {
			watchRefusals(socket);
		}

		if (!this.over) {
			this.exchange.socket(socket, reused);
		}
	}

	onRequestSent(): void {
		this.sentAt ||= performance.now();
	}

	onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>, statusText?: string): void {
		if (this.over || status < 200) {
			return;
		}

		const hop = nextHop(status, headers['location'], this.url, this.hops);
		if (hop instanceof DownloadError) {
			this.fail(hop);
			return;
		}

		if (hop) {
			this.stage = 'redirect';
			this.redirectTo = hop.url;
			this.headers = hop.crossOrigin ? withoutCredentials(this.headers) : this.headers;
			this.exchange.redirected();
			return;
		}

		this.stage = 'body';
		const now = performance.now();
		const socketAt = this.socketAt || now;
		this.exchange.head({status, statusText, headers}, {socketAt, connect: this.connect, sentAt: Math.max(socketAt, this.sentAt || now)});
	}

	onResponseData(_controller: Dispatcher.DispatchController, chunk: Uint8Array): void {
		// A redirect's own body is read and dropped, so its connection can carry the next hop.
		if (!this.over && this.redirectTo === undefined) {
			this.exchange.data(chunk);
		}
	}

	onResponseEnd(): void {
		if (this.over) {
			return;
		}

		if (this.redirectTo !== undefined) {
			this.url = this.redirectTo;
			this.redirectTo = undefined;
			this.hops++;
			this.send();
			return;
		}

		this.over = true;
		this.exchange.end();
	}

	onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
		this.fail(undiciError(error, this.stage));
	}

	private fail(error: DownloadError): void {
		if (!this.over) {
			this.over = true;
			this.controller?.abort(error);
			this.exchange.fail(error);
		}
	}

	private send(): void {
		this.stage = 'waiting';
		// A redirect's next hop waits for its own connection: the last hop's controller can no longer stop it.
		this.controller = undefined;
		const {url} = this;
		const credentials = url.username || url.password ? basicAuthorization(url) : undefined;
		try {
			this.dispatcher.dispatch({
				origin: url.origin,
				path: `${url.pathname}${url.search}`,
				method: 'GET',
				headers: credentials && this.headers['authorization'] === undefined ? {...this.headers, authorization: credentials} : this.headers,
				reset: this.closeAfter,
				// Called by the pool and again by its client as the request is queued at each: the last one holds it.
				[symbols.kQueuedAbort]: (dequeue: (reason: Error) => void) => {
					this.dequeue = dequeue;
				},
			} as Dispatcher.DispatchOptions, this);
		} catch (error) {
			this.fail(undiciError(error, 'waiting'));
		}
	}
}

/** What got strips when a redirect leaves the origin, so -H credentials never reach another site. */
const crossOriginHeaders = new Set(['host', 'cookie', 'cookie2', 'authorization', 'proxy-authorization']);

function withoutCredentials(headers: Record<string, string | string[]>): Record<string, string | string[]> {
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !crossOriginHeaders.has(name)));
}

/** user:password in the URL, sent as got sends it: Basic authorization. */
function basicAuthorization(url: URL): string {
	return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
}
