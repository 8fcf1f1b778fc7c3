/**
 * Writes baseline JPEGs (YCbCr 4:2:0, standard Annex K Huffman and quantisation tables) from quantised DCT
 * coefficients supplied block by block.
 *
 * Why coefficients and not pixels: the pool's pictures are smooth scenes plus film grain, which can be written
 * straight in the DCT domain (see jpeg-paint.ts). That skips colour conversion and the DCT, the bulk of a pixel
 * encoder's time, so the whole pool is ready in a fraction of the time. (jpeg-js's encoder was slower still:
 * its `encode()` rebuilds 64K-entry tables on every call, ~25 ms each.) The tests decode the output with jpeg-js.
 */

/** Natural (row-major) index of the k-th coefficient in zigzag order. */
const ZIGZAG = Uint8Array.from([
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

const LUMA_QUANT = [
	16, 11, 10, 16, 24, 40, 51, 61,
	12, 12, 14, 19, 26, 58, 60, 55,
	14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62,
	18, 22, 37, 56, 68, 109, 103, 77,
	24, 35, 55, 64, 81, 104, 113, 92,
	49, 64, 78, 87, 103, 121, 120, 101,
	72, 92, 95, 98, 112, 100, 103, 99,
];

const CHROMA_QUANT = [
	17, 18, 24, 47, 99, 99, 99, 99,
	18, 21, 26, 66, 99, 99, 99, 99,
	24, 26, 56, 99, 99, 99, 99, 99,
	47, 66, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
];

type HuffmanSpec = {readonly counts: readonly number[]; readonly symbols: readonly number[]};

const AC_SYMBOLS_LUMA = [
	0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
	0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
	0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
	0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
	0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
	0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
	0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
	0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
	0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
	0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
	0xF9, 0xFA,
];

const AC_SYMBOLS_CHROMA = [
	0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
	0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33, 0x52, 0xF0,
	0x15, 0x62, 0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1, 0x17, 0x18, 0x19, 0x1A, 0x26,
	0x27, 0x28, 0x29, 0x2A, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
	0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
	0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5,
	0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3,
	0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA,
	0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
	0xF9, 0xFA,
];

const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

const DC_LUMA: HuffmanSpec = {counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], symbols: DC_SYMBOLS};
const DC_CHROMA: HuffmanSpec = {counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], symbols: DC_SYMBOLS};
const AC_LUMA: HuffmanSpec = {counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D], symbols: AC_SYMBOLS_LUMA};
const AC_CHROMA: HuffmanSpec = {counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], symbols: AC_SYMBOLS_CHROMA};

/** Code and length per symbol, packed as `code << 8 | length` so a lookup is one array read. */
function buildCodes(spec: HuffmanSpec): Int32Array {
	const table = new Int32Array(256);
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < spec.counts[length - 1]!; i++) {
			table[spec.symbols[k++]!] = (code << 8) | length;
			code++;
		}

		code <<= 1;
	}

	return table;
}

const DC_LUMA_CODES = buildCodes(DC_LUMA);
const DC_CHROMA_CODES = buildCodes(DC_CHROMA);
const AC_LUMA_CODES = buildCodes(AC_LUMA);
const AC_CHROMA_CODES = buildCodes(AC_CHROMA);

type QuantTables = {
	/** Quantiser per coefficient, in zigzag order (as written in the DQT segment). */
	readonly luma: Uint8Array;
	readonly chroma: Uint8Array;
};

const quantCache = new Map<number, QuantTables>();

/** Quantisation tables for a libjpeg-style quality, 1–100. */
function quantTables(quality: number): QuantTables {
	const cached = quantCache.get(quality);
	if (cached) {
		return cached;
	}

	// IJG quality scaling, so `quality` means what it means in libjpeg.
	const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - (quality * 2);
	const make = (base: readonly number[]) => Uint8Array.from(ZIGZAG, natural => Math.min(255, Math.max(1, Math.floor(((base[natural]! * scale) + 50) / 100))));
	const tables = {luma: make(LUMA_QUANT), chroma: make(CHROMA_QUANT)};
	quantCache.set(quality, tables);
	return tables;
}

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
