/**
 * Writes baseline JPEGs (YCbCr 4:2:0, standard Annex K Huffman and quantisation tables) from quantised DCT
 * coefficients supplied block by block.
 *
 * Why coefficients and not pixels: the pool's pictures are smooth scenes plus film grain, which can be written
 * straight in the DCT domain (see jpeg-paint.ts). That skips colour conversion and the DCT, the bulk of a pixel
 * encoder's time, so the whole pool is ready in a fraction of the time. (jpeg-js's encoder was slower still:
 * its `encode()` rebuilds 64K-entry tables on every call, ~25 ms each.) The tests decode the output with jpeg-js.
 */
import {AC_CHROMA, AC_CHROMA_CODES, AC_LUMA, AC_LUMA_CODES, DC_CHROMA, DC_CHROMA_CODES, DC_LUMA, DC_LUMA_CODES, quantTables, type QuantTables} from './jpeg-tables.js';

class BitWriter {
	bytes: Uint8Array;
	length = 0;
	private buffer = 0;
	private count = 0;

	constructor(capacity: number) {
		this.bytes = new Uint8Array(capacity);
	}

	ensure(extra: number): void {
		if (this.length + extra > this.bytes.length) {
			const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
			grown.set(this.bytes.subarray(0, this.length));
			this.bytes = grown;
		}
	}

	byte(value: number): void {
		this.bytes[this.length++] = value;
	}

	word(value: number): void {
		this.bytes[this.length++] = value >> 8;
		this.bytes[this.length++] = value & 0xFF;
	}

	/** Appends `length` (≤ 24) bits; stuffs a zero after every 0xFF in entropy-coded data, as the format requires. */
	bits(value: number, length: number): void {
		this.buffer = (this.buffer << length) | value;
		this.count += length;
		while (this.count >= 8) {
			this.count -= 8;
			const byte = (this.buffer >> this.count) & 0xFF;
			this.bytes[this.length++] = byte;
			if (byte === 0xFF) {
				this.bytes[this.length++] = 0;
			}
		}

		this.buffer &= (1 << this.count) - 1;
	}

	/** Pads the last byte with 1-bits, as the format requires before a marker. */
	flush(): void {
		if (this.count > 0) {
			this.bits((1 << (8 - this.count)) - 1, 8 - this.count);
		}
	}
}

/** Huffman-codes one block of quantised coefficients (zigzag order); returns its DC for the next block's prediction. */
function encodeBlock(out: BitWriter, coefficients: Int32Array, previousDc: number, dcCodes: Int32Array, acCodes: Int32Array): number {
	let last = 0;
	for (let k = 63; k > 0; k--) {
		if (coefficients[k] !== 0) {
			last = k;
			break;
		}
	}

	const dc = coefficients[0]!;
	writeValue(out, dcCodes, 0, dc - previousDc);

	let run = 0;
	for (let k = 1; k <= last; k++) {
		const value = coefficients[k]!;
		if (value === 0) {
			run++;
			continue;
		}

		while (run > 15) {
			const zrl = acCodes[0xF0]!;
			out.bits(zrl >> 8, zrl & 0xFF);
			run -= 16;
		}

		writeValue(out, acCodes, run << 4, value);
		run = 0;
	}

	if (last < 63) {
		const eob = acCodes[0]!;
		out.bits(eob >> 8, eob & 0xFF);
	}

	return dc;
}

/** Writes the Huffman code for (run, size class of `value`) followed by the value's magnitude bits. */
function writeValue(out: BitWriter, codes: Int32Array, runBits: number, value: number): void {
	const magnitude = value < 0 ? -value : value;
	const size = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
	const code = codes[runBits | size]!;
	const codeLength = code & 0xFF;
	const extra = (value < 0 ? value - 1 : value) & ((1 << size) - 1);
	// One call when code and magnitude fit the writer's 24-bit budget, which is nearly always.
	if (codeLength + size <= 24) {
		out.bits(((code >> 8) << size) | extra, codeLength + size);
	} else {
		out.bits(code >> 8, codeLength);
		out.bits(extra, size);
	}
}

