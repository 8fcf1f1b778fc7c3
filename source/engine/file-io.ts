import fs from 'node:fs';
import {fileErrorWords} from '../format/file-errors.js';
import {isOutOfDescriptors} from './fd-budget.js';

/**
 * The few file operations a download needs, on the callback API wrapped in one promise each.
 * node:fs/promises costs several times more CPU per file (a FileHandle object per open, chunked
 * writeFile, GC tracking) — measured at ~0.34 ms against ~0.08 ms for a 50 KB file, which at
 * thousands of images a second is most of the engine's budget (docs/performance.md). The `…Now`
 * forms run on the calling thread, for a body held in memory and the metadata calls that place a file.
 */

function done<T>(resolve: (value: T) => void, reject: (error: unknown) => void) {
	return (error: NodeJS.ErrnoException | null, value?: T) => {
		if (error) {
			reject(error);
		} else {
			resolve(value as T);
		}
	};
}

/** How long an open may wait for a free descriptor before EMFILE counts as a real failure. */
const descriptorWaitMs = 30_000;

/**
 * Run an operation that opens a descriptor, waiting and trying again while the process is out of
 * them (EMFILE/ENFILE): that is back-pressure from other images in flight, which free theirs soon,
 * not a reason to fail this one. Only the open paths need it; the rest reuse a descriptor.
 */
async function whenDescriptorFree<T>(operation: () => Promise<T>): Promise<T> {
	let waited = 0;
	for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
		try {
			return await operation();
		} catch (error) {
			if (!isOutOfDescriptors(error) || waited >= descriptorWaitMs) {
				throw error;
			}
		}

		await new Promise(resolve => {
			setTimeout(resolve, delay);
		});
		waited += delay;
	}
}

/** Create `file` (failing if it exists) holding exactly `data`: open, one write, close. */
export async function writeNewFile(file: string, data: Uint8Array): Promise<void> {
	return whenDescriptorFree(async () => new Promise((resolve, reject) => {
		fs.writeFile(file, data, {flag: 'wx'}, done(resolve, reject));
	}));
}

/**
 * Create `file` (failing if it exists) holding exactly the `chunks`, in order, on this thread; false,
 * with nothing left behind, when the process is out of descriptors (the caller then waits for one with
 * writeNewFile). The chunks go out in one writev: no copy of a body into one buffer first, which at
 * 1,000 images of 50 KB was 50 MB more for the garbage collector (docs/performance.md).
 */
export function writeNewFileNow(file: string, chunks: readonly Uint8Array[]): boolean {
	let fd: number;
	try {
		fd = fs.openSync(file, 'wx');
	} catch (error) {
		if (isOutOfDescriptors(error)) {
			return false;
		}

		throw error;
	}

	try {
		writeChunksNow(fd, chunks);
	} finally {
		fs.closeSync(fd);
	}

	return true;
}

/** Every byte of `chunks` at the file's position, however short a write the kernel makes. */
function writeChunksNow(fd: number, chunks: readonly Uint8Array[]): void {
	let rest = chunks;
	while (rest.length > 0) {
		let written = fs.writevSync(fd, rest);
		let whole = 0;
		while (whole < rest.length && written >= rest[whole]!.length) {
			written -= rest[whole]!.length;
			whole++;
		}

		// A short write: what is left of the chunk it stopped in, then the chunks after it.
		rest = whole === rest.length ? [] : [rest[whole]!.subarray(written), ...rest.slice(whole + 1)];
	}
}

/** Create `file` for writing, failing if it exists. */
export async function openNewFile(file: string): Promise<number> {
	return whenDescriptorFree(async () => new Promise((resolve, reject) => {
		fs.open(file, 'wx', done(resolve, reject));
	}));
}

/** Write all of `data` at the file's current position. */
export async function writeAll(fd: number, data: Uint8Array): Promise<void> {
	let offset = 0;
	while (offset < data.length) {
		const written = await new Promise<number>((resolve, reject) => {
			fs.write(fd, data, offset, data.length - offset, null, done(resolve, reject));
		});
		offset += written;
	}
}

export async function closeFile(fd: number): Promise<void> {
	return new Promise((resolve, reject) => {
		fs.close(fd, done(resolve, reject));
	});
}

export async function renameFile(from: string, to: string): Promise<void> {
	return new Promise((resolve, reject) => {
		fs.rename(from, to, done(resolve, reject));
	});
}

/** renameFile, on this thread. */
export function renameFileNow(from: string, to: string): void {
	fs.renameSync(from, to);
}

/** lstat: a link is reported as itself, never followed. */
export async function statFile(file: string): Promise<fs.Stats> {
	return new Promise((resolve, reject) => {
		fs.lstat(file, done(resolve, reject));
	});
}

/** statFile, on this thread. */
export function statFileNow(file: string): fs.Stats {
	return fs.lstatSync(file);
}

/** statFileNow, or undefined where nothing has that name. */
export function statIfThereNow(file: string): fs.Stats | undefined {
	return fs.lstatSync(file, {throwIfNoEntry: false});
}

/** Give `from` a second name `to`, failing with EEXIST (never replacing) if `to` exists; on this thread. */
export function linkFileNow(from: string, to: string): void {
	fs.linkSync(from, to);
}

/** removeFile, on this thread. */
export function removeFileNow(file: string): void {
	try {
		fs.unlinkSync(file);
	} catch {
		// Already gone, or not ours to remove: as removeFile.
	}
}

/** Remove a file; a file that is already gone is fine. */
export async function removeFile(file: string): Promise<void> {
	return new Promise(resolve => {
		fs.unlink(file, () => {
			resolve();
		});
	});
}

/**
 * Where a file being written meets an error, some codes mean more than the one table says
 * (format/file-errors.ts): a missing path is the run's folder gone, a folder where the file goes is in its way.
 */
const writeWords: Readonly<Record<string, string>> = {
	ENOENT: 'its folder is gone',
	EISDIR: 'a folder is in the way',
};

/** A file-system error as a one-line reason: "cannot write 007.jpg: no space left on the device (ENOSPC)". */
export function fileSystemReason(action: string, error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === undefined) {
		return action;
	}

	const words = fileErrorWords(error, writeWords);
	return words === code ? `${action} (${code})` : `${action}: ${words} (${code})`;
}
