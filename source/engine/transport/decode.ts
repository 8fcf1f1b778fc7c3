import type {IncomingMessage} from 'node:http';
import {type Readable, Transform, type TransformCallback} from 'node:stream';
import {zlibModule} from './lazy-builtins.js';

const supported = new Set(['gzip', 'deflate', 'br', ...(typeof process.versions.zstd === 'string' ? ['zstd'] : [])]);

/**
 * The codings to undo, in the order they are to be undone, or none: as got 16 reads Content-Encoding
 * (empty members and `identity` dropped, `x-gzip` is gzip), and a body with any coding it cannot undo
 * is passed on as it came.
 */
export function codingsToUndo(header: string | undefined): readonly string[] {
	const codings = (header ?? '').toLowerCase().split(',').map(coding => coding.trim()).filter(coding => coding !== '' && coding !== 'identity').map(coding => coding === 'x-gzip' ? 'gzip' : coding);
	return codings.every(coding => supported.has(coding)) ? codings.toReversed() : [];
}

/** The decoded body: one stage per coding; `onError` hears a stage's failure. */
export function decodedBody(response: IncomingMessage, codings: readonly string[], onError: (error: Error) => void): Readable {
	let body: Readable = response;
	for (const coding of codings) {
		const stage = new Decoder(coding);
		stage.on('error', onError);
		body = body.pipe(stage);
	}

	return body;
}

/**
 * One coding undone by zlib, its decompressor made at the first chunk as decompress-response (got's)
 * does: an empty body is not an error, and deflate without its zlib header (raw) is told by the first
 * byte. zlib itself is loaded then, so a run that meets no compressed body never loads it.
 */
class Decoder extends Transform {
	private inner: Transform | undefined;

	constructor(private readonly coding: string) {
		super();
	}

	override _transform(chunk: Uint8Array, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.inner ??= this.start(chunk);
		if (this.inner.write(chunk)) {
			callback();
		} else {
			this.inner.once('drain', callback);
		}
	}

	override _flush(callback: TransformCallback): void {
		if (!this.inner) {
			callback();
			return;
		}

		this.inner.once('end', () => {
			callback();
		});
		this.inner.end();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		this.inner?.destroy();
		callback(error);
	}

	private start(first: Uint8Array): Transform {
		const zlib = zlibModule();
		const inner = this.coding === 'zstd'
			? zlib.createZstdDecompress()
			: this.coding === 'br'
				? zlib.createBrotliDecompress()
				: this.coding === 'deflate' && first.length > 0 && (first[0]! & 0x08) === 0 ? zlib.createInflateRaw() : zlib.createUnzip();
		inner.on('data', (data: Uint8Array) => this.push(data));
		inner.on('error', error => this.destroy(error));
		return inner;
	}
}
