import {BitReader, corruptJpeg, HuffmanTable} from './jpeg-entropy.js';
import type {PixelRows} from './rgba.js';

/** Blocks (or MCUs) decoded between two yields. */
const unitsPerStep = 4096;

type Component = {
	readonly id: number;
	readonly h: number;
	readonly v: number;
	readonly quantTable: number;
	/** Blocks a row and a column, padded to whole MCUs: the grid `dc` is stored in. */
	readonly stride: number;
	readonly rows: number;
	/** Blocks that hold image data, for scans of this component alone. */
	readonly blocksPerLine: number;
	readonly blocksPerColumn: number;
	/** Each block's DC coefficient, not yet dequantised: all this decoder keeps of a block. */
	readonly dc: Int32Array;
	prediction: number;
	dcTable?: HuffmanTable;
	acTable?: HuffmanTable;
};

type Frame = {
	readonly width: number;
	readonly height: number;
	readonly progressive: boolean;
	readonly components: Component[];
	readonly mcusPerLine: number;
	readonly mcusPerColumn: number;
	readonly hMax: number;
	readonly vMax: number;
};

/** Whether this decoder handles the frame: 8-bit Huffman (baseline, extended, progressive), grey or three components. */
function frameOf(s: Uint8Array, code: number): Frame | undefined {
	const count = s[5]!;
	if ((code !== 0xC0 && code !== 0xC1 && code !== 0xC2) || s[0] !== 8 || (count !== 1 && count !== 3)) {
		return undefined;
	}

	const height = (s[1]! << 8) | s[2]!;
	const width = (s[3]! << 8) | s[4]!;
	const specs = Array.from({length: count}, (_, k) => ({id: s[6 + (3 * k)]!, h: s[7 + (3 * k)]! >> 4, v: s[7 + (3 * k)]! & 15, quantTable: s[8 + (3 * k)]! & 3}));
	if (height === 0 || specs.some(spec => spec.h < 1 || spec.h > 4 || spec.v < 1 || spec.v > 4)) {
		return undefined;
	}

	const hMax = Math.max(...specs.map(spec => spec.h));
	const vMax = Math.max(...specs.map(spec => spec.v));
	const mcusPerLine = Math.ceil(width / (8 * hMax));
	const mcusPerColumn = Math.ceil(height / (8 * vMax));
	const components = specs.map(spec => ({
		...spec,
		stride: mcusPerLine * spec.h,
		rows: mcusPerColumn * spec.v,
		blocksPerLine: Math.ceil(Math.ceil(width * spec.h / hMax) / 8),
		blocksPerColumn: Math.ceil(Math.ceil(height * spec.v / vMax) / 8),
		dc: new Int32Array(mcusPerLine * spec.h * mcusPerColumn * spec.v),
		prediction: 0,
	}));
	return {width, height, progressive: code === 0xC2, components, mcusPerLine, mcusPerColumn, hMax, vMax};
}

/** Bytes this decoder holds for a `width`×`height` JPEG: a DC value a block, and the eighth-size RGBA image. */
export function jpegDcBytes(width: number, height: number): number {
	return Math.ceil(width / 8) * Math.ceil(height / 8) * (4 + (3 * 4 * 4));
}

/**
 * Decode a JPEG at an eighth of its size, as libjpeg's scaled decoding does at 1/8: each 8×8 block
 * becomes one pixel, its DC coefficient (the block's mean). Only the DC coefficients are kept: AC
 * coefficients of sequential scans are decoded to be passed over, progressive AC scans are skipped
 * whole. Chroma is upsampled by repetition. Hands `open(⌈w/8⌉, ⌈h/8⌉)` the pixels row by row.
 * Returns false, before doing anything, for what it does not handle (arithmetic coding, 12-bit or
 * lossless JPEG, CMYK): the caller decodes those at full size instead.
 */
