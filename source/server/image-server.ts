import {once} from 'node:events';
import http, {type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {serverDefaults} from '../defaults.js';
import {glyphs} from '../format/glyphs.js';
import {hasFailures, maxSize, parseFaults, type Failures, type Faults} from './faults.js';
import {imageAtSize, imagePool, poolSize, type ImageFormat, type PoolImage} from './image-pool.js';
import {formatForIndex} from './image-url.js';
import {SharedLink, sendPaced} from './pacing.js';

export {imageUrl} from './image-url.js';

export type ImageServerOptions = {
	/** 0 (default) = ephemeral. The host is always 127.0.0.1. */
	port?: number;
	/** Default 350: delay before the response headers, per request. */
	latencyMs?: number;
	/** Default 50: latency is uniform in [latency - jitter, latency + jitter], never < 0. */
	jitterMs?: number;
	/** Bytes/second per connection (decimal: 1 MB/s = 1_000_000). Default 1_000_000; 0 = unlimited. */
	bandwidth?: number;
	/** Bytes/second shared by all responses together. Default 0 = unlimited. */
	linkBandwidth?: number;
	/** Default 1: makes /image/<n> deterministic. */
	seed?: number;
	/** If set, every image body is exactly this many bytes (still a valid image). */
	imageBytes?: number;
};

export type ImageServer = {
	/** "http://127.0.0.1:PORT" (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly options: Required<Omit<ImageServerOptions, 'imageBytes'>> & {imageBytes: number | undefined};
	/** Requests received so far (all routes). */
	requestCount(): number;
	/** Connections currently open (for leak tests). */
	openConnections(): number;
	/** Connections accepted so far (for keep-alive tests). */
	connectionCount(): number;
	/** Closes the listener and destroys every open connection (stalled ones too); resolves when closed. */
	close(): Promise<void>;
};

type Settings = ImageServer['options'];

const defaults = serverDefaults;

const contentTypes: Record<ImageFormat, string> = {jpeg: 'image/jpeg', png: 'image/png'};

/** A pool image with its response headers built once, so the hot path allocates nothing per request. */
type Entry = {
	readonly image: PoolImage;
	readonly headers: OutgoingHttpHeaders;
	readonly randomHeaders: OutgoingHttpHeaders;
};

type Route = {readonly kind: 'image'; readonly format: ImageFormat; readonly index: number} | {readonly kind: 'random'};

const imagePath = /^\/image\/(\d{1,15})\.(jpe?g|png)$/;
const notAnImage = {
	html: Buffer.from('<!doctype html>\n<html><head><title>Welcome</title></head><body><h1>Hello from imgrace</h1><p>This is a web page, not an image.</p></body></html>\n'),
	text: Buffer.from('This is plain text, not an image.\n'),
} as const;
const emptyBody = Buffer.alloc(0);
const resetGraceMs = 50;
const noFailures: Failures = {};

export async function startImageServer(options: ImageServerOptions = {}): Promise<ImageServer> {
	const settings = resolveOptions(options);
	// Generated before listening, so the first request is as fast as any other.
	const pool = imagePool(settings.seed, settings.imageBytes);
	const entries: Record<ImageFormat, readonly Entry[]> = {jpeg: pool.jpeg.map(image => toEntry(image)), png: pool.png.map(image => toEntry(image))};
	const link = settings.linkBandwidth > 0 ? new SharedLink(settings.linkBandwidth) : undefined;
	/** Requests seen per exact URL, for failFirst. */
	const attempts = new Map<string, number>();
	const sockets = new Set<Socket>();
	let requests = 0;
	let connections = 0;

	const server = http.createServer((request, response) => {
		requests++;
		handle(request, response);
	});
	// Long enough for a sequential client to reuse its connection between downloads.
	server.keepAliveTimeout = 5000;
	server.on('connection', socket => {
		connections++;
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});

	function handle(request: IncomingMessage, response: ServerResponse): void {
		const url = request.url ?? '/';
		const queryStart = url.indexOf('?');
		const path = queryStart === -1 ? url : url.slice(0, queryStart);
		if (path === '/health') {
			sendText(response, 200, 'ok\n');
			return;
		}

		const route = matchRoute(path);
		if (!route) {
			sendText(response, 404, `Not found: ${path}\n`);
			return;
		}

		if (request.method !== 'GET' && request.method !== 'HEAD') {
			sendText(response, 405, `Method ${request.method ?? ''} not allowed\n`, {Allow: 'GET, HEAD'});
			return;
		}

		const parsed = parseFaults(queryStart === -1 ? '' : url.slice(queryStart + 1));
		if (!parsed.ok) {
			sendText(response, 400, `Bad fault query: ${parsed.message}\n`);
			return;
		}

		serveImage(response, url, route, parsed.faults);
	}

	function serveImage(response: ServerResponse, url: string, route: Route, faults: Faults): void {
		const {shaping} = faults;
		const failures = activeFailures(url, faults);
		const format = route.kind === 'image' ? route.format : undefined;
		const index = route.kind === 'image' ? route.index : Math.floor(Math.random() * poolSize * 4);
		const entry = entries[format ?? formatForIndex(index)][index % poolSize]!;
		let image = entry.image;
		if (shaping.size !== undefined && shaping.size !== image.body.length) {
			try {
				image = imageAtSize(settings.seed, image.format, index % poolSize, shaping.size);
			} catch (error) {
				sendText(response, 400, `Bad fault query: ${(error as Error).message}\n`);
				return;
			}
		}

		const latency = shaping.latency ?? settings.latencyMs;
		const jitter = shaping.jitter ?? settings.jitterMs;
		const bandwidth = shaping.bandwidth ?? settings.bandwidth;
		const delay = jitter > 0 ? Math.max(0, latency + (((Math.random() * 2) - 1) * jitter)) : latency;

		if (delay === 0 && bandwidth === 0 && !link && failures === noFailures && image === entry.image) {
			// The scale benchmark's path: shared headers, one write, no timers.
			response.writeHead(200, route.kind === 'random' ? entry.randomHeaders : entry.headers);
			response.end(image.body);
			return;
		}

		let closed = false;
		let stopPacing: (() => void) | undefined;
		let timer: NodeJS.Timeout | undefined;
		response.once('close', () => {
			closed = true;
			clearTimeout(timer);
			stopPacing?.();
		});

		const respond = (): void => {
			if (closed) {
				return;
			}

			stopPacing = respondWith(response, {url, route, image, failures, bandwidth});
		};

		if (delay > 0) {
			timer = setTimeout(respond, delay);
		} else {
			respond();
		}
	}

	function activeFailures(url: string, {failures, failFirst}: Faults): Failures {
		if (!hasFailures(failures)) {
			return noFailures;
		}

		if (failFirst === undefined) {
			return failures;
		}

		const seen = (attempts.get(url) ?? 0) + 1;
		attempts.set(url, seen);
		return seen <= failFirst ? failures : noFailures;
	}

	function respondWith(response: ServerResponse, request: {url: string; route: Route; image: PoolImage; failures: Failures; bandwidth: number}): (() => void) | undefined {
		const {url, route, image, failures, bandwidth} = request;
		const extra: OutgoingHttpHeaders = failures.retryAfter === undefined ? {} : {'Retry-After': failures.retryAfter};

		if (failures.redirect === 'loop' || (failures.redirect !== undefined && failures.redirect > 0)) {
			const location = failures.redirect === 'loop' ? url : withRedirect(url, failures.redirect - 1);
			response.writeHead(302, {...extra, Location: location, 'Content-Length': 0});
			response.end();
			return undefined;
		}

		if (failures.status !== undefined) {
			const text = `${failures.status} ${http.STATUS_CODES[failures.status] ?? 'Status'}\n`;
			sendText(response, failures.status, text, {...extra, ...(failures.type ? {'Content-Type': failures.type} : {})});
			return undefined;
		}

		const whole = failures.empty ? emptyBody : (failures.body ? notAnImage[failures.body] : image.body);
		const body = failures.cut === undefined ? whole : whole.subarray(0, failures.cut);
		const headers: OutgoingHttpHeaders = {...extra, 'Content-Type': failures.type ?? contentTypes[image.format]};
		if (!failures.chunked) {
			headers['Content-Length'] = body.length;
		}

		if (route.kind === 'random') {
			headers['Cache-Control'] = 'no-store';
		}

		const cut = failures.reset ?? failures.short ?? failures.stall;
		if (failures.short !== undefined) {
			// So the socket closes (FIN) right after the short body instead of waiting for the missing bytes.
			headers.Connection = 'close';
		}

		response.writeHead(200, headers);
		if (bandwidth === 0 && !link && cut === undefined && !failures.chunked) {
			response.end(body);
			return undefined;
		}

		// Headers go out now, so latency is time to headers and pacing starts from the first body byte.
		response.flushHeaders();
		const end = Math.min(body.length, cut ?? body.length);
		return sendPaced(response, body, end, {bandwidth, link}, () => {
			if (failures.reset !== undefined) {
				resetSoon(response);
			} else if (failures.stall === undefined) {
				response.end();
			}
		});
	}

	server.listen(settings.port, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('Image server did not bind a TCP port');
	}

	const {port} = address;
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		options: {...settings, port},
		requestCount: () => requests,
		openConnections: () => sockets.size,
		connectionCount: () => connections,
		close() {
			closing ??= (async () => {
				const listenerClosed = new Promise<void>(resolve => {
					server.close(() => {
						resolve();
					});
				});
				// The listener reports closed before destroyed sockets emit 'close'; wait for those too, so
				// openConnections() is 0 once this resolves.
				const socketsClosed = [...sockets].map(async socket => {
					const closed = once(socket, 'close');
					socket.destroy();
					await closed.catch(() => undefined);
				});
				await Promise.all([listenerClosed, ...socketsClosed]);
			})();
			return closing;
		},
	};
}

