import {constants} from 'node:fs';
import {open, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {fileErrorWords} from '../format/file-errors.js';
import {displayText} from '../format/safe-text.js';
import {abortable} from './abortable.js';
import {exportFlags, type ExportTargets} from './show-options.js';
import {UsageError} from './usage-error.js';

/** Where the file system says no, in words for someone about to write a file there. */
const createWords = {ENOENT: 'the file system refuses to create it'};

/**
 * Whether one export target can be written, found out the way the export will write it, without
 * changing it: an existing file is opened for writing (not truncated), a new one is created and removed
 * again. A folder, a missing folder, a read-only file system, /proc: one UsageError naming the flag, the
 * file and why. Devices and FIFOs (/dev/null, /dev/stdout) are taken as given. Resolves the file's
 * identity when it exists, so two names for one file are caught.
 */
async function checkTarget(flag: string, target: string, signal: AbortSignal | undefined): Promise<string | undefined> {
	const named = `${flag} ${displayText(target, 120)}`;
	const fail = (error: unknown, overrides: Record<string, string> = {}) => {
		if (signal?.aborted) {
			throw error;
		}

		return new UsageError(`${named}: ${fileErrorWords(error, overrides)}`);
	};

	// "out/" names a folder, existing or not: open(2) would call a missing one "is a folder" too.
	if (/[/\\]$/.test(target)) {
		throw new UsageError(`${named}: ends in a separator, so it names a folder: give a file name`);
	}

	const info = await abortable(stat(target), signal).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') {
			return undefined;
		}

		throw fail(error);
	});
	if (info?.isDirectory()) {
		throw new UsageError(`${named}: is a folder, not a file`);
	}

	if (info) {
		if (info.isFile()) {
			const handle = await abortable(open(target, constants.O_WRONLY), signal).catch((error: unknown) => {
				throw fail(error);
			});
			await handle.close();
		}

		return `${info.dev}:${info.ino}`;
	}

	const folder = path.dirname(path.resolve(target));
	const parent = await abortable(stat(folder), signal).catch((error: unknown) => {
		throw fail(error, {ENOENT: `the folder ${displayText(folder, 120)} does not exist`});
	});
	if (!parent.isDirectory()) {
		throw new UsageError(`${named}: ${displayText(folder, 120)} is not a folder`);
	}

	const handle = await abortable(open(target, 'wx'), signal).catch((error: unknown) => {
		throw fail(error, createWords);
	});
	await handle.close();
	await unlink(target).catch(() => undefined);
	return undefined;
}

/**
 * Check every export target before anything downloads, so a typo or an unwritable place is one usage
 * line (exit 2) in a second rather than an error after the whole race. '-' (stdout) needs no check.
 */
export async function checkExportTargets(targets: ExportTargets, signal?: AbortSignal): Promise<void> {
	const seen = new Map<string, string>();
	for (const [key, name] of Object.entries(exportFlags) as Array<[keyof ExportTargets, string]>) {
		const flag = `--${name}`;
		const target = targets[key];
		if (target === undefined || target === '-') {
			continue;
		}

		const identity = await checkTarget(flag, target, signal);
		const other = identity === undefined ? undefined : seen.get(identity);
		if (other !== undefined) {
			throw new UsageError(`${other} and ${flag} ${displayText(target, 120)} name the same file: give each export its own file`);
		}

		if (identity !== undefined) {
			seen.set(identity, `${flag} ${displayText(target, 120)}`);
		}
	}
}
