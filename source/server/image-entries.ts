import type {OutgoingHttpHeaders} from 'node:http';
import type {ImageFormat, ImagePool, PoolImage} from './images/index.js';

export const contentTypes: Record<ImageFormat, string> = {jpeg: 'image/jpeg', png: 'image/png'};

/** A pool image with its response headers built once, so the hot path allocates nothing per request. */
export type Entry = {
	readonly image: PoolImage;
	readonly headers: OutgoingHttpHeaders;
	readonly randomHeaders: OutgoingHttpHeaders;
};

export type Entries = Record<ImageFormat, readonly Entry[]>;

export function entriesFor(pool: ImagePool): Entries {
	return {jpeg: pool.jpeg.map(image => toEntry(image)), png: pool.png.map(image => toEntry(image))};
}

function toEntry(image: PoolImage): Entry {
	const headers = {'Content-Type': contentTypes[image.format], 'Content-Length': String(image.body.length)};
	return {image, headers, randomHeaders: {...headers, 'Cache-Control': 'no-store'}};
}
