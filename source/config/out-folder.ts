import {constants} from 'node:fs';
import {access, mkdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {displayText} from '../format/safe-text.js';
import {abortable} from './abortable.js';
import {FolderError} from '../engine/errors.js';
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

const folderReasons: Record<string, string> = {
	EEXIST: 'a file is in the way',
	ENOTDIR: 'a part of the path is a file, not a folder',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
	ENOENT: 'the file system refuses to create it',
	ELOOP: 'too many symbolic links',
	ENAMETOOLONG: 'name too long',
};

async function makeOne(dir: string, signal: AbortSignal | undefined): Promise<void> {
	try {
		await abortable(mkdir(dir), signal);
		return;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			const info = await abortable(stat(dir), signal);
			if (info.isDirectory()) {
				return;
			}

			throw error;
		}

		if (code !== 'ENOENT' || path.dirname(dir) === dir) {
			throw error;
		}
	}

	await makeOne(path.dirname(dir), signal);
	// Once more, without recursion: a parent that exists but still answers ENOENT (/proc) is final.
	await abortable(mkdir(dir), signal);
}

/**
 * Make a run's folder one level at a time. Node's recursive mkdir retries ENOENT forever where the
 * file system answers it for a folder whose parent exists (`--out /proc/x`), in a thread no signal
 * reaches; here every level is one call, raced against the signal. Fails with a FolderError.
 */
export async function makeFolder(dir: string, signal?: AbortSignal): Promise<void> {
	try {
		await makeOne(path.resolve(dir), signal);
	} catch (error) {
		if (signal?.aborted) {
			throw error;
		}

		const code = (error as NodeJS.ErrnoException).code ?? '';
		throw new FolderError(`cannot create folder ${displayText(dir, 120)}: ${folderReasons[code] ?? (code || (error as Error).message)}`, {cause: error});
	}
}
