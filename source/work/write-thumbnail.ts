import {randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {FolderGuard} from '../engine/folder-guard.js';
import {processDecodeBudget, type DecodeBudget} from './decode-budget.js';
import {placeThumbnail} from './place-thumbnail.js';
import {makeRounds} from './make-rounds.js';
import {checkThumbnailOptions, type ThumbnailOptions} from './thumbnail.js';
import {ThumbnailError} from './thumbnail-error.js';
import {thumbnailDefaults} from './works.js';

export type WriteThumbnailOptions = Omit<ThumbnailOptions, 'size'> & {
	/** Default thumbnailDefaults.size. */
	readonly size?: number;
	/**
	 * Checked before reading, every ~20 ms of decoding, between repeats and before the rename. Only
	 * `aborted` is read, so the engine can pass its per-image stop switch as
	 * `{get aborted() {return stopper.stopped;}}`.
	 */
	readonly signal?: Pick<AbortSignal, 'aborted'>;
	/**
	 * The run's id (8 hex digits) and the image's index, for the temp name
	 * `.imgrace-<runId>-<index>-0.part`: the download's own pattern (its attempts count from 1, so
	 * attempt 0 is free), which the folder guard sweeps after a crash. Default: a random id, index 0.
	 */
	readonly runId?: string;
	readonly index?: number;
	/** The strategy folder's guard, which gives the thumbnail its name (never over a file that is not imgrace's). */
	readonly folder?: Pick<FolderGuard, 'place'>;
	/** Whose share of memory each decode waits for (default: the process's, processDecodeBudget()). */
	readonly budget?: DecodeBudget;
};

export type WrittenThumbnail = {
	readonly status: 'written';
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

/** No thumbnail, and no failure: the image is kept and counts as done (a WebP, TIFF, AVIF, HEIC, JXL). */
export type SkippedThumbnail = {
	readonly status: 'skipped';
	/** One line for a person: "no WebP decoder here: thumbnail skipped". */
	readonly reason: string;
	readonly ms: number;
};

export type ThumbnailOutcome = WrittenThumbnail | SkippedThumbnail;

/**
 * Read a saved image, make its thumbnail and write it beside it (place-thumbnail.ts: atomically, never
 * over a name someone else owns). Each decode first waits for its share of the decode budget. An image type with no decoder here is
 * `{status: 'skipped', reason}`, not an error.
 * @throws ThumbnailError: ERR_IMGRACE_THUMBNAIL (cannot decode, over the pixel limit), ERR_IMGRACE_WRITE,
 * ERR_IMGRACE_ABORTED.
 */
export async function writeThumbnail(imagePath: string, options: WriteThumbnailOptions = {}): Promise<ThumbnailOutcome> {
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

	const repeat = options.repeat ?? 1;
	const once = {...options, size: options.size ?? thumbnailDefaults.size, repeat: 1};
	checkThumbnailOptions({...once, repeat});
	stopIfAborted();
	let input: Uint8Array;
	try {
		input = await readFile(imagePath);
	} catch (error) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot read ${path.basename(imagePath)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {cause: error});
	}

	const made = await makeRounds(input, {...once, repeat}, {budget: options.budget ?? processDecodeBudget(), stop: stopIfAborted, ...(signal ? {signal} : {})});
	if (made.status === 'skipped') {
		return {status: 'skipped', reason: made.reason, ms: performance.now() - started};
	}

	const {thumbnail, makeMs} = made;
	const finalPath = await placeThumbnail(imagePath, thumbnail.data, {runId, index: options.index ?? 0, ...(folder ? {folder} : {}), ...(signal ? {signal} : {})});
	return {status: 'written', ms: performance.now() - started, makeMs, width: thumbnail.width, height: thumbnail.height, bytes: thumbnail.data.length, path: finalPath};
}

export {thumbnailName} from './place-thumbnail.js';
