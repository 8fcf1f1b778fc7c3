import {closeFile, openNewFile, removeFile, writeAll, writeNewFile, writeNewFileNow} from '../file-io.js';
import type {Flow} from './content-coding.js';

/**
 * Bodies up to this size are held in memory and written with one call (fewer syscalls per file);
 * larger ones spill to the temp file and stream. Memory stays bounded by slots × this. The image check
 * does not depend on it: every byte passes through an ImageScanner as it arrives (image-scan/).
 */
export const memoryBound = 256 * 1024;

/**
 * Where one attempt's body goes: into memory up to `memoryBound`, then into its temp file, chunk by
 * chunk in order. While any write is pending the response is paused, so a slow disk slows the
 * download instead of filling memory.
 */
export class BodySink {
	// Chunks are Buffers on Node's HTTP path today, but got 16 moved its binary bodies to Uint8Array:
	// only Uint8Array features are relied on here.
	private chunks: Uint8Array[] = [];
	private held = 0;
	/** The temp file once the body outgrew memory. */
	private fd: number | undefined;
	/** Whether the temp file exists, so cleanup knows to remove it. */
	private created = false;
	/** Writes of a spilled body, one after the other. */
	private writes: Promise<void> | undefined;
	private stopped = false;

	constructor(
		private readonly tempPath: string,
		private readonly flow: Flow,
		/** Told of a failed write; the attempt fails with it. */
		private readonly onError: (error: unknown) => void,
		/** Work after the download reads the body (a thumbnail): it is joined into one array for it. */
		private readonly keepsBody: boolean,
	) {}

	push(chunk: Uint8Array): void {
		if (this.writes) {
			this.enqueue(async () => writeAll(this.fd!, chunk));
			return;
		}

		this.chunks.push(chunk);
		this.held += chunk.length;
		if (this.held > memoryBound) {
			const head = this.joined();
			this.chunks = [];
			this.enqueue(async () => {
				this.fd = await openNewFile(this.tempPath);
				this.created = true;
				await writeAll(this.fd, head);
			});
		}
	}

	/**
	 * Settles once every queued write has landed, rejecting if one failed; undefined when nothing
	 * spilled, so an in-memory body finishes without a promise turn.
	 */
	queuedWrites(): Promise<void> | undefined {
		return this.writes;
	}

	/** No more writes: the attempt has ended (queued writes are skipped, the transfer stays as it is). */
	stop(): void {
		this.stopped = true;
	}

	/**
	 * The whole body is in the temp file, closed. A body held in memory is written there and then, on
	 * this thread (open, one writev of its chunks as they came, close): no trip through libuv's thread
	 * pool, so the write phase is the write's own time and not a wait for a pool thread, and fewer calls
	 * than the pool's open, write and close rounds. Only when descriptors run out does it wait, off this
	 * thread, for one to free up.
	 */
	async complete(): Promise<void> {
		if (this.fd === undefined) {
			this.created = true;
			// Joined here, inside the write phase, when the work wants the body whole; else written as it came.
			if (!writeNewFileNow(this.tempPath, this.keepsBody ? [this.joined()] : this.chunks)) {
				await writeNewFile(this.tempPath, this.joined());
			}

			return;
		}

		const {fd} = this;
		// Forget the descriptor before closing: a failed close must not be retried on a reused number.
		this.fd = undefined;
		await closeFile(fd);
	}

	/** The whole body, when it is kept and was held in memory (undefined once it spilled to the temp file). */
	body(): Uint8Array | undefined {
		return this.keepsBody && this.fd === undefined && this.chunks.length > 0 ? this.joined() : undefined;
	}

	/** The temp file was renamed into place: nothing is left to remove. */
	moved(): void {
		this.created = false;
	}

	/** Always called last: lets in-flight writes land, then closes and removes what is left. */
	async cleanup(): Promise<void> {
		// A write (or the temp file's open) may still be in flight after a failure: let it land first.
		await this.writes?.catch(() => undefined);
		if (this.fd !== undefined) {
			await closeFile(this.fd).catch(() => undefined);
		}

		if (this.created) {
			await removeFile(this.tempPath);
		}
	}

	private enqueue(work: () => Promise<void>): void {
		this.flow.hold();
		// Once the attempt has ended, queued writes are skipped.
		this.writes = (this.writes ?? Promise.resolve()).then(async () => this.stopped ? undefined : work()).then(() => {
			this.flow.release();
		});
		this.writes.catch(this.onError);
	}

	/**
	 * The held chunks as one array with an ArrayBuffer of its own (made once, kept): a chunk from the
	 * socket is a view into a larger read buffer, which could not be handed to another thread alone.
	 */
	private joined(): Uint8Array {
		if (this.chunks.length !== 1 || !ownsItsBuffer(this.chunks[0]!)) {
			// Not zeroed, and never a slice of a shared pool: every byte is set just below.
			const whole = Buffer.allocUnsafeSlow(this.held);
			let offset = 0;
			for (const chunk of this.chunks) {
				whole.set(chunk, offset);
				offset += chunk.length;
			}

			this.chunks = [whole];
		}

		return this.chunks[0]!;
	}
}

function ownsItsBuffer(chunk: Uint8Array): boolean {
	return chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
}
