import {X509Certificate} from 'node:crypto';
import {constants, open as openCallback} from 'node:fs';
import {access, mkdir, open, readFile, stat} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {displayText} from '../format/safe-text.js';
import {UsageError, parseUrlList} from './parse-options.js';

/** A --urls list of 100,000 long URLs fits many times over; /dev/zero or a disk image does not. */
export const maxUrlsBytes = 64 * 1024 * 1024;

/** Settle with `work`, or reject with the signal's reason as soon as it fires (the work is abandoned). */
export async function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) {
		return work;
	}

	signal.throwIfAborted();
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => {
			reject(signal.reason as Error);
		};

		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort!);
	}
}

/**
 * A FIFO read through the thread pool blocks a libuv thread in read(2) until a writer sends EOF, and
 * such a thread even keeps process.exit from returning. Opened non-blocking and read as a pipe socket
 * it is polled by the event loop instead (Linux reports no hang-up before the first writer connects, so
 * a writer that comes later is still read), and destroying the socket ends the wait.
 */
async function openFifo(file: string): Promise<Readable> {
	const fd = await new Promise<number>((resolve, reject) => {
		openCallback(file, constants.O_RDONLY | constants.O_NONBLOCK, (error, opened) => {
			if (error) {
				reject(error);
			} else {
				resolve(opened);
			}
		});
	});
	return new net.Socket({fd, readable: true, writable: false});
}

async function openList(file: string): Promise<Readable> {
	if (file === '-') {
		return process.stdin;
	}

	const info = await stat(file);
	if (info.isFIFO() || info.isSocket()) {
		return openFifo(file);
	}

	if (info.isDirectory()) {
		throw Object.assign(new Error('is a folder'), {code: 'EISDIR'});
	}

	const handle = await open(file, 'r');
	return handle.createReadStream();
}

async function readAll(stream: Readable, signal: AbortSignal | undefined, name: string): Promise<string> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for await (const chunk of abortableChunks(stream, signal)) {
			size += chunk.length;
			if (size > maxUrlsBytes) {
				throw new UsageError(`--urls ${name}: larger than ${maxUrlsBytes / 1024 / 1024} MiB, not a list of URLs`);
			}

			chunks.push(chunk);
		}
	} finally {
		if (stream !== process.stdin) {
			stream.destroy();
		}
	}

	return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The stream's chunks until it ends; the signal ends the wait (and the reading) at once. */
async function * abortableChunks(stream: Readable, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
	const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
	for (;;) {
		const next = await abortable(iterator.next(), signal);
		if (next.done) {
			return;
		}

		yield next.value;
	}
}

/**
 * Read and parse a --urls file (`-` for stdin, a pipe or FIFO too), turning file-system errors into
 * one-line usage errors. The signal (SIGINT, SIGTERM, SIGHUP) ends the read whenever it comes, also
 * while a pipe's writer keeps it open and silent.
 */
export async function loadUrlList(file: string, signal?: AbortSignal): Promise<string[]> {
	const name = file === '-' ? 'stdin' : displayText(file, 120);
	let content: string;
	try {
		const stream = await abortable(openList(file), signal);
		content = await readAll(stream, signal, name);
	} catch (error) {
		if (signal?.aborted || error instanceof UsageError) {
			throw error;
		}

		throw new UsageError(`--urls ${name}: ${whyUnreadable(error)}`);
	}

	return parseUrlList(content, name);
}

/** Why a file given on the command line could not be read, in words. */
function whyUnreadable(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot read');
}

/**
 * Read --cacert: PEM text holding at least one certificate Node can parse. Checked before any
 * download, so a wrong path is one usage line rather than a certificate error on every image.
 */
export async function loadCaFile(file: string): Promise<string> {
	let content: string;
	try {
		content = await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--cacert ${displayText(file, 120)}: ${whyUnreadable(error)}`);
	}

	const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(content);
	try {
		if (!first) {
			throw new Error('no certificate');
		}

		// Parsed only to refuse a broken file now; Node's TLS reads the whole text, every certificate in it.
		void new X509Certificate(first[0]);
	} catch {
		throw new UsageError(`--cacert ${displayText(file, 120)}: no PEM certificate in the file (want -----BEGIN CERTIFICATE-----)`);
	}

	return content;
}

/**
 * --out must be a folder we can write to, or a path we can create. Checked before any download so a
 * typo fails in a second, not after a whole sequential run. Each step races the signal: a stat on a
 * hung mount must not outlive Ctrl+C.
 */
export async function checkOutDir(out: string, signal?: AbortSignal): Promise<void> {
	const shown = displayText(out, 120);
	let current = path.resolve(out);
	for (;;) {
		let info;
		try {
			info = await abortable(stat(current), signal);
		} catch (error) {
			if (signal?.aborted) {
				throw error;
			}

			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' && path.dirname(current) !== current) {
				current = path.dirname(current);
				continue;
			}

			if (code === 'ENOTDIR') {
				throw new UsageError(`--out ${shown}: a part of the path is a file, not a folder`);
			}

			throw new UsageError(`--out ${shown}: ${code ?? 'cannot be used'}`);
		}

		if (!info.isDirectory()) {
			throw new UsageError(current === path.resolve(out) ? `--out ${shown}: is a file, not a folder` : `--out ${shown}: ${displayText(path.relative(process.cwd(), current) || current)} is a file, not a folder`);
		}

		try {
			await abortable(access(current, constants.W_OK | constants.X_OK), signal);
		} catch (error) {
			if (signal?.aborted) {
				throw error;
			}

			throw new UsageError(`--out ${shown}: ${displayText(current)} is not writable`);
		}

		return;
	}
}

/** A folder that could not be made, said in words: the run that needed it is reported with this. */
export class FolderError extends Error {
	override name = 'FolderError';
}

const folderReasons: Record<string, string> = {
	EEXIST: 'a file is in the way',
	ENOTDIR: 'a part of the path is a file, not a folder',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on the device',
	ENOENT: 'the file system refuses to create it',
	ELOOP: 'too many symbolic links',
	ENAMETOOLONG: 'name too long',
};

async function makeOne(dir: string, signal: AbortSignal | undefined): Promise<void> {
	try {
		await abortable(mkdir(dir), signal);
		return;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			const info = await abortable(stat(dir), signal);
			if (info.isDirectory()) {
				return;
			}

			throw error;
		}

		if (code !== 'ENOENT' || path.dirname(dir) === dir) {
			throw error;
		}
	}

	await makeOne(path.dirname(dir), signal);
	// Once more, without recursion: a parent that exists but still answers ENOENT (/proc) is final.
	await abortable(mkdir(dir), signal);
}

/**
 * Make a run's folder one level at a time. Node's recursive mkdir retries ENOENT forever where the
 * file system answers it for a folder whose parent exists (`--out /proc/x`), in a thread no signal
 * reaches; here every level is one call, raced against the signal. Fails with a FolderError.
 */
export async function makeFolder(dir: string, signal?: AbortSignal): Promise<void> {
	try {
		await makeOne(path.resolve(dir), signal);
	} catch (error) {
		if (signal?.aborted) {
			throw error;
		}

		const code = (error as NodeJS.ErrnoException).code ?? '';
		throw new FolderError(`cannot create folder ${displayText(dir, 120)}: ${folderReasons[code] ?? (code || (error as Error).message)}`, {cause: error});
	}
}
