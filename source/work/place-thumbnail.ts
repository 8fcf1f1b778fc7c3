import path from 'node:path';
import {removeFile, renameFile, writeNewFile} from '../engine/file-io.js';
import type {FolderGuard} from '../engine/folder-guard.js';
import {ThumbnailError} from './thumbnail-error.js';

export type Placement = {
	/** The run's id and the image's index: the temp name is the download's own pattern (attempt 0). */
	readonly runId: string;
	readonly index: number;
	readonly folder?: Pick<FolderGuard, 'refusal' | 'claim'>;
	readonly signal?: Pick<AbortSignal, 'aborted'>;
};

/** `007.jpg` → `007.thumb.jpg` (always JPEG, whatever the original was). */
export function thumbnailName(imageName: string): string {
	return `${path.parse(imageName).name}.thumb.jpg`;
}

/**
 * Write a made thumbnail beside its image, atomically: a temp file in the same folder renamed into
 * place, removed on any failure, so the folder never holds a partial thumbnail; a name someone else
 * owns is refused. Resolves the thumbnail's path.
 * @throws ThumbnailError: ERR_IMGRACE_WRITE, ERR_IMGRACE_ABORTED.
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
	const refusal = await folder?.refusal(name);
	if (refusal !== undefined) {
		throw new ThumbnailError('ERR_IMGRACE_WRITE', refusal);
	}

	const tempPath = path.join(dir, `.imgrace-${runId}-${index}-0.part`);
	let tempCreated = false;
	try {
		// Set first: a write that fails after the open leaves a partial temp behind.
		tempCreated = true;
		await writeNewFile(tempPath, data);
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
	return finalPath;
}
