import path from 'node:path';
import {DownloadError} from '../engine/errors.js';
import {removeFile, renameFile, writeNewFile} from '../engine/file-io.js';
import type {FolderGuard} from '../engine/folder-guard.js';
import {ThumbnailError} from './thumbnail-error.js';

export type Placement = {
	/** The run's id and the image's index: the temp name is the download's own pattern (attempt 0). */
	readonly runId: string;
	readonly index: number;
	/** The strategy folder's guard, which gives the thumbnail its name (never over a file that is not imgrace's). */
	readonly folder?: Pick<FolderGuard, 'place'>;
	readonly signal?: Pick<AbortSignal, 'aborted'>;
};

/** `007.jpg` → `007.thumb.jpg` (always JPEG, whatever the original was). */
export function thumbnailName(imageName: string): string {
	return `${path.parse(imageName).name}.thumb.jpg`;
}

/**
 * Write a made thumbnail beside its image, atomically: a temp file in the same folder given its name by
 * the folder's guard (`place`: never over a file that is not imgrace's, one that appeared mid-run
 * included), removed on any failure, so the folder never holds a partial thumbnail. Without a guard the
 * temp file is simply renamed. Resolves the thumbnail's path.
 * @throws ThumbnailError (ERR_IMGRACE_WRITE, ERR_IMGRACE_ABORTED), or DownloadError.refused when the guard keeps the name.
 */
export async function placeThumbnail(imagePath: string, data: Uint8Array, {runId, index, folder, signal}: Placement): Promise<string> {
	const stopIfAborted = () => {
		if (signal?.aborted) {
			throw new ThumbnailError('ERR_IMGRACE_ABORTED', 'aborted');
		}
	};

	stopIfAborted();
	const dir = path.dirname(imagePath);
	const name = thumbnailName(path.basename(imagePath));
	const finalPath = path.join(dir, name);
	const tempPath = path.join(dir, `.imgrace-${runId}-${index}-0.part`);
	let tempCreated = false;
	try {
		// Set first: a write that fails after the open leaves a partial temp behind.
		tempCreated = true;
		await writeNewFile(tempPath, data);
		stopIfAborted();
		const refusal = folder ? await folder.place(tempPath, name) : await renameFile(tempPath, finalPath).then(() => undefined);
		if (refusal !== undefined) {
			throw DownloadError.refused(refusal);
		}

		tempCreated = false;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			// Not ours to remove: the open failed because that temp name was already taken.
			tempCreated = false;
		}

		if (error instanceof ThumbnailError || error instanceof DownloadError) {
			throw error;
		}

		throw new ThumbnailError('ERR_IMGRACE_WRITE', `cannot write ${name} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {cause: error});
	} finally {
		if (tempCreated) {
			await removeFile(tempPath);
		}
	}

	return finalPath;
}
