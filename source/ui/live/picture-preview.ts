import {readFile} from 'node:fs/promises';
import {Worker} from 'node:worker_threads';
import {displayText} from '../../format/safe-text.js';
import type {GalleryPicture} from '../../view/gallery.js';
import {makeThumbnail} from '../../work/thumbnail.js';

/** A picture ready to draw (a small JPEG: one Buffer for its lifetime, the image component decodes it again when it changes), or why there is none. */
export type Preview = {readonly data: Buffer} | {readonly error: string};

/** Pixels on a preview's long side: more than a cell of half-blocks needs, enough for a kitty picture. */
export const previewSize = 160;

/**
 * A small JPEG of a saved picture for the gallery. A thumbnail (--work thumbnail) is small already and
 * is read as it is; an original is decoded at the scale the preview needs by the thumbnail's own code
 * (work/thumbnail.ts), then encoded small, so the image component decodes only the small one.
 */
export async function makePreview(picture: GalleryPicture): Promise<Preview> {
	try {
		const bytes = await readFile(picture.file);
		return {data: picture.kind === 'thumbnail' ? bytes : asBuffer(makeThumbnail(bytes, {size: previewSize}).data)};
	} catch (error) {
		return {error: displayText((error as Error).message ?? String(error), 120)};
	}
}

function asBuffer(data: Uint8Array): Buffer {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export type PreviewMaker = {
	readonly make: (picture: GalleryPicture) => Promise<Preview>;
	/** Ends the thread; a preview still asked for resolves with an error. */
	readonly close: () => Promise<void>;
};

/**
 * Previews made on a thread of their own (preview-worker.ts): decoding an original takes 50-150 ms,
 * which on the UI's thread would hold every key and frame meanwhile. The thread never keeps the
 * process alive, and close() ends it.
 */
export function previewMaker(): PreviewMaker {
	const worker = new Worker(new URL('preview-worker.js', import.meta.url), {execArgv: []});
	worker.unref();
	const waiting = new Map<number, (preview: Preview) => void>();
	let next = 0;
	const failAll = (why: string) => {
		for (const resolve of waiting.values()) {
			resolve({error: why});
		}

		waiting.clear();
	};

	worker.on('message', ({id, preview}: {readonly id: number; readonly preview: Preview}) => {
		// A Buffer arrives from another thread as a plain Uint8Array.
		waiting.get(id)?.('data' in preview ? {data: asBuffer(preview.data)} : preview);
		waiting.delete(id);
	});
	worker.on('error', error => {
		failAll(displayText(error.message, 120));
	});
	worker.on('exit', () => {
		failAll('the preview thread ended');
	});
	return {
		make: async picture => new Promise(resolve => {
			const id = next++;
			waiting.set(id, resolve);
			worker.postMessage({id, picture});
		}),
		async close() {
			await worker.terminate();
		},
	};
}
