/**
 * A short header being collected across chunks (a segment length, an SOF, a chunk header): the only
 * bytes the scanner ever copies.
 */
export class HeaderBytes {
	readonly bytes = new Uint8Array(16);
	length = 0;
	need = 0;

	/** Start collecting `need` bytes afresh. */
	expect(need: number): void {
		this.need = need;
		this.length = 0;
	}

	get full(): boolean {
		return this.length >= this.need;
	}

	/** Collect bytes of `b` from `i` until `need` are held; returns the next index. */
	collect(b: Uint8Array, i: number): number {
		const take = Math.min(this.need - this.length, b.length - i);
		this.bytes.set(b.subarray(i, i + take), this.length);
		this.length += take;
		return i + take;
	}
}

/** A payload passed over by its length across chunks (a segment, a colour table): never copied. */
export class SkippedBytes {
	/** Bytes of the payload still to come. */
	left = 0;

	/** The walker's state once the payload is passed: set with `left`. */
	then = 0;

	/** Pass over bytes of `b` from `i` until none of the payload is left; returns the next index. */
	pass(b: Uint8Array, i: number): number {
		const take = Math.min(this.left, b.length - i);
		this.left -= take;
		return i + take;
	}
}

/** Big-endian unsigned 32-bit integer at `at`. */
export function uint32be(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Little-endian unsigned 32-bit integer at `at`. */
export function uint32le(b: Uint8Array, at: number): number {
	return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
