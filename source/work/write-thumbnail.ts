import {randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {removeFile, renameFile, writeNewFile} from '../engine/file-io.js';
import type {FolderGuard} from '../engine/folder-guard.js';
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
	/** The strategy folder's guard, which gives the thumbnail its name (never over a file that is not imgrace's). */
	readonly folder?: Pick<FolderGuard, 'place'>;
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

/** `007.jpg` → `007.thumb.jpg` (always JPEG, whatever the original was). */
export function thumbnailName(imageName: string): string {
	return `${path.parse(imageName).name}.thumb.jpg`;
}

/**
 * Read a saved image, make its thumbnail and write it beside it, atomically: a temp file in the same
 * folder renamed into place, removed on any failure, so the folder never holds a partial thumbnail.
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

	stopIfAborted();
	const tempPath = path.join(dir, `.imgrace-${runId}-${options.index ?? 0}-0.part`);
	let tempCreated = false;
	try {
		// Set first: a write that fails after the open leaves a partial temp behind.
		tempCreated = true;
		await writeNewFile(tempPath, thumbnail.data);
		stopIfAborted();
		const refusal = folder ? await folder.place(tempPath, name) : await renameFile(tempPath, finalPath).then(() => undefined);
		if (refusal !== undefined) {
			throw new ThumbnailError('ERR_IMGRACE_WRITE', refusal);
		}

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

	return {ms: performance.now() - started, makeMs, width: thumbnail.width, height: thumbnail.height, bytes: thumbnail.data.length, path: finalPath};
}
