import {EventEmitter} from 'node:events';
import http, {type ClientRequest, type IncomingHttpHeaders, type IncomingMessage} from 'node:http';
import type {Readable} from 'node:stream';
import {getProxyForUrl} from 'proxy-from-env';
import {AgentPool, type AgentPair} from './agent-pool.js';
import {maxRedirects, type Transport, type TransportRequest, type TransportSetup} from './contract.js';
import {codingsToUndo, decodedBody} from './decode.js';
import {httpsModule} from './lazy-builtins.js';
import {TransportError, type ErrorResponse} from './transport-error.js';

/** got's redirect statuses: anything else in 3xx (but 304) is an HTTP status error. */
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** What got strips when a redirect leaves the origin, so -H credentials never reach another site. */
const crossOriginHeaders = ['host', 'cookie', 'cookie2', 'authorization', 'proxy-authorization'];

type ProxyAgentsModule = typeof import('./proxy-agents.js');

/**
 * Requests over node:http / node:https with got's meaning (what the worker threads use; see
 * http-client.ts for why): the same redirects, the same errors (codes classify-error.ts reads),
 * Content-Length checked strictly, gzip/deflate/br/zstd decoded, the same proxy choice per URL and
 * redirect. https, tls and zlib are loaded on first use, the proxy agents only with a proxy set.
 */
export function createNodeTransport(setup: TransportSetup): Transport {
	const pool = new AgentPool(setup.agentOptions);
	let proxyModule: Promise<ProxyAgentsModule> | undefined;
	const agentFor = (url: URL): http.Agent | Promise<http.Agent> => {
		const secure = url.protocol === 'https:';
		const proxy = setup.useProxies ? getProxyForUrl(url.href) : '';
		if (proxy === '') {
			return pool.direct(secure);
		}

		proxyModule ??= import('./proxy-agents.js');
		return proxyModule.then(({proxyAgents}) => {
			const agents: AgentPair = pool.viaProxy(proxy, proxyAgents);
			return secure ? agents.https : agents.http;
		});
	};

	return {
		request: url => new NodeRequest(setup, agentFor, url),
		destroy() {
			pool.destroy();
		},
	};
}

/** One GET and its redirects; emits what contract.ts's TransportRequest describes. */
class NodeRequest extends EventEmitter implements TransportRequest {
	private current: ClientRequest | undefined;
	private body: Readable | undefined;
	private headers: Record<string, string | string[]>;
	private redirects = 0;
	private paused = false;
	private over = false;

	constructor(private readonly setup: TransportSetup, private readonly agentFor: (url: URL) => http.Agent | Promise<http.Agent>, url: string) {
		super();
		this.headers = {...setup.headers};
		// Sent on the next tick, as got does, so the caller's listeners are on before 'request'.
		process.nextTick(() => {
			try {
				this.send(new URL(url));
			} catch (error) {
				this.fail(error as Error);
			}
		});
	}

	destroy(error?: Error): this {
		this.end(error);
		return this;
	}

	pause(): this {
		this.paused = true;
		this.body?.pause();
		return this;
	}

	resume(): this {
		this.paused = false;
		this.body?.resume();
		return this;
	}

	private send(url: URL): void {
		const agent = this.agentFor(url);
		if (agent instanceof Promise) {
			agent.then(chosen => {
				this.open(url, chosen);
			}, this.fail);
		} else {
			this.open(url, agent);
		}
	}

