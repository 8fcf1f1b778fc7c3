/** Bytes wanted at an absolute offset of the body, handed over once they have all arrived. */
type Read = {
	readonly offset: number;
	readonly bytes: Uint8Array;
	got: number;
	readonly done: (bytes: Uint8Array) => void;
};

/**
 * Reads at absolute offsets of a body that streams past once (a TIFF's directories and tables may
 * sit anywhere, before or after the data they describe). A read is filled as its bytes arrive; one
 * that starts behind the current position is served from a window of the latest bytes, held by
 * reference (a response never reuses a chunk it emitted), so memory stays bounded by the window.
 */
export class OffsetReads {
	private position = 0;
	private readonly window: Array<{readonly start: number; readonly bytes: Uint8Array}> = [];
	private pending: Read[] = [];

	/** `behind` makes the error for a read that starts before the window: those bytes are gone. */
	constructor(private readonly windowBytes: number, private readonly behind: (offset: number) => Error) {}

	/** The first offset still waited for, or undefined when every read was served. */
	get waitingFor(): number | undefined {
		return this.pending.length === 0 ? undefined : Math.min(...this.pending.map(read => read.offset + read.got));
	}

	/** Ask for `length` bytes at `offset`; `done` gets them (and may ask for more). */
	want(offset: number, length: number, done: (bytes: Uint8Array) => void): void {
		const windowStart = this.window[0]?.start ?? this.position;
		if (offset < windowStart) {
			throw this.behind(offset);
		}

		this.pending.push({offset, bytes: new Uint8Array(length), got: 0, done});
	}

	push(chunk: Uint8Array): void {
		this.window.push({start: this.position, bytes: chunk});
		this.position += chunk.length;
		this.serve();
		while (this.window.length > 1 && this.position - this.window[1]!.start >= this.windowBytes) {
			this.window.shift();
		}
	}

	/** Fill what can be filled; a finished read may ask for bytes that are already here, so go round again. */
	private serve(): void {
		for (let progressed = true; progressed;) {
			progressed = false;
			for (const read of this.pending) {
				this.fill(read);
				if (read.got === read.bytes.length) {
					this.pending = this.pending.filter(other => other !== read);
					read.done(read.bytes);
					progressed = true;
					break;
				}
			}
		}
	}

	private fill(read: Read): void {
		for (const {start, bytes} of this.window) {
			const from = read.offset + read.got;
			const to = Math.min(read.offset + read.bytes.length, start + bytes.length);
			if (from >= start && from < to) {
				read.bytes.set(bytes.subarray(from - start, to - start), read.got);
				read.got += to - from;
			}
		}
	}
}
