import {mkdir, stat} from 'node:fs/promises';
import path from 'node:path';

/** Each file-system call of makeFolderLevels goes through this: config/ races it against a signal. */
export type Step = <T>(work: Promise<T>) => Promise<T>;

const direct: Step = async work => work;

/**
 * Make a folder and its missing parents one level at a time, each level one mkdir. Node's recursive
 * mkdir retries ENOENT forever where the file system answers it for a folder whose parent exists
 * (`/proc/x`, a HOME of /proc/nonexistent), at 100% CPU in a libuv thread no signal reaches; here a
 * parent that exists and still answers ENOENT ends the walk with that error. Rejects with the errno error
 * of the level that failed.
 */
export async function makeFolderLevels(dir: string, step: Step = direct): Promise<void> {
	const target = path.resolve(dir);
	try {
		await step(mkdir(target));
		return;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			if ((await step(stat(target))).isDirectory()) {
				return;
			}

			throw error;
		}

		if (code !== 'ENOENT' || path.dirname(target) === target) {
			throw error;
		}
	}

	await makeFolderLevels(path.dirname(target), step);
	// Once more, without recursion: a parent that exists but still answers ENOENT (/proc) is final.
	await step(mkdir(target));
}
