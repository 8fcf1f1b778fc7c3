import type {IncomingMessage, ServerResponse} from 'node:http';
import {sendReply} from './fault-responses.js';
import {hasFailures, parseFaults, type Failures, type Faults, type Shaping} from './faults.js';
import {entriesFor, type Entries, type Entry} from './image-entries.js';
import {formatForIndex} from './image-url.js';
import {imageAtSize, imageAtWidth, poolSize, type ImageFormat, type PoolImage} from './images/index.js';
import type {ServerSettings} from './options.js';
import {SharedLink} from './pacing.js';
import {sendText} from './text-response.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

type Route = {readonly kind: 'image'; readonly format: ImageFormat; readonly index: number} | {readonly kind: 'random'};

/** What every request of one server shares. */
type Context = {
	readonly settings: ServerSettings;
	readonly entries: Entries;
	readonly link: SharedLink | undefined;
	/** Requests seen per exact URL, for failFirst. */
	readonly attempts: Map<string, number>;
};

const imagePath = /^\/image\/(\d{1,15})\.(jpe?g|png)$/;
const noFailures: Failures = {};

/**
 * The server's answers: `/health`, `/image/<n>.(jpg|png)` and `/random`, each image route with the fault knobs
 * of faults.ts. The pictures of `readyImages` (all of the pool when left out) are painted here, before the
 * server listens, so their first request is as fast as any other; any other is painted at its first request.
 * @throws RangeError if `imageBytes` is too small for one of those pictures.
 */
export function createRoutes(settings: ServerSettings, readyImages?: readonly number[]): RequestHandler {
	const context: Context = {
		settings,
		entries: entriesFor(settings.seed, settings.imageBytes, readyImages),
		link: settings.linkBandwidth > 0 ? new SharedLink(settings.linkBandwidth) : undefined,
		attempts: new Map(),
	};
	return (request, response) => {
		answer(context, request, response);
	};
}

function answer(context: Context, request: IncomingMessage, response: ServerResponse): void {
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

	serveImage(context, response, url, route, parsed.faults);
}

function serveImage(context: Context, response: ServerResponse, url: string, route: Route, faults: Faults): void {
	const {settings, link} = context;
	const {shaping} = faults;
	const failures = activeFailures(context.attempts, url, faults);
	const index = route.kind === 'image' ? route.index : Math.floor(Math.random() * poolSize * 4);
	const entry = entryOrError(context.entries, route.kind === 'image' ? route.format : formatForIndex(index), index % poolSize);
	if (entry instanceof Error) {
		sendText(response, 500, `Cannot make this image: ${entry.message}\n`);
		return;
	}

	const image = shapedImage(settings.seed, entry.image, index % poolSize, shaping);
	if (image instanceof Error) {
		sendText(response, 400, `Bad fault query: ${image.message}\n`);
		return;
	}

	const delay = responseDelay(shaping.latency ?? settings.latencyMs, shaping.jitter ?? settings.jitterMs);
	const bandwidth = shaping.bandwidth ?? settings.bandwidth;
	if (delay === 0 && bandwidth === 0 && !link && failures === noFailures && image === entry.image) {
		// The scale benchmark's path: shared headers, one write, no timers.
		response.writeHead(200, route.kind === 'random' ? entry.randomHeaders : entry.headers);
		response.end(image.body);
		return;
	}

	afterDelay(response, delay, () => sendReply(response, {url, noStore: route.kind === 'random', image, failures, pace: {bandwidth, link}}));
}

/** A picture painted at its first request can fail only for a --size too small for its format. */
function entryOrError(entries: Entries, format: ImageFormat, slot: number): Entry | Error {
	try {
		return entries(format, slot);
	} catch (error) {
		return error as Error;
	}
}

/** Latency with jitter: uniform in [latency - jitter, latency + jitter], never below 0. */
export function responseDelay(latency: number, jitter: number, random: () => number = Math.random): number {
	return jitter > 0 ? Math.max(0, latency + (((random() * 2) - 1) * jitter)) : latency;
}

/**
 * Runs `respond` after `delay` ms unless the client has gone by then; `respond` may return a `cancel` for
 * work still under way, which the response's 'close' then calls.
 */
function afterDelay(response: ServerResponse, delay: number, respond: () => (() => void) | undefined): void {
	let closed = false;
	let cancel: (() => void) | undefined;
	let timer: NodeJS.Timeout | undefined;
	response.once('close', () => {
		closed = true;
		clearTimeout(timer);
		cancel?.();
	});

	const start = (): void => {
		if (!closed) {
			cancel = respond();
		}
	};

	if (delay > 0) {
		timer = setTimeout(start, delay);
	} else {
		start();
	}
}

/** The pool image, or the same picture at the width and byte size asked for; an Error when they can't be met. */
function shapedImage(seed: number, image: PoolImage, slot: number, {size, width}: Shaping): PoolImage | Error {
	try {
		if (width !== undefined && width !== image.width) {
			return imageAtWidth(seed, image.format, slot, width, size);
		}

		return size === undefined || size === image.body.length ? image : imageAtSize(seed, image.format, slot, size);
	} catch (error) {
		return error as Error;
	}
}

function activeFailures(attempts: Map<string, number>, url: string, {failures, failFirst}: Faults): Failures {
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
