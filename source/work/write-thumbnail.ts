import {randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {FolderGuard} from '../engine/folder-guard.js';
import {placeThumbnail} from './place-thumbnail.js';
import {checkThumbnailOptions, makeThumbnail, type ThumbnailOptions} from './thumbnail.js';
import {ThumbnailError} from './thumbnail-error.js';
import {thumbnailDefaults} from './works.js';

export type WriteThumbnailOptions = Omit<ThumbnailOptions, 'size'> & {
	/** Default thumbnailDefaults.size. */
	readonly size?: number;
	/**
	 * Checked before reading, between repeats and before the rename. Only `aborted` is read, so the
	 * engine can pass its per-image stop switch as `{get aborted() {return stopper.stopped;}}`.
	 */
	readonly signal?: Pick<AbortSignal, 'aborted'>;
	/**
	 * The run's id (8 hex digits) and the image's index, for the temp name
	 * `.imgrace-<runId>-<index>-0.part`: the download's own pattern (its attempts count from 1, so
	 * attempt 0 is free), which the folder guard sweeps after a crash. Default: a random id, index 0.
	 */
	readonly runId?: string;
	readonly index?: number;
	/** The strategy folder's guard: a thumbnail name someone else owns is refused, one written is claimed. */
	readonly folder?: Pick<FolderGuard, 'refusal' | 'claim'>;
};

export type WrittenThumbnail = {
	/** The whole phase (read, make, write), performance.now()-measured. */
	readonly ms: number;
	/** Only the CPU part: decode, scale and encode, every repeat. */
	readonly makeMs: number;
	readonly width: number;
	readonly height: number;
	/** Size of the thumbnail file. */
	readonly bytes: number;
	readonly path: string;
};

/**
 * Read a saved image, make its thumbnail and write it beside it (place-thumbnail.ts: atomically, never
 * over a name someone else owns).
 * @throws ThumbnailError: ERR_IMGRACE_THUMBNAIL (cannot decode), ERR_IMGRACE_WRITE, ERR_IMGRACE_ABORTED.
 */
export async function writeThumbnail(imagePath: string, options: WriteThumbnailOptions = {}): Promise<WrittenThumbnail> {
	const started = performance.now();
	const {signal, folder} = options;
	const runId = options.runId ?? randomBytes(4).toString('hex');
	if (!/^[\da-f]{8}$/.test(runId)) {
		throw new RangeError(`runId must be 8 hex digits (the folder guard's temp pattern), got "${runId}"`);
	}

	const stopIfAborted = () => {
		if (signal?.aborted) {
			throw new ThumbnailError('ERR_IMGRACE_ABORTED', 'aborted');
		}
	};

	const repeat = options.repeat ?? thumbnailDefaults.repeat;
	const once = {...options, size: options.size ?? thumbnailDefaults.size, repeat: 1};
	checkThumbnailOptions({...once, repeat});
	stopIfAborted();
	let input: Uint8Array;
	try {
		input = await readFile(imagePath);
	} catch (error) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot read ${path.basename(imagePath)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {cause: error});
	}

	let makeMs = 0;
	let thumbnail!: ReturnType<typeof makeThumbnail>;
	for (let round = 0; round < repeat; round++) {
		if (round > 0) {
			// One turn of the event loop between repeats, so an abort (or a worker's message) can land.
			await nextTurn();
		}

		stopIfAborted();
		const made = performance.now();
		thumbnail = makeThumbnail(input, once);
		makeMs += performance.now() - made;
	}

	const finalPath = await placeThumbnail(imagePath, thumbnail.data, {runId, index: options.index ?? 0, ...(folder ? {folder} : {}), ...(signal ? {signal} : {})});
	return {ms: performance.now() - started, makeMs, width: thumbnail.width, height: thumbnail.height, bytes: thumbnail.data.length, path: finalPath};
}

export {thumbnailName} from './place-thumbnail.js';