	private open(url: URL, agent: http.Agent): void {
		if (this.over) {
			return;
		}

		const secure = url.protocol === 'https:';
		const {tls, dnsLookup} = this.setup;
		const request = (secure ? httpsModule() : http).request(url, {
			agent,
			headers: this.headers,
			...(dnsLookup ? {lookup: dnsLookup} : {}),
			...(secure && tls ? {rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? {ca: [...tls.ca]} : {})} : {}),
		});
		this.current = request;
		let answered = false;
		// Kept on: a request a redirect replaced, or one already failed, may still report its socket's end.
		// Once a response has begun, its own events say how the body ended (as got decides): a reset
		// mid-body is a short body where a length was announced. A microtask lets a response that is
		// already parsed arrive first.
		request.on('error', error => {
			queueMicrotask(() => {
				if (request === this.current && !answered) {
					this.fail(error);
				}
			});
		});
		request.once('response', response => {
			answered = true;
			this.onResponse(request, response, url);
		});
		this.emit('request', request);
		request.end();
	}

	private onResponse(request: ClientRequest, response: IncomingMessage, url: URL): void {
		if (this.over || request !== this.current) {
			response.destroy();
			return;
		}

		const status = response.statusCode ?? 0;
		const location = first(response.headers.location);
		if (location !== undefined && location !== '' && redirectStatuses.has(status)) {
			this.redirect(response, url, location);
		} else if ((status >= 200 && status <= 299) || status === 304) {
			this.receive(response, status);
		} else {
			this.fail(new TransportError('ERR_NON_2XX_3XX_RESPONSE', `Response code ${status} (${head(response).statusMessage})`, {response: head(response)}));
		}
	}

	private redirect(response: IncomingMessage, url: URL, location: string): void {
		// Drained, not destroyed: the connection stays usable for the next request.
		response.resume();
		const failed = (code: string, message: string, cause?: unknown) => {
			this.fail(new TransportError(code, message, {response: head(response), cause}));
		};

		if (this.redirects >= maxRedirects) {
			failed('ERR_TOO_MANY_REDIRECTS', `Redirected ${maxRedirects} times. Aborting.`);
			return;
		}

		let next: URL;
		try {
			// As got reads it: the header's bytes as UTF-8.
			next = new URL(Buffer.from(location, 'binary').toString(), url);
		} catch (error) {
			failed('ERR_INVALID_URL', (error as Error).message, error);
			return;
		}

		if (next.protocol !== 'http:' && next.protocol !== 'https:') {
			failed('ERR_UNSUPPORTED_PROTOCOL', `Unsupported protocol: ${next.protocol}`);
			return;
		}

		if (next.origin === url.origin) {
			next.username = url.username;
			next.password = url.password;
		} else {
			this.headers = Object.fromEntries(Object.entries(this.headers).filter(([name]) => !crossOriginHeaders.includes(name)));
			next.username = '';
			next.password = '';
		}

		this.redirects++;
		this.send(next);
	}

	private receive(response: IncomingMessage, status: number): void {
		const hasBody = status !== 204 && status !== 205 && status !== 304;
		const codings = hasBody ? codingsToUndo(response.headers['content-encoding']) : [];
		const decoded = codings.length > 0;
		const length = Number(response.headers['content-length']);
		// got's strictContentLength: the bytes on the wire (before decoding) must be what was announced.
		const expected = hasBody && !Number.isNaN(length) && length >= 0 ? length : undefined;
		let onWire = 0;
		let delivered = 0;
		const mismatch = (): boolean => {
			const actual = decoded ? onWire : delivered;
			if (expected === undefined || actual === expected) {
				return false;
			}

			// got's progress counts decoded bytes, against a length only where nothing was decoded.
			const progress = {transferred: delivered, total: decoded ? undefined : expected};
			this.fail(new TransportError('ERR_HTTP_CONTENT_LENGTH_MISMATCH', `Content-Length mismatch: expected ${expected} bytes, received ${actual} bytes`, {response: head(response), progress}, 'ReadError'));
			return true;
		};

		const broken = (error?: Error & {code?: string}) => {
			// Without a length, the server closing the connection is how the body ends (RFC 9110 §8.6).
			if (expected === undefined && response.complete && (error === undefined || (!decoded && error.code === 'ECONNRESET'))) {
				return;
			}

			if (!mismatch()) {
				this.fail(error
					? new TransportError(error.code ?? 'ERR_READING_RESPONSE_STREAM', error.message, {response: head(response), cause: error}, 'ReadError')
					: new TransportError('ECONNRESET', 'The server aborted pending request', {response: head(response)}, 'ReadError'));
			}
		};

		response.once('aborted', () => {
			broken();
		});
		response.on('error', broken);
		const body = decoded
			? decodedBody(response, codings, error => {
				this.fail(new TransportError('ERR_READING_RESPONSE_STREAM', error.message, {response: head(response), cause: error}, 'ReadError'));
			})
			: response;
		this.body = body;
		this.emit('response', decoded ? {statusCode: status, headers: withoutCodingHeaders(response.headers)} : response);
		if (this.over) {
			return;
		}

		if (decoded) {
			response.on('data', (chunk: Uint8Array) => {
				onWire += chunk.length;
			});
		}

		body.on('data', (chunk: Uint8Array) => {
			if (!this.over) {
				delivered += chunk.length;
				this.emit('data', chunk);
			}
		});
		body.once('end', () => {
			if (!this.over && !mismatch()) {
				this.over = true;
				this.emit('end');
				this.emit('close');
			}
		});
		if (this.paused) {
			body.pause();
		}
	}

	private readonly fail = (error: Error) => {
		this.end(error);
	};

	/** The request is over: its sockets are let go, and 'error' (if any) and 'close' follow on the next tick. */
	private end(error?: Error): void {
		if (this.over) {
			return;
		}

		this.over = true;
		this.body?.destroy();
		this.current?.destroy();
		process.nextTick(() => {
			if (error) {
				this.emit('error', error);
			}

			this.emit('close');
		});
	}
}

function first(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** What an error keeps of a response, as got's did: status, its text, headers (Retry-After, Location). */
function head(response: IncomingMessage): ErrorResponse {
	const statusCode = response.statusCode ?? 0;
	return {statusCode, statusMessage: response.statusMessage || http.STATUS_CODES[statusCode], headers: response.headers, rawHeaders: response.rawHeaders};
}

/** A decoded body's length and coding are no longer the ones announced (got drops both too). */
function withoutCodingHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
	const {'content-encoding': _coding, 'content-length': _length, ...rest} = headers;
	return rest;
}