function writeHeaders(out: BitWriter, width: number, height: number, tables: QuantTables): void {
	out.word(0xFFD8);

	// JFIF APP0, so viewers that insist on it are happy.
	out.word(0xFFE0);
	out.word(16);
	for (const c of [0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0]) {
		out.byte(c);
	}

	out.word(1);
	out.word(1);
	out.byte(0);
	out.byte(0);

	out.word(0xFFDB);
	out.word(2 + (65 * 2));
	for (const [id, table] of [[0, tables.luma], [1, tables.chroma]] as const) {
		out.byte(id);
		for (const q of table) {
			out.byte(q);
		}
	}

	out.word(0xFFC0);
	out.word(17);
	out.byte(8);
	out.word(height);
	out.word(width);
	out.byte(3);
	out.byte(1);
	out.byte(0x22);
	out.byte(0);
	out.byte(2);
	out.byte(0x11);
	out.byte(1);
	out.byte(3);
	out.byte(0x11);
	out.byte(1);

	const specs = [[0x00, DC_LUMA], [0x10, AC_LUMA], [0x01, DC_CHROMA], [0x11, AC_CHROMA]] as const;
	out.word(0xFFC4);
	out.word(2 + specs.reduce((sum, [, spec]) => sum + 17 + spec.symbols.length, 0));
	for (const [id, spec] of specs) {
		out.byte(id);
		for (const count of spec.counts) {
			out.byte(count);
		}

		for (const symbol of spec.symbols) {
			out.byte(symbol);
		}
	}

	out.word(0xFFDA);
	out.word(12);
	out.byte(3);
	out.byte(1);
	out.byte(0x00);
	out.byte(2);
	out.byte(0x11);
	out.byte(3);
	out.byte(0x11);
	out.byte(0);
	out.byte(63);
	out.byte(0);
}

/**
 * Fills `coefficients` (64 entries, zigzag order, already divided by `quantisers` and rounded) for one block.
 * `component` is 0 for Y (blocks at 8-pixel steps), 1 for Cb and 2 for Cr (blocks at 16-pixel steps, 4:2:0).
 * Values must stay within ±2047 (DC) and ±1023 (AC), as baseline JPEG requires.
 */
export type BlockSource = (component: 0 | 1 | 2, blockX: number, blockY: number, quantisers: Uint8Array, coefficients: Int32Array) => void;

/** Assembles a baseline JPEG, asking `source` for each block in file order. */
export function writeJpeg(width: number, height: number, quality: number, source: BlockSource): Buffer {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 65_535 || height > 65_535) {
		throw new RangeError(`JPEG dimensions must be 1-65535, got ${width}x${height}`);
	}

	const tables = quantTables(Math.min(100, Math.max(1, Math.round(quality))));
	const out = new BitWriter(Math.max(4096, width * height));
	writeHeaders(out, width, height, tables);

	const coefficients = new Int32Array(64);
	const mcuColumns = Math.ceil(width / 16);
	const mcuRows = Math.ceil(height / 16);
	let dcY = 0;
	let dcCb = 0;
	let dcCr = 0;
	for (let my = 0; my < mcuRows; my++) {
		for (let mx = 0; mx < mcuColumns; mx++) {
			// Worst case per MCU is well under 4 KB, so one capacity check per MCU covers every write.
			out.ensure(4096);
			for (let i = 0; i < 4; i++) {
				source(0, (mx * 2) + (i & 1), (my * 2) + (i >> 1), tables.luma, coefficients);
				dcY = encodeBlock(out, coefficients, dcY, DC_LUMA_CODES, AC_LUMA_CODES);
			}

			source(1, mx, my, tables.chroma, coefficients);
			dcCb = encodeBlock(out, coefficients, dcCb, DC_CHROMA_CODES, AC_CHROMA_CODES);
			source(2, mx, my, tables.chroma, coefficients);
			dcCr = encodeBlock(out, coefficients, dcCr, DC_CHROMA_CODES, AC_CHROMA_CODES);
		}
	}

	out.ensure(8);
	out.flush();
	out.word(0xFFD9);
	// Copy out so the pool doesn't keep the oversized working buffer alive.
	return Buffer.from(out.bytes.subarray(0, out.length));
}