/**
 * Resets the connection (RST) a moment after the last bytes were written. Immediately would be too soon: Linux
 * reports a reset that arrives before the client has read the preceding data as a clean end of stream.
 */
function resetSoon(response: ServerResponse): void {
	const {socket} = response;
	if (!socket || socket.destroyed) {
		return;
	}

	const timer = setTimeout(() => {
		if (!socket.destroyed) {
			socket.resetAndDestroy();
		}
	}, resetGraceMs);
	socket.once('close', () => {
		clearTimeout(timer);
	});
}

function toEntry(image: PoolImage): Entry {
	const headers = {'Content-Type': contentTypes[image.format], 'Content-Length': String(image.body.length)};
	return {image, headers, randomHeaders: {...headers, 'Cache-Control': 'no-store'}};
}

function matchRoute(path: string): Route | undefined {
	if (path === '/random') {
		return {kind: 'random'};
	}

	const match = imagePath.exec(path);
	if (!match) {
		return undefined;
	}

	return {kind: 'image', index: Number(match[1]), format: match[2] === 'png' ? 'png' : 'jpeg'};
}

/** The same URL with `redirect` set to `remaining`, other parameters kept in order. */
function withRedirect(url: string, remaining: number): string {
	const queryStart = url.indexOf('?');
	const parameters = new URLSearchParams(url.slice(queryStart + 1));
	parameters.set('redirect', String(remaining));
	return `${url.slice(0, queryStart)}?${parameters.toString()}`;
}