export function * decodeJpegDc(data: Uint8Array, open: (width: number, height: number) => PixelRows): Generator<void, boolean> {
	const quant: number[] = [1, 1, 1, 1];
	const tables = new Map<number, HuffmanTable>();
	let frame: Frame | undefined;
	let restartInterval = 0;
	let adobeTransform: number | undefined;
	let at = 2;
	while (at + 4 <= data.length) {
		if (data[at] !== 0xFF) {
			throw corruptJpeg(`no marker at byte ${at}`);
		}

		const code = data[at + 1]!;
		if (code === 0xFF) {
			at++;
			continue;
		}

		if (code === 0xD9) {
			break;
		}

		const length = (data[at + 2]! << 8) | data[at + 3]!;
		const s = data.subarray(at + 4, at + 2 + length);
		at += 2 + length;
		if (code === 0xDB) {
			for (let k = 0; k < s.length; k += 65 + ((s[k]! >> 4) * 64)) {
				quant[s[k]! & 3] = s[k]! >> 4 === 0 ? s[k + 1]! : (s[k + 1]! << 8) | s[k + 2]!;
			}
		} else if (code === 0xC4) {
			for (let k = 0; k + 17 <= s.length;) {
				const counts = s.subarray(k + 1, k + 17);
				const total = counts.reduce((sum, n) => sum + n, 0);
				tables.set(s[k]!, new HuffmanTable(counts, s.subarray(k + 17, k + 17 + total)));
				k += 17 + total;
			}
		} else if (code === 0xDD) {
			restartInterval = (s[0]! << 8) | s[1]!;
		} else if (code === 0xEE && s.length >= 12 && String.fromCodePoint(...s.subarray(0, 5)) === 'Adobe') {
			adobeTransform = s[11];
		} else if (code >= 0xC0 && code <= 0xCF && code !== 0xC4 && code !== 0xC8 && code !== 0xCC) {
			frame = frameOf(s, code);
			if (frame === undefined) {
				return false;
			}
		} else if (code === 0xDA) {
			if (frame === undefined) {
				throw corruptJpeg('a scan before its frame header');
			}

			at = yield * scan(data, at, frame, s, tables, restartInterval);
		}
	}

	if (frame === undefined) {
		throw corruptJpeg('no frame header');
	}

	// Three components are YCbCr unless an Adobe marker says otherwise or their ids spell R, G, B.
	const [first, second, third] = frame.components;
	const ycc = frame.components.length === 3 && (adobeTransform === undefined ? !(first!.id === 0x52 && second!.id === 0x47 && third!.id === 0x42) : adobeTransform !== 0);
	yield * emit(frame, quant, ycc, open);
	return true;
}

/** One scan (its header `s`, its data from `at`); returns where the next marker is. */
function * scan(data: Uint8Array, at: number, frame: Frame, s: Uint8Array, tables: ReadonlyMap<number, HuffmanTable>, restartInterval: number): Generator<void, number> {
	const count = s[0]!;
	const components = Array.from({length: count}, (_, k) => {
		const component = frame.components.find(c => c.id === s[1 + (2 * k)]);
		if (!component) {
			throw corruptJpeg('a scan of an unknown component');
		}

		component.dcTable = tables.get(s[2 + (2 * k)]! >> 4);
		component.acTable = tables.get(0x10 | (s[2 + (2 * k)]! & 15));
		component.prediction = 0;
		return component;
	});
	const spectralStart = s[1 + (2 * count)]!;
	const high = s[3 + (2 * count)]! >> 4;
	const low = s[3 + (2 * count)]! & 15;
	const reader = new BitReader(data, at);
	if (frame.progressive && spectralStart !== 0) {
		return reader.endOfScan(); // AC coefficients: not needed at an eighth of the size.
	}

	const block = (c: Component, index: number) => {
		if (!frame.progressive) {
			c.prediction += reader.receiveExtend(reader.decode(c.dcTable!));
			c.dc[index] = c.prediction;
			for (let k = 1; k < 64;) {
				const rs = reader.decode(c.acTable!);
				if ((rs & 15) === 0) {
					if (rs >> 4 < 15) {
						break;
					}

					k += 16;
				} else {
					reader.bits(rs & 15);
					k += (rs >> 4) + 1;
				}
			}
		} else if (high === 0) {
			c.prediction += reader.receiveExtend(reader.decode(c.dcTable!));
			c.dc[index] = c.prediction * (1 << low);
		} else if (reader.bit() === 1) {
			c.dc[index]! |= 1 << low;
		}
	};

	if (components.some(c => !c.dcTable || (!frame.progressive && !c.acTable))) {
		throw corruptJpeg('a scan without its Huffman table');
	}

	const single = components.length === 1 ? components[0]! : undefined;
	const units = single ? single.blocksPerLine * single.blocksPerColumn : frame.mcusPerLine * frame.mcusPerColumn;
	for (let unit = 0; unit < units; unit++) {
		if (restartInterval > 0 && unit > 0 && unit % restartInterval === 0) {
			reader.restart();
			for (const c of components) {
				c.prediction = 0;
			}
		}

		if (single) {
			block(single, (Math.floor(unit / single.blocksPerLine) * single.stride) + (unit % single.blocksPerLine));
		} else {
			const row = Math.floor(unit / frame.mcusPerLine);
			const column = unit % frame.mcusPerLine;
			for (const c of components) {
				for (let v = 0; v < c.v; v++) {
					for (let h = 0; h < c.h; h++) {
						block(c, ((((row * c.v) + v) * c.stride) + (column * c.h) + h));
					}
				}
			}
		}

		if (unit % unitsPerStep === unitsPerStep - 1) {
			yield;
		}
	}

	return reader.endOfScan();
}

