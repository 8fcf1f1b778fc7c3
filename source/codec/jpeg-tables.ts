/**
 * The standard tables of baseline JPEG (ITU T.81 Annex K): zigzag order, the example quantisation tables with
 * libjpeg's quality scaling, and the Huffman tables, as the writer needs them.
 */

/** Natural (row-major) index of the k-th coefficient in zigzag order. */
export const ZIGZAG = Uint8Array.from([
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

/** The Annex K symbol lists (162 bytes each), one hex string a table, as the standard prints them in order. */
function fromHex(hex: string): readonly number[] {
	return [...Buffer.from(hex, 'hex')];
}

type HuffmanSpec = {readonly counts: readonly number[]; readonly symbols: readonly number[]};

const AC_SYMBOLS_LUMA = fromHex('01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa');

const AC_SYMBOLS_CHROMA = fromHex('000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa');

const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

export const DC_LUMA: HuffmanSpec = {counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], symbols: DC_SYMBOLS};
export const DC_CHROMA: HuffmanSpec = {counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], symbols: DC_SYMBOLS};
export const AC_LUMA: HuffmanSpec = {counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D], symbols: AC_SYMBOLS_LUMA};
export const AC_CHROMA: HuffmanSpec = {counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], symbols: AC_SYMBOLS_CHROMA};

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

export const DC_LUMA_CODES = buildCodes(DC_LUMA);
export const DC_CHROMA_CODES = buildCodes(DC_CHROMA);
export const AC_LUMA_CODES = buildCodes(AC_LUMA);
export const AC_CHROMA_CODES = buildCodes(AC_CHROMA);

export type QuantTables = {
	/** Quantiser per coefficient, in zigzag order (as written in the DQT segment). */
	readonly luma: Uint8Array;
	readonly chroma: Uint8Array;
};

const quantCache = new Map<number, QuantTables>();

/** Quantisation tables for a libjpeg-style quality, 1–100. */
export function quantTables(quality: number): QuantTables {
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
