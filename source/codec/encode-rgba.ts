import {ZIGZAG} from './jpeg-tables.js';
import {writeJpeg} from './jpeg-writer.js';

/** Pixels as 8-bit RGBA, row by row (alpha is ignored: JPEG has none). */
export type RgbaPixels = {readonly width: number; readonly height: number; readonly data: Uint8Array};

/**
 * The 1-D DCT-II as an 8×8 matrix, `C(u)/2 · cos((2x+1)uπ/16)`, so the 2-D transform of a block is two
 * passes of eight 8-tap dot products. Applied along rows and then columns it is exactly JPEG's FDCT.
 */
const dct = Float64Array.from({length: 64}, (_, index) => {
	const u = index >> 3;
	const x = index & 7;
	return (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos((((2 * x) + 1) * u * Math.PI) / 16);
});

/**
 * Encodes pixels as a baseline JPEG (YCbCr 4:2:0, quality as libjpeg means it) with the writer the image
 * server uses. Why not jpeg-js's `encode()`, which the thumbnail used before: every call rebuilds two
 * 65,535-entry tables of small arrays before it writes a byte. For a 128-px thumbnail that was 15.7 ms of a
 * 38.6 ms thumbnail here, and being allocation it slowed by 1.47× with two threads encoding at once
 * (decode and scale: 1.01-1.07×), so `--work thumbnail` measured the allocator more than the computation.
 * This one takes ~1.3 ms for the same thumbnail (4:2:0, so its files are ~20% smaller too). jpeg-js
 * still decodes, and the tests decode this output with jpeg-js.
 */
export function encodeRgba(image: RgbaPixels, quality: number): Buffer {
	const {width, height, data} = image;
	// Planes padded to whole 16×16 MCUs by repeating the last row and column, as libjpeg does, so the
	// blocks past the edge carry no hard step for the quantiser to ring on.
	const lumaWidth = Math.ceil(width / 16) * 16;
	const lumaHeight = Math.ceil(height / 16) * 16;
	const chromaWidth = lumaWidth / 2;
	const luma = new Float32Array(lumaWidth * lumaHeight);
	const blue = new Float32Array(chromaWidth * (lumaHeight / 2));
	const red = new Float32Array(blue.length);
	for (let y = 0; y < lumaHeight; y++) {
		const row = Math.min(y, height - 1) * width;
		const chromaRow = (y >> 1) * chromaWidth;
		for (let x = 0; x < lumaWidth; x++) {
			const p = (row + Math.min(x, width - 1)) * 4;
			const r = data[p]!;
			const g = data[p + 1]!;
			const b = data[p + 2]!;
			// Level-shifted by 128, as the DCT expects; chroma is the mean of each 2×2 (4:2:0).
			luma[(y * lumaWidth) + x] = (0.299 * r) + (0.587 * g) + (0.114 * b) - 128;
			const c = chromaRow + (x >> 1);
			blue[c]! += 0.25 * ((-0.168_736 * r) - (0.331_264 * g) + (0.5 * b));
			red[c]! += 0.25 * ((0.5 * r) - (0.418_688 * g) - (0.081_312 * b));
		}
	}

	const samples = new Float64Array(64);
	const rows = new Float64Array(64);
	return writeJpeg(width, height, quality, (component, blockX, blockY, quantisers, coefficients) => {
		const plane = component === 0 ? luma : (component === 1 ? blue : red);
		const stride = component === 0 ? lumaWidth : chromaWidth;
		let at = (blockY * 8 * stride) + (blockX * 8);
		for (let y = 0; y < 8; y++, at += stride) {
			for (let x = 0; x < 8; x++) {
				samples[(y * 8) + x] = plane[at + x]!;
			}
		}

		// Across each row, then down each column.
		for (let y = 0; y < 8; y++) {
			for (let u = 0; u < 8; u++) {
				let sum = 0;
				for (let x = 0; x < 8; x++) {
					sum += dct[(u * 8) + x]! * samples[(y * 8) + x]!;
				}

				rows[(y * 8) + u] = sum;
			}
		}

		for (let k = 0; k < 64; k++) {
			const natural = ZIGZAG[k]!;
			const v = natural >> 3;
			const u = natural & 7;
			let sum = 0;
			for (let y = 0; y < 8; y++) {
				sum += dct[(v * 8) + y]! * rows[(y * 8) + u]!;
			}

			// Baseline keeps AC within ±1023, and DC within ±1023 keeps the DC differences within ±2047.
			const value = Math.round(sum / quantisers[k]!);
			coefficients[k] = value > 1023 ? 1023 : (value < -1023 ? -1023 : value);
		}
	});
}
