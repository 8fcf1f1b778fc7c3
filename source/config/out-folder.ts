import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';
import {FolderError} from '../engine/errors.js';
import {makeFolderLevels} from '../engine/make-folder.js';
import {fileErrorWords} from '../format/file-errors.js';
import {displayText} from '../format/safe-text.js';
import {abortable} from './abortable.js';
import {UsageError} from './usage-error.js';

/**
 * --out must be a folder we can write to, or a path we can create. Checked before any download so a
 * typo fails in a second, not after a whole sequential run. Each step races the signal: a stat on a
 * hung mount must not outlive Ctrl+C.
 */
export async function checkOutDir(out: string, signal?: AbortSignal): Promise<void> {
	const shown = displayText(out, 120);
	let current = path.resolve(out);
	for (;;) {
		let info;
		try {
			info = await abortable(stat(current), signal);
		} catch (error) {
			if (signal?.aborted) {
				throw error;
			}

			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' && path.dirname(current) !== current) {
				current = path.dirname(current);
				continue;
			}

			if (code === 'ENOTDIR') {
				throw new UsageError(`--out ${shown}: a part of the path is a file, not a folder`);
			}

			throw new UsageError(`--out ${shown}: ${code ?? 'cannot be used'}`);
		}

		if (!info.isDirectory()) {
			throw new UsageError(current === path.resolve(out) ? `--out ${shown}: is a file, not a folder` : `--out ${shown}: ${displayText(path.relative(process.cwd(), current) || current)} is a file, not a folder`);
		}

		try {
			await abortable(access(current, constants.W_OK | constants.X_OK), signal);
		} catch (error) {
			if (signal?.aborted) {
				throw error;
			}

			throw new UsageError(`--out ${shown}: ${displayText(current)} is not writable`);
		}

		return;
	}
}

/**
 * Make a run's folder one level at a time (engine/make-folder.ts says why not Node's recursive mkdir),
 * every level raced against the signal. Fails with a FolderError.
 */
export async function makeFolder(dir: string, signal?: AbortSignal): Promise<void> {
	try {
		await makeFolderLevels(dir, async work => abortable(work, signal));
	} catch (error) {
		if (signal?.aborted) {
			throw error;
		}

		throw new FolderError(`cannot create folder ${displayText(dir, 120)}: ${fileErrorWords(error, {ENOENT: 'the file system refuses to create it'})}`, {cause: error});
	}
}
