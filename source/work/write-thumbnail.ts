import {randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {removeFile, renameFile, writeNewFile} from '../engine/file-io.js';
import type {FolderGuard} from '../engine/folder-guard.js';
import {processDecodeBudget, type DecodeBudget} from './decode-budget.js';
import {takeTurn} from './take-turn.js';
import {checkThumbnailOptions, planThumbnail, thumbnailSteps, type Thumbnail, type ThumbnailOptions} from './thumbnail.js';
import {ThumbnailError} from './thumbnail-error.js';
import {thumbnailDefaults} from './works.js';

/** The longest the work runs before it lets the thread's event loop turn (a stop, a timer, a worker's message). */
const sliceMs = 20;

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
	/** The strategy folder's guard: a thumbnail name someone else owns is refused, one written is claimed. */
	readonly folder?: Pick<FolderGuard, 'refusal' | 'claim'>;
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

/** `007.jpg` → `007.thumb.jpg` (always JPEG, whatever the original was). */
export function thumbnailName(imageName: string): string {
	return `${path.parse(imageName).name}.thumb.jpg`;
}

/**
 * Read a saved image, make its thumbnail and write it beside it, atomically: a temp file in the same
 * folder renamed into place, removed on any failure, so the folder never holds a partial thumbnail.
 * Each decode first waits for its share of the decode budget. An image type with no decoder here is
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

	const repeat = options.repeat ?? thumbnailDefaults.repeat;
	const once = {...options, size: options.size ?? thumbnailDefaults.size, repeat: 1};
	checkThumbnailOptions({...once, repeat});
	stopIfAborted();
	const dir = path.dirname(imagePath);
	const name = thumbnailName(path.basename(imagePath));
	const finalPath = path.join(dir, name);
	let input: Uint8Array;
	try {
		input = await readFile(imagePath);
	} catch (error) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot read ${path.basename(imagePath)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {cause: error});
	}

	let makeMs = 0;
	let thumbnail!: Thumbnail;
	const budget = options.budget ?? processDecodeBudget();
	for (let round = 0; round < repeat; round++) {
		if (round > 0) {
			// A turn of the event loop between repeats, so an abort (or a worker's message) can land.
			await takeTurn();
		}

		stopIfAborted();
		const made = performance.now();
		const plan = planThumbnail(input, once);
		if ('skip' in plan) {
			return {status: 'skipped', reason: plan.skip, ms: performance.now() - started};
		}

		makeMs += performance.now() - made;
		const release = await budget.acquire(plan.peakBytes, signal);
		try {
			const steps = await runSteps(thumbnailSteps(input, plan, once), stopIfAborted);
			thumbnail = steps.value;
			makeMs += steps.ms;
		} finally {
			release();
		}
	}

	stopIfAborted();
	const refusal = await folder?.refusal(name);
	if (refusal !== undefined) {
		throw new ThumbnailError('ERR_IMGRACE_WRITE', refusal);
	}

	const tempPath = path.join(dir, `.imgrace-${runId}-${options.index ?? 0}-0.part`);
	let tempCreated = false;
	try {
		// Set first: a write that fails after the open leaves a partial temp behind.
		tempCreated = true;
		await writeNewFile(tempPath, thumbnail.data);
		stopIfAborted();
		await renameFile(tempPath, finalPath);
		tempCreated = false;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			// Not ours to remove: the open failed because that temp name was already taken.
			tempCreated = false;
		}

		if (error instanceof ThumbnailError) {
			throw error;
		}

		throw new ThumbnailError('ERR_IMGRACE_WRITE', `cannot write ${name} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {cause: error});
	} finally {
		if (tempCreated) {
			await removeFile(tempPath);
		}
	}

	folder?.claim(name);
	return {status: 'written', ms: performance.now() - started, makeMs, width: thumbnail.width, height: thumbnail.height, bytes: thumbnail.data.length, path: finalPath};
}

/**
 * Run the work's steps, letting the event loop turn every `sliceMs` (a SIGTERM, --max-time's timer, a
 * worker's stop message) and calling `stop` after each turn, which throws to end the work there.
 * Returns the result and the time spent working, the turns left out.
 */
async function runSteps<T>(steps: Generator<void, T>, stop: () => void): Promise<{value: T; ms: number}> {
	let ms = 0;
	let sliceStarted = performance.now();
	try {
		for (;;) {
			const step = steps.next();
			const now = performance.now();
			if (step.done) {
				return {value: step.value, ms: ms + (now - sliceStarted)};
			}

			if (now - sliceStarted >= sliceMs) {
				ms += now - sliceStarted;
				await takeTurn();
				stop();
				sliceStarted = performance.now();
			}
		}
	} finally {
		steps.return(undefined as T);
	}
}
