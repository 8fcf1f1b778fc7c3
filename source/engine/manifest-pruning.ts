import {closeSync, lstatSync, openSync, readSync, unlinkSync, type Stats} from 'node:fs';
import {lstat, readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {statIfThereNow} from './file-io.js';
import {keyOf, stateFolder} from './folder-manifest.js';

/**
 * The state folder keeps one manifest per output folder, and a folder that is deleted leaves its
 * manifest behind: a user who races into temp folders would collect them for ever. This removes the
 * manifests whose folder is gone, and temp files a crashed write left, after a race (never on a run's
 * clock). Listing the folder is not free at tens of thousands of files, so at most once an hour, and
 * for at most a time budget: what it did not reach waits for the next time (it looks in random order).
 */

/** The marker whose modification time says when the state folder was last pruned. */
export const prunedMarker = '.pruned';
const everyMs = 60 * 60 * 1000;
const budgetMs = 100;
/** A temp file this old is no write in progress (a write takes milliseconds). */
const staleTempMs = 24 * 60 * 60 * 1000;
/** Enough of a manifest to hold its folder's path, which the writer puts first. */
const headBytes = 16 * 1024;

export type PruneOptions = {
	readonly folder?: string;
	/** The wall clock, for file times (a test sets it). */
	readonly now?: number;
	readonly budgetMs?: number;
};

/** Prune the state folder's manifests if it is time; resolves how many files were removed. Never rejects. */
export async function pruneManifests(options: PruneOptions = {}): Promise<number> {
	const folder = options.folder ?? path.join(stateFolder(), 'folders');
	// The wall clock, for file times: when this process started, and the time since.
	const now = options.now ?? performance.timeOrigin + performance.now();
	const marker = path.join(folder, prunedMarker);
	try {
		const last = await lstat(marker).catch(() => undefined);
		if (last && now - last.mtimeMs < everyMs) {
			return 0;
		}

		// Marked first, so that imgraces ending together do not all prune.
		await writeFile(marker, '');
		const names = shuffled((await readdir(folder)).filter(name => name !== prunedMarker));
		const deadline = performance.now() + (options.budgetMs ?? budgetMs);
		let removed = 0;
		// On this thread, one file after the other: after the race nothing else waits for it, and a trip
		// through libuv's thread pool per call was 10× slower (of 25,000 manifests, ~160 looked at in
		// the budget against ~1,700).
		const head = Buffer.allocUnsafe(headBytes);
		for (const name of names) {
			if (performance.now() > deadline) {
				break;
			}

			removed += pruneOne(path.join(folder, name), name, now, head) ? 1 : 0;
		}

		return removed;
	} catch {
		// No state folder, or it cannot be read: nothing to prune.
		return 0;
	}
}

function pruneOne(file: string, name: string, now: number, head: Buffer): boolean {
	const before = statIfThereNow(file);
	if (!before?.isFile()) {
		return false;
	}

	if (name.endsWith('.tmp')) {
		return now - before.mtimeMs > staleTempMs && removeIfSame(file, before);
	}

	const folder = name.endsWith('.json') ? folderOf(file, head) : undefined;
	// Only a manifest named for its folder's path (the real path, hashed, as manifestFile names it):
	// one written for a path through a link that is gone says nothing about the real folder.
	if (folder === undefined || !path.isAbsolute(folder) || `${keyOf(folder)}.json` !== name) {
		return false;
	}

	try {
		lstatSync(folder);
		return false;
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		return (code === 'ENOENT' || code === 'ENOTDIR') && removeIfSame(file, before);
	}
}

/** Remove `file` unless it was replaced or rewritten since it was looked at (a run wrote it meanwhile). */
function removeIfSame(file: string, seen: Stats): boolean {
	const now = statIfThereNow(file);
	if (now?.ino !== seen.ino || now.mtimeMs !== seen.mtimeMs) {
		return false;
	}

	try {
		unlinkSync(file);
		return true;
	} catch {
		return false;
	}
}

/** The folder a manifest names, from its head: `{"version":2,"folder":"…",…`. */
function folderOf(file: string, head: Buffer): string | undefined {
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch {
		return undefined;
	}

	try {
		const read = readSync(fd, head, 0, head.length, 0);
		const quoted = /^{"version":2,"folder":("(?:[^"\\]|\\.)*")/.exec(head.toString('utf8', 0, read))?.[1];
		return quoted === undefined ? undefined : JSON.parse(quoted) as string;
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

function shuffled<T>(items: T[]): T[] {
	for (let at = items.length - 1; at > 0; at--) {
		const other = Math.floor(Math.random() * (at + 1));
		[items[at], items[other]] = [items[other]!, items[at]!];
	}

	return items;
}
