import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {stateFolder} from '../engine/folder-manifest.js';
import {makeFolderLevels} from '../engine/make-folder.js';
import {fileErrorWords} from '../format/file-errors.js';
import {displayText} from '../format/safe-text.js';
import {abortable} from './abortable.js';

/**
 * Make imgrace's state folder (where each output folder's manifest goes) before the race, and say so
 * when it cannot be made or written: a HOME of /proc/nonexistent (daemons, some CI runners) or a
 * read-only one. The race still runs and saves its images; the note says where the manifests go
 * instead. Undefined when the folder is fine.
 */
export async function stateFolderNote(signal?: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
	const folder = stateFolder(env);
	const manifests = path.join(folder, 'folders');
	try {
		await makeFolderLevels(manifests, async work => abortable(work, signal));
		await abortable(access(manifests, constants.W_OK | constants.X_OK), signal);
		return undefined;
	} catch (error) {
		if (signal?.aborted) {
			throw error;
		}

		const why = fileErrorWords(error, {ENOENT: 'the file system refuses to create it'});
		return `cannot use the state folder ${displayText(folder, 120)} (${why}): which files imgrace wrote is recorded in a hidden .imgrace-manifest.json in each strategy folder instead`;
	}
}
