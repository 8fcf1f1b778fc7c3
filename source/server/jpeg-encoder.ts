/**
 * A small baseline JPEG encoder (YCbCr 4:2:0, standard Annex K tables).
 *
 * Why not jpeg-js's encoder: its `encode()` rebuilds 64K-entry lookup tables on every call (~25 ms each)
 * and codes 4:4:4 bit by bit (~120 ns per pixel), which alone would push pool generation past a second.
 * This one builds its tables once and runs several times faster; the tests decode its output with jpeg-js.
 */

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

// AAN DCT output is scaled per row/column; folding these into the divisors saves a multiply per coefficient.
const AAN_SCALE = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

type QuantTables = {readonly luma: Uint8Array; readonly chroma: Uint8Array; readonly lumaDiv: Float32Array; readonly chromaDiv: Float32Array};

const quantCache = new Map<number, QuantTables>();

function quantTables(quality: number): QuantTables {
	const cached = quantCache.get(quality);
	if (cached) {
		return cached;
	}

	// IJG quality scaling, so `quality` means what it means in libjpeg.
	const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - (quality * 2);
	const make = (base: readonly number[]) => Uint8Array.from(base, value => Math.min(255, Math.max(1, Math.floor(((value * scale) + 50) / 100))));
	const divisors = (table: Uint8Array) => Float32Array.from(table, (q, i) => 1 / (q * AAN_SCALE[i >> 3]! * AAN_SCALE[i & 7]! * 8));
	const luma = make(LUMA_QUANT);
	const chroma = make(CHROMA_QUANT);
	const tables = {luma, chroma, lumaDiv: divisors(luma), chromaDiv: divisors(chroma)};
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

/** In-place scaled forward DCT (Arai-Agui-Nakajima), rows then columns. */
function forwardDct(data: Float32Array): void {
	for (let pass = 0; pass < 2; pass++) {
		const step = pass === 0 ? 1 : 8;
		const stride = pass === 0 ? 8 : 1;
		for (let line = 0; line < 8; line++) {
			const o = line * stride;
			const d0 = data[o]!;
			const d1 = data[o + step]!;
			const d2 = data[o + (2 * step)]!;
			const d3 = data[o + (3 * step)]!;
			const d4 = data[o + (4 * step)]!;
			const d5 = data[o + (5 * step)]!;
			const d6 = data[o + (6 * step)]!;
			const d7 = data[o + (7 * step)]!;

			const t0 = d0 + d7;
			const t7 = d0 - d7;
			const t1 = d1 + d6;
			const t6 = d1 - d6;
			const t2 = d2 + d5;
			const t5 = d2 - d5;
			const t3 = d3 + d4;
			const t4 = d3 - d4;

			let t10 = t0 + t3;
			const t13 = t0 - t3;
			let t11 = t1 + t2;
			let t12 = t1 - t2;

			data[o] = t10 + t11;
			data[o + (4 * step)] = t10 - t11;
			const z1 = (t12 + t13) * 0.707106781;
			data[o + (2 * step)] = t13 + z1;
			data[o + (6 * step)] = t13 - z1;

			t10 = t4 + t5;
			t11 = t5 + t6;
			t12 = t6 + t7;
			const z5 = (t10 - t12) * 0.382683433;
			const z2 = (0.5411961 * t10) + z5;
			const z4 = (1.306562965 * t12) + z5;
			const z3 = t11 * 0.707106781;
			const z11 = t7 + z3;
			const z13 = t7 - z3;
			data[o + (5 * step)] = z13 + z2;
			data[o + (3 * step)] = z13 - z2;
			data[o + step] = z11 + z4;
			data[o + (7 * step)] = z11 - z4;
		}
	}
}

const zigzagged = new Int32Array(64);

/** Codes one 8×8 block (already level-shifted); returns its DC value for the next block's prediction. */
function encodeBlock(out: BitWriter, data: Float32Array, divisors: Float32Array, previousDc: number, dcCodes: Int32Array, acCodes: Int32Array): number {
	forwardDct(data);
	let last = 0;
	for (let k = 0; k < 64; k++) {
		const i = ZIGZAG[k]!;
		const value = Math.round(data[i]! * divisors[i]!);
		zigzagged[k] = value;
		if (value !== 0) {
			last = k;
		}
	}

	const dc = zigzagged[0]!;
	writeValue(out, dcCodes, 0, dc - previousDc);

	let run = 0;
	for (let k = 1; k <= last; k++) {
		const value = zigzagged[k]!;
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
		for (let k = 0; k < 64; k++) {
			out.byte(table[ZIGZAG[k]!]!);
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

const lumaBlocks = [new Float32Array(64), new Float32Array(64), new Float32Array(64), new Float32Array(64)] as const;
const cbBlock = new Float32Array(64);
const crBlock = new Float32Array(64);

/**
 * Encodes packed RGB (3 bytes per pixel, rows top to bottom) as a baseline JPEG.
 * @param quality 1–100, libjpeg scale.
 */
export function encodeJpeg(rgb: Uint8Array, width: number, height: number, quality: number): Buffer {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 65_535 || height > 65_535) {
		throw new RangeError(`JPEG dimensions must be 1–65535, got ${width}×${height}`);
	}

	if (rgb.length < width * height * 3) {
		throw new RangeError(`Expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
	}

	const tables = quantTables(Math.min(100, Math.max(1, Math.round(quality))));
	const out = new BitWriter(Math.max(4096, width * height));
	writeHeaders(out, width, height, tables);

	// Byte offsets of the MCU's rows and columns; edge MCUs repeat the last row/column, which codes more
	// cheaply than black padding.
	const rowOffsets = new Int32Array(16);
	const columnOffsets = new Int32Array(16);
	let dcY = 0;
	let dcCb = 0;
	let dcCr = 0;
	for (let y0 = 0; y0 < height; y0 += 16) {
		for (let i = 0; i < 16; i++) {
			rowOffsets[i] = Math.min(y0 + i, height - 1) * width * 3;
		}

		for (let x0 = 0; x0 < width; x0 += 16) {
			for (let i = 0; i < 16; i++) {
				columnOffsets[i] = Math.min(x0 + i, width - 1) * 3;
			}

			// One chroma sample per 2×2 pixels; the colour transform is linear, so convert the summed RGB once.
			for (let cy = 0; cy < 8; cy++) {
				const top = rowOffsets[2 * cy]!;
				const bottom = rowOffsets[(2 * cy) + 1]!;
				const lumaRow = (cy >> 2) * 2;
				const inner = ((cy * 2) & 7) * 8;
				for (let cx = 0; cx < 8; cx++) {
					const left = columnOffsets[2 * cx]!;
					const right = columnOffsets[(2 * cx) + 1]!;
					const luma = lumaBlocks[lumaRow + (cx >> 2)]!;
					const at = inner + ((cx * 2) & 7);
					let p = top + left;
					let r = rgb[p]!;
					let g = rgb[p + 1]!;
					let b = rgb[p + 2]!;
					luma[at] = (0.299 * r) + (0.587 * g) + (0.114 * b) - 128;
					let rs = r;
					let gs = g;
					let bs = b;
					p = top + right;
					r = rgb[p]!;
					g = rgb[p + 1]!;
					b = rgb[p + 2]!;
					luma[at + 1] = (0.299 * r) + (0.587 * g) + (0.114 * b) - 128;
					rs += r;
					gs += g;
					bs += b;
					p = bottom + left;
					r = rgb[p]!;
					g = rgb[p + 1]!;
					b = rgb[p + 2]!;
					luma[at + 8] = (0.299 * r) + (0.587 * g) + (0.114 * b) - 128;
					rs += r;
					gs += g;
					bs += b;
					p = bottom + right;
					r = rgb[p]!;
					g = rgb[p + 1]!;
					b = rgb[p + 2]!;
					luma[at + 9] = (0.299 * r) + (0.587 * g) + (0.114 * b) - 128;
					rs += r;
					gs += g;
					bs += b;
					const c = (cy * 8) + cx;
					cbBlock[c] = ((-0.168_736 * rs) - (0.331_264 * gs) + (0.5 * bs)) * 0.25;
					crBlock[c] = ((0.5 * rs) - (0.418_688 * gs) - (0.081_312 * bs)) * 0.25;
				}
			}

			// Worst case per MCU is well under 4 KB, so one capacity check per MCU covers every write.
			out.ensure(4096);
			for (const luma of lumaBlocks) {
				dcY = encodeBlock(out, luma, tables.lumaDiv, dcY, DC_LUMA_CODES, AC_LUMA_CODES);
			}

			dcCb = encodeBlock(out, cbBlock, tables.chromaDiv, dcCb, DC_CHROMA_CODES, AC_CHROMA_CODES);
			dcCr = encodeBlock(out, crBlock, tables.chromaDiv, dcCr, DC_CHROMA_CODES, AC_CHROMA_CODES);
		}
	}

	out.ensure(8);
	out.flush();
	out.word(0xFFD9);
	// Copy out so the pool doesn't keep the oversized working buffer alive.
	return Buffer.from(out.bytes.subarray(0, out.length));
}
