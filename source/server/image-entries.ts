import type {OutgoingHttpHeaders} from 'node:http';
import {formatForIndex} from './image-url.js';
import {poolImage, poolSize, type ImageFormat, type PoolImage} from './images/index.js';

export const contentTypes: Record<ImageFormat, string> = {jpeg: 'image/jpeg', png: 'image/png'};

/** A pool image with its response headers built once, so the hot path allocates nothing per request. */
export type Entry = {
	readonly image: PoolImage;
	readonly headers: OutgoingHttpHeaders;
	readonly randomHeaders: OutgoingHttpHeaders;
};

/** The entry of a pool slot, its image painted at the first call for that slot. @throws RangeError as `poolImage`. */
export type Entries = (format: ImageFormat, slot: number) => Entry;

/**
 * A server's entries, with the pictures of `readyImages` (image numbers, as in `imageUrl`; the whole pool when
 * left out) painted now and any other at its first use.
 * @throws RangeError if `imageBytes` is too small for one of the pictures painted now.
 */
export function entriesFor(seed: number, imageBytes: number | undefined, readyImages?: readonly number[]): Entries {
	const made: Record<ImageFormat, Array<Entry | undefined>> = {jpeg: Array.from({length: poolSize}), png: Array.from({length: poolSize})};
	const entries: Entries = (format, slot) => made[format][slot] ??= toEntry(poolImage(seed, imageBytes, format, slot));
	for (const [format, slot] of slotsOf(readyImages)) {
		entries(format, slot);
	}

	return entries;
}

/** The pool slots of these image numbers (image n is slot n % poolSize of its format); every slot without a list. */
function slotsOf(readyImages: readonly number[] | undefined): Array<[ImageFormat, number]> {
	const all = Array.from({length: poolSize}, (_, slot) => slot);
	if (readyImages === undefined) {
		return (['jpeg', 'png'] as const).flatMap(format => all.map((slot): [ImageFormat, number] => [format, slot]));
	}

	const slots = new Map<string, [ImageFormat, number]>();
	for (const index of readyImages) {
		const format = formatForIndex(index);
		slots.set(`${format} ${index % poolSize}`, [format, index % poolSize]);
	}

	return [...slots.values()];
}

function toEntry(image: PoolImage): Entry {
	const headers = {'Content-Type': contentTypes[image.format], 'Content-Length': String(image.body.length)};
	return {image, headers, randomHeaders: {...headers, 'Cache-Control': 'no-store'}};
}
