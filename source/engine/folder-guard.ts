import {lstat, readdir, unlink} from 'node:fs/promises';
import path from 'node:path';
import {FolderError} from './errors.js';
import {renameFileNow, statFileNow, statIfThereNow} from './file-io.js';
import {manifestFile, readOwned, writeOwned, type Owned} from './folder-manifest.js';
import {makeFolderLevels} from './make-folder.js';
import {identityOf, placeNew, sameFile, type FileIdentity} from './place-file.js';
import {releaseLock, sweepable, takeLock} from './run-lock.js';

/**
 * Which files in a strategy folder are imgrace's own, and the one way a run gives a finished file its
 * name (`place`). A name that did not exist when the run started is taken only if it is still free
 * (placeNew: a file that appeared meanwhile, another run's or a user's, is never replaced); a name that
 * existed is replaced only if the folder's manifest (folder-manifest.ts) says imgrace wrote it and the
 * file there is still the one it wrote. Anything else (a user's 001.jpg, a link, a changed file) is
 * refused with a reason, and the image fails with it.
 *
 * At the start a run sweeps the temp files of runs that are over (run-lock.ts), never those of a run
 * still writing into the same folder.
 */
export {manifestFile, manifestName, stateFolder} from './folder-manifest.js';
export type {FileIdentity} from './place-file.js';

/** A file this run placed, for the manifest: plain data, so a worker can report it in a message. */
export type Claim = {readonly name: string; readonly identity: FileIdentity};

export type FolderGuard = {
	/**
	 * Give the finished temp file `tempPath` (in this folder) its final `name`. Resolves undefined once it
	 * is in place (the temp name is gone), or why not (the temp file is left for the caller to remove).
	 * Rejects only for a file-system error (the folder was deleted, the disk is full).
	 */
	place(tempPath: string, name: string): Promise<string | undefined>;
	/** A file this run placed by itself (a worker, through placeNew): recorded as imgrace's. */
	claim(claim: Claim): void;
	/** Write the manifest if this run changed what imgrace owns here, and let go of the folder. */
	save(): Promise<void>;
};

function appeared(name: string): string {
	return `${name} appeared in the folder during the run and is not imgrace's: not replaced`;
}

/** Place a name that was free when the run started: only if it still is. */
async function placeFresh(tempPath: string, prefix: string, name: string, claim: (claim: Claim) => void): Promise<string | undefined> {
	const identity = await placeNew(tempPath, prefix + name);
	if (identity === undefined) {
		return appeared(name);
	}

	claim({name, identity});
	return undefined;
}

export async function guardFolder(dir: string, runId: string): Promise<FolderGuard> {
	await makeFolderLevels(dir);
	// lstat: a strategy folder that is a link would send the images (and the replacing) elsewhere.
	const stats = await lstat(dir);
	if (stats.isSymbolicLink()) {
		throw new FolderError(`${dir} is a symbolic link: imgrace writes only into a real folder (remove the link or choose another --out)`);
	}

	if (!stats.isDirectory()) {
		throw new FolderError(`${dir} is not a folder`);
	}

	await takeLock(dir, runId);
	const names = await readdir(dir);
	const stale = new Set(sweepable(names));
	await Promise.all([...stale].map(async name => unlink(path.join(dir, name)).catch(() => undefined)));
	const existing = new Set(names.filter(name => !stale.has(name)));
	const stateFile = await manifestFile(dir);
	const owned = await readOwned(dir, stateFile);
	// Forget names that are gone: if someone else creates one later, it is theirs. Kept aside so that
	// the save's second read does not bring them back: a manifest would list every name ever written
	// here, and every run would read and write them all (5,000 stale names: ~20-30 ms and ~4 MB a save).
	const forgotten: Owned = new Map();
	for (const [name, identity] of owned) {
		if (!existing.has(name)) {
			forgotten.set(name, identity);
			owned.delete(name);
		}
	}

	const prefix = path.join(dir, path.sep);
	const claimed: Owned = new Map();
	const carried = new Map(owned);
	const claim = ({name, identity}: Claim) => {
		claimed.set(name, identity);
		owned.set(name, identity);
	};

	return {
		async place(tempPath, name) {
			if (!existing.has(name)) {
				return placeFresh(tempPath, prefix, name, claim);
			}

			const known = owned.get(name);
			if (known === undefined) {
				return `${name} exists and was not written by imgrace: not replaced`;
			}

			// On this thread, as a free name is placed (place-file.ts): through libuv's pool these three calls
			// made every run after the first into a folder (a key in the live race, --runs, --warmup) wait for
			// the pool, which the first run does not (docs/performance.md, "A rerun into the same folder").
			const file = statIfThereNow(prefix + name);
			if (file === undefined) {
				// Removed since the run started: free again, unless someone takes it first.
				return placeFresh(tempPath, prefix, name, claim);
			}

			if (!file.isFile()) {
				return `${name} is no longer a plain file: not replaced`;
			}

			if ((file.mode & 0o200) === 0) {
				return `${name} is read-only: not replaced`;
			}

			if (!sameFile(identityOf(file), known)) {
				return `${name} was changed or replaced since imgrace wrote it: not replaced`;
			}

			// A file moved there between this check and the rename is still replaced: a window of two
			// calls, where POSIX offers no rename-if-unchanged to close it.
			const written = statFileNow(tempPath);
			renameFileNow(tempPath, prefix + name);
			claim({name, identity: identityOf(written)});
			return undefined;
		},
		claim,
		async save() {
			try {
				if (claimed.size === 0 && carried.size === owned.size) {
					return;
				}

				// Read again: a run that wrote here meanwhile keeps what it recorded, unless this run
				// placed the same name after it. A forgotten name stays forgotten unless such a run
				// recorded it anew (another file, another identity).
				const now = await readOwned(dir, stateFile);
				for (const [name, identity] of forgotten) {
					const recorded = now.get(name);
					if (recorded && sameFile(recorded, identity)) {
						now.delete(name);
					}
				}

				await writeOwned(dir, stateFile, runId, new Map([...carried, ...now, ...claimed]));
			} finally {
				await releaseLock(dir, runId);
			}
		},
	};
}

/**
 * The guard as a worker (thread or child process) holds it: names free at the run's start are placed
 * right there (placeNew) and reported through `report`; a name that existed goes to the main thread's
 * guard through `ask`, which owns the manifest.
 */
export function remoteGuard(prefix: string, existing: ReadonlySet<string>, ask: (tempPath: string, name: string) => Promise<string | undefined>, report: (claim: Claim) => void): FolderGuard {
	return {
		async place(tempPath, name) {
			return existing.has(name) ? ask(tempPath, name) : placeFresh(tempPath, prefix, name, report);
		},
		claim: report,
		async save() {
			// The main thread saves the manifest once for the whole run.
		},
	};
}
