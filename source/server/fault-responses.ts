import http, {type OutgoingHttpHeaders, type ServerResponse} from 'node:http';
import type {Failures} from './faults.js';
import {contentTypes} from './image-entries.js';
import type {PoolImage} from './images/index.js';
import {sendPaced, type PaceOptions} from './pacing.js';
import {sendText} from './text-response.js';

/** What one image response is made of, once its latency has passed. */
export type Reply = {
	/** The request URL (path and query), which redirects point back to. */
	readonly url: string;
	/** `/random` responses must not be cached: each one may be another image. */
	readonly noStore: boolean;
	readonly image: PoolImage;
	readonly failures: Failures;
	readonly pace: PaceOptions;
};

const notAnImage = {
	html: Buffer.from('<!doctype html>\n<html><head><title>Welcome</title></head><body><h1>Hello from imgrace</h1><p>This is a web page, not an image.</p></body></html>\n'),
	text: Buffer.from('This is plain text, not an image.\n'),
} as const;
const emptyBody = Buffer.alloc(0);
const resetGraceMs = 50;

/**
 * Sends the image, or whatever the failure knobs ask for instead (see faults.ts). Returns `cancel` while the
 * body is still being paced out (call it on 'close'), otherwise undefined.
 */
export function sendReply(response: ServerResponse, reply: Reply): (() => void) | undefined {
	const {failures} = reply;
	const extra: OutgoingHttpHeaders = failures.retryAfter === undefined ? {} : {'Retry-After': failures.retryAfter};
	if (failures.redirect === 'loop' || (failures.redirect !== undefined && failures.redirect > 0)) {
		const location = failures.redirect === 'loop' ? reply.url : withRedirect(reply.url, failures.redirect - 1);
		response.writeHead(302, {...extra, Location: location, 'Content-Length': 0});
		response.end();
		return undefined;
	}

	if (failures.status !== undefined) {
		const text = `${failures.status} ${http.STATUS_CODES[failures.status] ?? 'Status'}\n`;
		sendText(response, failures.status, text, {...extra, ...(failures.type ? {'Content-Type': failures.type} : {})});
		return undefined;
	}

	return sendBody(response, reply, extra);
}

function sendBody(response: ServerResponse, reply: Reply, extra: OutgoingHttpHeaders): (() => void) | undefined {
	const {failures, pace} = reply;
	const body = bodyOf(reply.image, failures);
	response.writeHead(200, bodyHeaders(reply, body.length, extra));
	const cut = failures.reset ?? failures.short ?? failures.stall;
	if (pace.bandwidth === 0 && !pace.link && cut === undefined && !failures.chunked) {
		response.end(body);
		return undefined;
	}

	// Headers go out now, so latency is time to headers and pacing starts from the first body byte.
	response.flushHeaders();
	const end = Math.min(body.length, cut ?? body.length);
	return sendPaced(response, body, end, pace, () => {
		if (failures.reset !== undefined) {
			resetSoon(response);
		} else if (failures.stall === undefined) {
			response.end();
		}
	});
}

function bodyOf(image: PoolImage, failures: Failures): Buffer {
	const whole = failures.empty ? emptyBody : (failures.body ? notAnImage[failures.body] : image.body);
	return failures.cut === undefined ? whole : whole.subarray(0, failures.cut);
}

function bodyHeaders({image, failures, noStore}: Reply, length: number, extra: OutgoingHttpHeaders): OutgoingHttpHeaders {
	const headers: OutgoingHttpHeaders = {...extra, 'Content-Type': failures.type ?? contentTypes[image.format]};
	if (!failures.chunked) {
		headers['Content-Length'] = length;
	}

	if (noStore) {
		headers['Cache-Control'] = 'no-store';
	}

	if (failures.short !== undefined) {
		// So the socket closes (FIN) right after the short body instead of waiting for the missing bytes.
		headers.Connection = 'close';
	}

	return headers;
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

/** The same URL with `redirect` set to `remaining`, other parameters kept in order. */
function withRedirect(url: string, remaining: number): string {
	const queryStart = url.indexOf('?');
	const parameters = new URLSearchParams(url.slice(queryStart + 1));
	parameters.set('redirect', String(remaining));
	return `${url.slice(0, queryStart)}?${parameters.toString()}`;
}
