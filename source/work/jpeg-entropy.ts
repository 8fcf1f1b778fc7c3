import {indexOfByte} from '../engine/image-scan/find-byte.js';
import {ThumbnailError} from './thumbnail-error.js';

export function corruptJpeg(why: string): ThumbnailError {
	return new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the JPEG (${why})`);
}

/** Codes up to this many bits are decoded by one table look-up. */
const lookupBits = 9;

/** A Huffman table (ITU T.81 annex C and F.2.2.3): a look-up for short codes, the canonical ranges for the rest. */
export class HuffmanTable {
	/** (code length << 8) | value for every `lookupBits`-bit prefix of a short code; 0 where the code is longer. */
	readonly lookup = new Uint16Array(1 << lookupBits);
	readonly maxCode = new Int32Array(18).fill(-1);
	readonly offset = new Int32Array(17);
	readonly values: Uint8Array;

	/** `counts`: codes of each length 1-16 (BITS); `values`: the symbols in code order (HUFFVAL). */
	constructor(counts: Uint8Array, values: Uint8Array) {
		this.values = values;
		let code = 0;
		let k = 0;
		for (let length = 1; length <= 16; length++) {
			this.offset[length] = k - code;
			for (let n = 0; n < counts[length - 1]!; n++, k++, code++) {
				if (length <= lookupBits) {
					const shift = lookupBits - length;
					for (let fill = 0; fill < 1 << shift; fill++) {
						this.lookup[(code << shift) | fill] = (length << 8) | values[k]!;
					}
				}
			}

			this.maxCode[length] = counts[length - 1]! > 0 ? code - 1 : -1;
			code <<= 1;
		}

		this.maxCode[17] = 0x7F_FF_FF_FF; // Ends the search on a corrupt code.
	}
}

/**
 * Reads entropy-coded data bit by bit: 0xFF00 is a stuffed 0xFF; at any other marker it stops and
 * reads zeros, as libjpeg does, so a scan that ends early decodes to flat blocks instead of throwing.
 */
export class BitReader {
	private buffer = 0;
	private count = 0;
	/** The reader stands at a marker (position points at its 0xFF). */
	atMarker = false;

	constructor(private readonly data: Uint8Array, public position: number) {}

	bits(n: number): number {
		this.ensure(n);
		this.count -= n;
		return (this.buffer >>> this.count) & ((1 << n) - 1);
	}

	bit(): number {
		return this.bits(1);
	}

	/** `n` bits as the signed value they code (T.81 F.2.2.1 EXTEND). */
	receiveExtend(n: number): number {
		if (n === 0) {
			return 0;
		}

		const value = this.bits(n);
		return value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
	}

	decode(table: HuffmanTable): number {
		this.ensure(16);
		const entry = table.lookup[(this.buffer >>> (this.count - lookupBits)) & ((1 << lookupBits) - 1)]!;
		if (entry !== 0) {
			this.count -= entry >> 8;
			return entry & 0xFF;
		}

		let length = lookupBits + 1;
		let code = (this.buffer >>> (this.count - length)) & ((1 << length) - 1);
		while (code > table.maxCode[length]!) {
			length++;
			code = (this.buffer >>> (this.count - length)) & ((1 << length) - 1);
		}

		if (length > 16) {
			throw corruptJpeg('a Huffman code that is not in its table');
		}

		this.count -= length;
		return table.values[table.offset[length]! + code] ?? 0;
	}

	/** At a restart interval's end: drop the padding bits and step over the RSTn marker. */
	restart(): void {
		this.buffer = 0;
		this.count = 0;
		const at = this.nextMarker(code => code !== 0);
		const code = this.data[at + 1] ?? 0;
		this.atMarker = !(code >= 0xD0 && code <= 0xD7);
		this.position = this.atMarker ? at : at + 2;
	}

	/** Where the next marker after this scan's data starts (stuffed 0xFFs, fill bytes and restarts passed over). */
	endOfScan(): number {
		this.position = this.nextMarker(code => code !== 0 && code !== 0xFF && !(code >= 0xD0 && code <= 0xD7));
		this.atMarker = true;
		return this.position;
	}

	private nextMarker(isMarker: (code: number) => boolean): number {
		const {data} = this;
		for (let at = indexOfByte(data, 0xFF, this.position); at !== -1; at = indexOfByte(data, 0xFF, at + 1)) {
			if (at + 1 < data.length && isMarker(data[at + 1]!)) {
				return at;
			}
		}

		return data.length;
	}

	private ensure(n: number): void {
		while (this.count < n) {
			let byte = 0;
			if (!this.atMarker && this.position < this.data.length) {
				byte = this.data[this.position]!;
				if (byte === 0xFF) {
					const next = this.data[this.position + 1];
					if (next === 0) {
						this.position += 2;
					} else {
						this.atMarker = true;
						byte = 0;
					}
				} else {
					this.position++;
				}
			}

			this.buffer = ((this.buffer << 8) | byte) >>> 0;
			this.count += 8;
		}
	}
}
