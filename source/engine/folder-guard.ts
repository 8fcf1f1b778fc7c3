import {createHash} from 'node:crypto';
import {lstat, mkdir, readFile, readdir, realpath, rename, unlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {FolderError} from './errors.js';

/**
 * Which files in a strategy folder are imgrace's own. A run replaces only names listed in the folder's
 * manifest (written by earlier runs) or names that did not exist when it started; anything else (a
 * user's 001.jpg, a link) is refused. The manifest is read and written once per run, never per image,
 * and written atomically (temp file + rename) so a crash leaves the old one or the new one.
 *
 * The manifest lives in imgrace's state folder (manifestFile), not among the images: a listing of --out
 * shows the images and nothing else. Where that folder cannot be written, it falls back to a hidden
 * file in the strategy folder (manifestName), which is also read, so folders of earlier versions keep
 * what they own.
 */
export const manifestName = '.imgrace-manifest.json';

/** $IMGRACE_STATE_DIR, else $XDG_STATE_HOME/imgrace, else ~/.local/state/imgrace (the XDG default). */
export function stateFolder(env: NodeJS.ProcessEnv = process.env): string {
	return env['IMGRACE_STATE_DIR'] || path.join(env['XDG_STATE_HOME'] || path.join(os.homedir(), '.local', 'state'), 'imgrace');
}

/** The manifest of a folder in the state folder: one file per real path, named by its hash. */
export async function manifestFile(dir: string): Promise<string> {
	const key = createHash('sha256').update(await realpath(dir)).digest('hex').slice(0, 32);
	return path.join(stateFolder(), 'folders', `${key}.json`);
}

/** imgrace's own temp names (download.ts, and the manifest's): swept at the start of a run. */
const ownTempName = /^\.imgrace-(?:[\da-f]{8}-\d+-\d+\.part|manifest-[\da-f]{8}\.tmp)$/;

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
		throw new FolderError(`${dir} is a symbolic link: imgrace writes only into a real folder (remove the link or choose another --out)`);
	}

	if (!stats.isDirectory()) {
		throw new FolderError(`${dir} is not a folder`);
	}

	const names = await readdir(dir);
	const stale = names.filter(name => ownTempName.test(name));
	await Promise.all(stale.map(async name => unlink(path.join(dir, name)).catch(() => undefined)));
	const existing = new Set(names);
	for (const name of stale) {
		existing.delete(name);
	}

	const stateFile = await manifestFile(dir);
	const owned = await readManifest(stateFile);
	if (existing.has(manifestName)) {
		for (const name of await readManifest(path.join(dir, manifestName))) {
			owned.add(name);
		}
	}

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

			const text = `${JSON.stringify({version: 1, folder: dir, files: [...owned].sort()})}\n`;
			if (await writeAtomically(stateFile, `${stateFile}.${runId}.tmp`, text, true)) {
				// The state folder has it now: an older in-folder copy would only go stale.
				if (existing.has(manifestName)) {
					await unlink(path.join(dir, manifestName)).catch(() => undefined);
				}

				return;
			}

			// Best effort: without the manifest the next run is only more careful, never less.
			await writeAtomically(path.join(dir, manifestName), path.join(dir, `.imgrace-manifest-${runId}.tmp`), text, false);
		},
	};
}

async function writeAtomically(file: string, temp: string, text: string, makeFolder: boolean): Promise<boolean> {
	try {
		if (makeFolder) {
			await mkdir(path.dirname(file), {recursive: true});
		}

		await writeFile(temp, text, {flag: 'wx'});
		await rename(temp, file);
		return true;
	} catch {
		await unlink(temp).catch(() => undefined);
		return false;
	}
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
