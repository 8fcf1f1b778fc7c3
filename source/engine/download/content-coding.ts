import type {Transform} from 'node:stream';
import {zlibModule} from '../client/lazy-builtins.js';
import {DownloadError} from '../errors.js';

/**
 * Content codings, undone by the download core itself for every client alike (got is told not to
 * decompress): the same body then means the same bytes, the same errors and the same length check,
 * whichever client fetched it. zlib loads at the first coded body only.
 */

/** The codings imgrace asks for and undoes (zstd where this Node has it). */
export const decodableCodings: readonly string[] = ['gzip', 'deflate', 'br', ...(typeof process.versions.zstd === 'string' ? ['zstd'] : [])];

const none: readonly string[] = [];

/**
 * The codings to undo, in the order they are to be undone, or none: empty members and `identity`
 * dropped, `x-gzip` is gzip. A body with a coding imgrace cannot undo is taken as it came, as got does
 * (the image check then judges it).
 */
export function codingsToUndo(header: string | readonly string[] | undefined): readonly string[] {
	if (header === undefined) {
		return none;
	}

	const text = typeof header === 'string' ? header : (header ?? []).join(',');
	const codings = text.toLowerCase().split(',').map(coding => coding.trim()).filter(coding => coding !== '' && coding !== 'identity').map(coding => coding === 'x-gzip' ? 'gzip' : coding);
	return codings.every(coding => decodableCodings.includes(coding)) ? codings.toReversed() : [];
}

/**
 * Holds the body back while something downstream catches up (the decoder, the file's writes): each
 * `hold` is matched by one `release`, and the body flows again when none is held.
 */
export type Flow = {hold(): void; release(): void};

/**
 * Undoes a body's codings as its bytes arrive: one zlib stage per coding, each made at its first chunk
 * (so an empty body is no error, and `deflate` is read as zlib-wrapped or raw by its first two bytes, as
 * curl and browsers accept both). Decoded bytes go to `onData`; a failure to `onError`, once.
 */
export class BodyDecoder {
	private readonly stages: Stage[];
	private failed = false;

	constructor(codings: readonly string[], onData: (chunk: Uint8Array) => void, private readonly onError: (error: DownloadError) => void, flow: Flow) {
		const fail = (error: Error & {code?: string}) => {
			if (!this.failed) {
				this.failed = true;
				this.onError(decodeFailure(error, codings));
			}
		};

		this.stages = [];
		for (let at = codings.length - 1; at >= 0; at--) {
			const next = this.stages[0];
			this.stages.unshift(new Stage(codings[at]!, next ? chunk => next.write(chunk) : onData, fail, flow));
		}
	}

	write(chunk: Uint8Array): void {
		if (!this.failed) {
			this.stages[0]!.write(chunk);
		}
	}

	/** Every stage flushed, in order: resolves once the last decoded byte has been delivered. */
	async end(): Promise<void> {
		for (const stage of this.stages) {
			await stage.end();
		}
	}

	destroy(): void {
		for (const stage of this.stages) {
			stage.destroy();
		}
	}
}

class Stage {
	private inner: Transform | undefined;
	private ended: Promise<void> | undefined;

	constructor(private readonly coding: string, private readonly onData: (chunk: Uint8Array) => void, private readonly onError: (error: Error) => void, private readonly flow: Flow) {}

	write(chunk: Uint8Array): void {
		this.inner ??= this.start(chunk);
		if (!this.inner.write(chunk)) {
			this.flow.hold();
			this.inner.once('drain', () => {
				this.flow.release();
			});
		}
	}

	async end(): Promise<void> {
		if (!this.inner) {
			return;
		}

		const inner = this.inner;
		this.ended ??= new Promise<void>(resolve => {
			inner.once('end', resolve);
			// A failure is reported through onError; the body is over either way.
			inner.once('error', () => {
				resolve();
			});
			inner.end();
		});
		return this.ended;
	}

	destroy(): void {
		this.inner?.destroy();
	}

	private start(first: Uint8Array): Transform {
		const zlib = zlibModule();
		const inner = this.coding === 'zstd'
			? zlib.createZstdDecompress()
			: (this.coding === 'br'
				? zlib.createBrotliDecompress()
				: (this.coding === 'deflate' && !zlibWrapped(first) ? zlib.createInflateRaw() : zlib.createUnzip()));
		inner.on('data', this.onData);
		inner.on('error', this.onError);
		return inner;
	}
}

/** A zlib stream's two header bytes: compression method 8 and a check that makes them a multiple of 31 (RFC 1950). */
function zlibWrapped(first: Uint8Array): boolean {
	return first.length >= 2 && (first[0]! & 0x0F) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
}

/**
 * A stream that merely stops early (zlib's Z_BUF_ERROR, "unexpected end of file") is a cut-off body and
 * may arrive whole next time; any other failure is a body the server will send the same way again.
 */
function decodeFailure(error: Error & {code?: string}, codings: readonly string[]): DownloadError {
	if (error.code === 'Z_BUF_ERROR') {
		return DownloadError.truncated(undefined, undefined, error);
	}

	const why = error.message.replaceAll(/[^\u0020-\u007E]/g, '?').slice(0, 60);
	return DownloadError.undecodable(`cannot decode the ${codings.toReversed().join(', ')} body (${why})`, error);
}
