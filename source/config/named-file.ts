import {constants, open as openCallback} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import net from 'node:net';
import type {Readable} from 'node:stream';
import {displayText} from '../format/safe-text.js';
import {abortable} from './abortable.js';
import {whyUnreadable} from './unreadable.js';
import {UsageError} from './usage-error.js';

/** A file named by a flag: how much of it is plausible, and what it is not when it holds more. */
export type NamedFile = {
	/** As typed: "--cacert". */
	readonly flag: string;
	readonly maxBytes: number;
	/** What a larger file cannot be: "a list of URLs". */
	readonly what: string;
	/** `-` is stdin (else it is a file named "-"). */
	readonly stdin?: boolean;
};

/**
 * A FIFO read through the thread pool blocks a libuv thread in open(2) or read(2) until a writer comes,
 * and such a thread even keeps process.exit from returning. Opened non-blocking and read as a pipe socket
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

async function openStream(file: string, stdin: boolean): Promise<Readable> {
	if (stdin && file === '-') {
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
 * Read a file named on the command line, whatever it turns out to be: a FIFO with no writer yet, a pipe
 * that stays silent, /dev/zero, a disk image. At most `maxBytes` are read (more is a UsageError saying
 * what the file cannot be), and the signal (SIGINT, SIGTERM, SIGHUP) ends the wait whenever it comes.
 * Any other failure is a UsageError naming the flag and the file, the reason in words.
 */
export async function readNamedFile(file: string, {flag, maxBytes, what, stdin = false}: NamedFile, signal?: AbortSignal): Promise<Buffer> {
	const named = `${flag} ${stdin && file === '-' ? 'stdin' : displayText(file, 120)}`;
	const chunks: Uint8Array[] = [];
	let size = 0;
	let stream: Readable | undefined;
	try {
		stream = await abortable(openStream(file, stdin), signal);
		for await (const chunk of abortableChunks(stream, signal)) {
			size += chunk.length;
			if (size > maxBytes) {
				throw new UsageError(`${named}: larger than ${(maxBytes / 1024 / 1024).toLocaleString('en-US')} MiB, not ${what}`);
			}

			chunks.push(chunk);
		}
	} catch (error) {
		if (signal?.aborted || error instanceof UsageError) {
			throw error;
		}

		throw new UsageError(`${named}: ${whyUnreadable(error)}`);
	} finally {
		if (stream !== process.stdin) {
			stream?.destroy();
		}
	}

	return Buffer.concat(chunks);
}
