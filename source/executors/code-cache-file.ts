import {createHash} from 'node:crypto';
import {lstat, mkdir} from 'node:fs/promises';
import type {Stats} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {stateFolder} from '../engine/folder-manifest.js';
import {flagsSet, heapFlagsSet} from '../engine/heap.js';
import {makeFolderLevels} from '../engine/make-folder.js';
import {codeCacheSupported, removeIfDamaged} from './code-cache.cjs';
import type {ExecutorKind} from './worker-handle.js';

/**
 * Where a worker of `kind` keeps V8's code for a bundled `module` (code-cache.cts): in imgrace's state
 * folder, one file per worker file, Node and set of V8 flags the worker runs under (a thread under its
 * process's, a child under the heap flags it is given), as V8 takes code made under other flags for none.
 * '' for a module that is not a bundle.
 */
export function codeCacheFile(kind: ExecutorKind, module: string): string {
	if (!module.endsWith('.cjs')) {
		return '';
	}

	const file = fileURLToPath(module);
	const flags = kind === 'threads' ? [...process.execArgv, ...flagsSet()] : heapFlagsSet();
	const key = createHash('sha256').update([file, kind, process.version, process.env['NODE_OPTIONS'] ?? '', ...flags].join('\0')).digest('hex').slice(0, 16);
	return path.join(stateFolder(), 'code-cache', `${path.basename(file, '.cjs')}-${key}.bin`);
}

/** The cache files this process found whole, by path and identity: each version is read once, not once per pool. */
const intact = new Set<string>();

/**
 * codeCacheFile, for the pool to name to its workers: only where no other user can have put code there,
 * and only once its code is checked (code-cache.cts says why); a damaged file is removed, and the workers
 * make it again. '' where there can be no cache (no bundle, a Node without zlib's CRC-32, a folder that
 * cannot be made or is not this user's alone): the workers then compile their file as it is.
 */
export async function checkedCodeCacheFile(kind: ExecutorKind, module: string): Promise<string> {
	const file = codeCacheFile(kind, module);
	if (file === '' || !codeCacheSupported() || !await ownFolder(path.dirname(file))) {
		return '';
	}

	let stats: Stats;
	try {
		stats = await lstat(file);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? file : '';
	}

	if (!stats.isFile() || !onlyMine(stats)) {
		return '';
	}

	const version = `${file}\0${stats.ino}\0${stats.size}\0${stats.mtimeMs}`;
	if (intact.has(version)) {
		return file;
	}

	const verdict = removeIfDamaged(file);
	if (verdict === 'intact') {
		intact.add(version);
	}

	return verdict === 'unreadable' ? '' : file;
}

/**
 * Made if missing (0700), and then a real folder of this user that no one else can write, in a folder no
 * one else can replace it in: whoever could write either could hand the workers code to run.
 */
async function ownFolder(folder: string): Promise<boolean> {
	try {
		await makeFolderLevels(path.dirname(folder));
		await mkdir(folder, {mode: 0o700}).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'EEXIST') {
				throw error;
			}
		});
		const [own, parent] = await Promise.all([lstat(folder), lstat(path.dirname(folder))]);
		// A parent others may write is fine only with the sticky bit (/tmp): then they cannot rename this folder away.
		return own.isDirectory() && onlyMine(own) && parent.isDirectory() && (onlyMine(parent) || (parent.mode & 0o1000) !== 0);
	} catch {
		return false;
	}
}

/** This user's (or root's), and writable by no one else. */
function onlyMine(stats: Stats): boolean {
	const uid = process.getuid?.();
	return (uid === undefined || stats.uid === uid || stats.uid === 0) && (stats.mode & 0o022) === 0;
}
