import {constants, open as openCallback} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import net from 'node:net';
import type {Readable} from 'node:stream';
import {displayText} from '../format/safe-text.js';
import {abortable} from './abortable.js';
import {whyUnreadable} from './unreadable.js';
import {parseUrlList} from './url-list.js';
import {UsageError} from './usage-error.js';

/** A --urls list of 100,000 long URLs fits many times over; /dev/zero or a disk image does not. */
export const maxUrlsBytes = 64 * 1024 * 1024;

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

