import {lstat, mkdir, readFile, readdir, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';

/**
 * Which files in a strategy folder are imgrace's own. A run replaces only names listed in the folder's
 * manifest (written by earlier runs) or names that did not exist when it started; anything else (a
 * user's 001.jpg, a link) is refused. The manifest is read and written once per run, never per image,
 * and written atomically (temp file + rename) so a crash leaves the old one or the new one.
 */
export const manifestName = '.imgrace-manifest.json';

/** imgrace's own temp names (download.ts, and the manifest's): swept at the start of a run. */
const ownTempName = /^\.imgrace-(?:[\da-f]{8}-\d+-\d+\.part|manifest-[\da-f]{8}\.tmp)$/;

/** The strategy folder itself cannot be used: one line for the user, a usage error. */
export class OutputFolderError extends Error {
	override name = 'OutputFolderError';
}

export type FolderGuard = {
	/** Why `name` must not be written, or undefined when it may. Cheap (no syscall) for a fresh name. */
	refusal(name: string): Promise<string | undefined> | undefined;
	/** `name` was written by this run. */
	claim(name: string): void;
	/** Write the manifest if this run changed what imgrace owns here. */
	save(): Promise<void>;
};

export async function guardFolder(dir: string, runId: string): Promise<FolderGuard> {
	await mkdir(dir, {recursive: true});
	// lstat: a strategy folder that is a link would send the images (and the replacing) elsewhere.
	const stats = await lstat(dir);
	if (stats.isSymbolicLink()) {
		throw new OutputFolderError(`${dir} is a symbolic link: imgrace writes only into a real folder (remove the link or choose another --out)`);
	}

	if (!stats.isDirectory()) {
		throw new OutputFolderError(`${dir} is not a folder`);
	}

	const names = await readdir(dir);
	const stale = names.filter(name => ownTempName.test(name));
	await Promise.all(stale.map(async name => unlink(path.join(dir, name)).catch(() => undefined)));
	const existing = new Set(names);
	for (const name of stale) {
		existing.delete(name);
	}

	const owned = existing.has(manifestName) ? await readManifest(path.join(dir, manifestName)) : new Set<string>();
	// Forget names that are gone: if someone else creates one later, it is theirs.
	for (const name of owned) {
		if (!existing.has(name)) {
			owned.delete(name);
		}
	}

	const before = owned.size;
	let changed = false;
	return {
		refusal(name) {
			if (!existing.has(name)) {
				return undefined;
			}

			if (!owned.has(name)) {
				return Promise.resolve(`${name} exists and was not written by imgrace: not replaced`);
			}

			return (async () => {
				const file = await lstat(path.join(dir, name)).catch(() => undefined);
				if (file === undefined) {
					return undefined;
				}

				if (!file.isFile()) {
					return `${name} is no longer a plain file: not replaced`;
				}

				return (file.mode & 0o200) === 0 ? `${name} is read-only: not replaced` : undefined;
			})();
		},
		claim(name) {
			if (!owned.has(name)) {
				owned.add(name);
				changed = true;
			}
		},
		async save() {
			if (!changed && owned.size === before) {
				return;
			}

			const temp = path.join(dir, `.imgrace-manifest-${runId}.tmp`);
			try {
				await writeFile(temp, `${JSON.stringify({version: 1, files: [...owned].sort()})}\n`, {flag: 'wx'});
				await rename(temp, path.join(dir, manifestName));
			} catch {
				// Best effort: without the manifest the next run is only more careful, never less.
				await unlink(temp).catch(() => undefined);
			}
		},
	};
}

async function readManifest(file: string): Promise<Set<string>> {
	try {
		const stats = await lstat(file);
		if (!stats.isFile() || stats.size > 10_000_000) {
			return new Set();
		}

		const data = JSON.parse(await readFile(file, 'utf8')) as {files?: unknown};
		const files = Array.isArray(data.files) ? data.files : [];
		// Only plain names: a manifest must never name a path outside its folder.
		return new Set(files.filter((name): name is string => typeof name === 'string' && name !== '' && !name.includes('/') && !name.includes('\\') && !name.startsWith('.')));
	} catch {
		return new Set();
	}
}