function clamp(value: number): number {
	return value < 0 ? 0 : (value > 255 ? 255 : Math.round(value));
}

/**
 * The eighth-size image: each block's mean, (DC × its quantiser + 4) >> 3, + 128, as libjpeg's 1×1
 * IDCT. A subsampled component (4:2:0 chroma: one block for two pixels each way) is interpolated
 * between its blocks' centres rather than repeated, which keeps colour edges where they were.
 */
function * emit(frame: Frame, quant: readonly number[], ycc: boolean, open: (width: number, height: number) => PixelRows): Generator<void, void> {
	const width = Math.ceil(frame.width / 8);
	const height = Math.ceil(frame.height / 8);
	const sink = open(width, height);
	const row = new Uint8Array(width * 4);
	const value = (c: Component, bx: number, by: number) => (((c.dc[(by * c.stride) + bx]! * quant[c.quantTable]!) + 4) >> 3) + 128;
	const sample = (c: Component, x: number, y: number): number => {
		if (c.h === frame.hMax && c.v === frame.vMax) {
			return clamp(value(c, x, y));
		}

		// Where this pixel's centre falls in the component's grid of block centres.
		const u = Math.min(Math.max(0, (((x + 0.5) * c.h) / frame.hMax) - 0.5), c.blocksPerLine - 1);
		const v = Math.min(Math.max(0, (((y + 0.5) * c.v) / frame.vMax) - 0.5), c.blocksPerColumn - 1);
		const [x0, y0] = [Math.floor(u), Math.floor(v)];
		const [x1, y1] = [Math.min(x0 + 1, c.blocksPerLine - 1), Math.min(y0 + 1, c.blocksPerColumn - 1)];
		const [fx, fy] = [u - x0, v - y0];
		const top = (value(c, x0, y0) * (1 - fx)) + (value(c, x1, y0) * fx);
		const bottom = (value(c, x0, y1) * (1 - fx)) + (value(c, x1, y1) * fx);
		return clamp((top * (1 - fy)) + (bottom * fy));
	};

	const [luma, blue, red] = frame.components;
	for (let y = 0; y < height; y++) {
		for (let x = 0, o = 0; x < width; x++, o += 4) {
			const first = sample(luma!, x, y);
			if (blue === undefined || red === undefined) {
				row[o] = row[o + 1] = row[o + 2] = first;
			} else if (ycc) {
				const cb = sample(blue, x, y) - 128;
				const cr = sample(red, x, y) - 128;
				row[o] = clamp(first + (1.402 * cr));
				row[o + 1] = clamp(first - (0.344_136 * cb) - (0.714_136 * cr));
				row[o + 2] = clamp(first + (1.772 * cb));
			} else {
				row[o] = first;
				row[o + 1] = sample(blue, x, y);
				row[o + 2] = sample(red, x, y);
			}

			row[o + 3] = 255;
		}

		sink.row(y, row, 0, 1, width);
		if (y % 64 === 63) {
			yield;
		}
	}
}