function sendText(response: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
	// 204 and 304 must not carry a body.
	const body = status === 204 || status === 304 ? '' : text;
	response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers});
	response.end(body);
}

function resolveOptions(options: ImageServerOptions): Settings {
	const settings = {...defaults, ...definedOnly(options), imageBytes: options.imageBytes};
	const check = (name: keyof ImageServerOptions, valid: boolean, expected: string) => {
		if (!valid) {
			throw new RangeError(`startImageServer: ${name} must be ${expected}, got ${String(options[name])}`);
		}
	};

	check('port', Number.isInteger(settings.port) && settings.port >= 0 && settings.port <= 65_535, 'an integer from 0 to 65535');
	for (const name of ['latencyMs', 'jitterMs', 'bandwidth', 'linkBandwidth'] as const) {
		check(name, Number.isFinite(settings[name]) && settings[name] >= 0, `a finite number ${glyphs.atLeast} 0`);
	}

	check('seed', Number.isSafeInteger(settings.seed), 'a safe integer');
	check('imageBytes', settings.imageBytes === undefined || (Number.isSafeInteger(settings.imageBytes) && settings.imageBytes > 0 && settings.imageBytes <= maxSize), `an integer from 1 to ${maxSize}`);
	return settings;
}

/** Drops explicit `undefined`s, so `{latencyMs: undefined}` means "default" as callers expect. */
function definedOnly<T extends object>(object: T): Partial<T> {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
