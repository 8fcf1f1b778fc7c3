import {createHash} from 'node:crypto';
import {lstat, readFile, realpath, rename, unlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {makeFolderLevels} from './make-folder.js';
import {identityOf, type FileIdentity} from './place-file.js';

/**
 * A folder's manifest: which of its files imgrace wrote, and which file each was (FileIdentity), so a
 * user's file moved or copied over one of those names later is seen as theirs. Read and written once
 * per run, never per image, atomically (temp file + rename) so a crash leaves the old one or the new.
 *
 * It lives in imgrace's state folder (manifestFile), not among the images. Where that folder cannot be
 * made or written, it falls back to a hidden file in the folder itself (manifestName), which is also read.
 *
 * Format 2: `{version: 2, folder (its real path), files: {"001.jpg": {ino, size, mtimeMs}}}`. Format 1 (earlier versions)
 * listed names only: such a name is still taken as imgrace's if its file has not changed since that
 * manifest was written (its ctime, which a move, copy, write or chmod updates, is no later than the
 * manifest's mtime), and recorded with its identity from then on: only from the state folder, which no
 * other program writes. A names-only list in the folder itself (a hidden file that anything, or a copied
 * folder, can bring) names no file of imgrace's.
 */
export const manifestName = '.imgrace-manifest.json';

export type Owned = Map<string, FileIdentity>;

/** $IMGRACE_STATE_DIR, else $XDG_STATE_HOME/imgrace, else ~/.local/state/imgrace (the XDG default). */
export function stateFolder(env: NodeJS.ProcessEnv = process.env): string {
	return env['IMGRACE_STATE_DIR'] || path.join(env['XDG_STATE_HOME'] || path.join(os.homedir(), '.local', 'state'), 'imgrace');
}

/** The manifest of a folder in the state folder: one file per real path, named by its hash. */
export async function manifestFile(dir: string): Promise<string> {
	return path.join(stateFolder(), 'folders', `${keyOf(await realpath(dir))}.json`);
}

/** A manifest's name without `.json`, from its folder's real path. */
export function keyOf(realFolder: string): string {
	return createHash('sha256').update(realFolder).digest('hex').slice(0, 32);
}

/** Only plain names: a manifest must never name a path outside its folder, nor a hidden file. */
function plainName(name: unknown): name is string {
	return typeof name === 'string' && name !== '' && !name.includes('/') && !name.includes('\\') && !name.startsWith('.');
}

function isIdentity(value: unknown): value is FileIdentity {
	const {ino, size, mtimeMs} = (value ?? {}) as Record<string, unknown>;
	return [ino, size, mtimeMs].every(number => typeof number === 'number' && Number.isFinite(number));
}

/**
 * What one manifest file says; nothing (never an error) when it is missing, too big or not a manifest.
 * `namesOnly`: whether a format-1 list of names is taken (the state folder's own manifest alone).
 */
async function readOne(file: string, dir: string, namesOnly: boolean): Promise<Owned> {
	const owned: Owned = new Map();
	try {
		const stats = await lstat(file);
		if (!stats.isFile() || stats.size > 10_000_000) {
			return owned;
		}

		const {files} = JSON.parse(await readFile(file, 'utf8')) as {files?: unknown};
		if (Array.isArray(files) && namesOnly) {
			await Promise.all(files.filter(name => plainName(name)).map(async name => {
				const now = await lstat(path.join(dir, name)).catch(() => undefined);
				if (now?.isFile() && now.ctimeMs <= stats.mtimeMs) {
					owned.set(name, identityOf(now));
				}
			}));
		} else if (typeof files === 'object' && files !== null && !Array.isArray(files)) {
			for (const [name, identity] of Object.entries(files)) {
				if (plainName(name) && isIdentity(identity)) {
					owned.set(name, identityOf(identity));
				}
			}
		}
	} catch {
		// Unreadable or not JSON: as if there were none (the run is then only more careful).
	}

	return owned;
}

/** What imgrace owns in `dir`, from the state folder's manifest and the hidden one in the folder. */
export async function readOwned(dir: string, stateFile: string): Promise<Owned> {
	const [state, inFolder] = await Promise.all([readOne(stateFile, dir, true), readOne(path.join(dir, manifestName), dir, false)]);
	return new Map([...inFolder, ...state]);
}

/**
 * Write the manifest: in the state folder if it can be made and written (then the hidden copy in the
 * folder is removed, it would only go stale), else the hidden file in the folder. Best effort: without
 * a manifest the next run is only more careful, never less.
 */
export async function writeOwned(dir: string, stateFile: string, runId: string, owned: Owned): Promise<void> {
	const files = Object.fromEntries([...owned].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
	// The real path, whose hash names the manifest: how manifest-pruning.ts tells that its folder is gone.
	const folder = await realpath(dir).catch(() => dir);
	const text = `${JSON.stringify({version: 2, folder, files})}\n`;
	const inFolder = path.join(dir, manifestName);
	if (await writeAtomically(stateFile, `${stateFile}.${runId}.tmp`, text, true)) {
		await unlink(inFolder).catch(() => undefined);
		return;
	}

	await writeAtomically(inFolder, path.join(dir, `.imgrace-manifest-${runId}.tmp`), text, false);
}

async function writeAtomically(file: string, temp: string, text: string, makeFolder: boolean): Promise<boolean> {
	try {
		if (makeFolder) {
			await makeFolderLevels(path.dirname(file));
		}

		await writeFile(temp, text, {flag: 'wx'});
		await rename(temp, file);
		return true;
	} catch {
		await unlink(temp).catch(() => undefined);
		return false;
	}
}
