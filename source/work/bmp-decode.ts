import type {PixelRows} from './rgba.js';
import {ThumbnailError} from './thumbnail-error.js';

/** Rows decoded between two yields. */
const rowsPerStep = 64;

function bad(why: string): ThumbnailError {
	return new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the BMP (${why})`);
}

type Mask = {readonly shift: number; readonly max: number};

function maskOf(mask: number): Mask {
	if (mask === 0) {
		return {shift: 0, max: 0};
	}

	let shift = 0;
	while (((mask >>> shift) & 1) === 0) {
		shift++;
	}

	return {shift, max: mask >>> shift};
}

/** A channel of a 16- or 32-bit pixel by its mask, as 0-255 (`absent` when the mask is empty). */
function channel(value: number, {shift, max}: Mask, absent: number): number {
	return max === 0 ? absent : Math.round(((value >>> shift) & max) * 255 / max);
}

/**
 * Decode an uncompressed BMP (1, 4, 8 bits with a palette; 16, 24, 32 bits, with bit-field masks or
 * the default ones) into `sink`, row by row straight from the file: nothing but one RGBA row is held.
 * Run-length coded BMPs (RLE4, RLE8) and embedded JPEG/PNG are refused with the reason.
 */
export function * decodeBmp(input: Uint8Array, open: (width: number, height: number) => PixelRows): Generator<void, void> {
	const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
	if (input.length < 26) {
		throw bad('too short for its header');
	}

	const dataAt = view.getUint32(10, true);
	const headerSize = view.getUint32(14, true);
	const core = headerSize === 12;
	const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
	const rawHeight = core ? view.getInt16(20, true) : view.getInt32(22, true);
	const bits = view.getUint16(core ? 24 : 28, true);
	const compression = core ? 0 : view.getUint32(30, true);
	if (width <= 0 || rawHeight === 0) {
		throw bad(`${width}×${rawHeight} pixels`);
	}

	if (compression !== 0 && compression !== 3 && compression !== 6) {
		throw bad(compression === 1 || compression === 2 ? 'run-length coded, not supported' : `compression ${compression}`);
	}

	const height = Math.abs(rawHeight);
	const topDown = rawHeight < 0;
	const stride = Math.ceil(width * bits / 32) * 4;
	if (![1, 4, 8, 16, 24, 32].includes(bits) || dataAt + (stride * height) > input.length) {
		throw bad(`${bits} bits a pixel, ${input.length} bytes for ${width}×${height}`);
	}

	// Masks follow a 40-byte header for BITFIELDS, or sit inside the V4/V5 header.
	const masked = compression === 3 || compression === 6;
	const mask = (k: number, fallback: number) => masked && 14 + 40 + (4 * k) + 4 <= dataAt ? view.getUint32(14 + 40 + (4 * k), true) : fallback;
	const defaults = bits === 16 ? [0x7C00, 0x3E0, 0x1F, 0] : [0xFF_00_00, 0xFF_00, 0xFF, 0];
	const [red, green, blue, alpha] = [0, 1, 2, 3].map(k => maskOf(mask(k, defaults[k]!)));
	const paletteAt = 14 + headerSize;
	const paletteEntry = core ? 3 : 4;
	const rgba = new Uint8Array(width * 4);
	const sink = open(width, height);
	for (let row = 0; row < height; row++) {
		const at = dataAt + (row * stride);
		for (let x = 0, o = 0; x < width; x++, o += 4) {
			if (bits <= 8) {
				const bit = x * bits;
				const index = (input[at + (bit >> 3)]! >> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
				const p = paletteAt + (index * paletteEntry);
				rgba[o] = input[p + 2] ?? 0;
				rgba[o + 1] = input[p + 1] ?? 0;
				rgba[o + 2] = input[p] ?? 0;
				rgba[o + 3] = 255;
			} else if (bits === 24 || (bits === 32 && !masked)) {
				const p = at + (x * (bits >> 3));
				rgba[o] = input[p + 2]!;
				rgba[o + 1] = input[p + 1]!;
				rgba[o + 2] = input[p]!;
				rgba[o + 3] = 255;
			} else {
				const value = bits === 16 ? view.getUint16(at + (x * 2), true) : view.getUint32(at + (x * 4), true);
				rgba[o] = channel(value, red!, 0);
				rgba[o + 1] = channel(value, green!, 0);
				rgba[o + 2] = channel(value, blue!, 0);
				rgba[o + 3] = channel(value, alpha!, 255);
			}
		}

		sink.row(topDown ? row : height - 1 - row, rgba, 0, 1, width);
		if (row % rowsPerStep === rowsPerStep - 1) {
			yield;
		}
	}
}
