import {srgbToLinear, toSrgb} from './linear-light.js';
import type {Rgba} from './rgba.js';

/**
 * Downscaling with a Lanczos-3 filter, in linear light with premultiplied alpha, then composited on
 * white (JPEG has no alpha). Averaging sRGB values as
 * they are darkens fine detail and edges; averaging unpremultiplied colour bleeds the colour of
 * transparent pixels. Separable: each row is scaled across, then the columns down.
 */

/** Which source pixels make up each target pixel along one axis, and how much of each. */
type Contributions = {
	readonly first: Int32Array;
	readonly count: Int32Array;
	/** `maxCount` weights per target pixel, summing to 1. */
	readonly weights: Float32Array;
	readonly maxCount: number;
};

/** Lanczos-3: sinc windowed by a wider sinc, three lobes each side (what libvips and sharp use by default). */
function lanczos3(x: number): number {
	if (x === 0) {
		return 1;
	}

	if (x <= -3 || x >= 3) {
		return 0;
	}

	const px = Math.PI * x;
	return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
}

/**
 * Lanczos-3 weights, stretched by the scale factor when shrinking so each target pixel integrates the
 * source it covers (an area average would alias less but blur more; Lanczos keeps edges crisp). The
 * weights of each target pixel are normalised to sum to 1, so flat areas keep their exact value.
 */
function contributions(source: number, target: number): Contributions {
	const scale = source / target;
	const stretch = Math.max(1, scale);
	const support = 3 * stretch;
	const maxCount = Math.ceil(support * 2) + 2;
	const first = new Int32Array(target);
	const count = new Int32Array(target);
	const weights = new Float32Array(target * maxCount);
	for (let index = 0; index < target; index++) {
		const center = (index + 0.5) * scale;
		const from = Math.floor(center - support);
		const to = Math.ceil(center + support);
		const low = Math.max(0, from);
		const n = Math.min(source, to) - low;
		let total = 0;
		// Past the edges the edge pixel stands in (clamp to edge): a truncated kernel would weigh the
		// pixels beside the border unevenly and darken or lighten the border rows.
		for (let pixel = from; pixel < to; pixel++) {
			const weight = lanczos3((pixel + 0.5 - center) / stretch);
			const at = Math.min(source - 1, Math.max(0, pixel)) - low;
			weights[(index * maxCount) + at]! += weight;
			total += weight;
		}

		for (let k = 0; k < n; k++) {
			weights[(index * maxCount) + k]! /= total;
		}

		first[index] = low;
		count[index] = n;
	}

	return {first, count, weights, maxCount};
}

/** The image at `width`×`height` (no larger than the source on either side), opaque RGBA. */
export function scaleImage(source: Rgba, width: number, height: number): Rgba {
	const across = contributions(source.width, width);
	const down = contributions(source.height, height);
	const pixels = source.data;
	const sourceRow = source.width * 4;

	// Rows scaled across: premultiplied linear RGBA, one float row of `width` pixels per source row.
	const rows = new Float32Array(source.height * width * 4);
	for (let y = 0; y < source.height; y++) {
		const rowStart = y * sourceRow;
		let out = y * width * 4;
		for (let x = 0; x < width; x++) {
			let red = 0;
			let green = 0;
			let blue = 0;
			let alpha = 0;
			const base = x * across.maxCount;
			let offset = rowStart + (across.first[x]! * 4);
			for (let n = 0; n < across.count[x]!; n++, offset += 4) {
				const weight = across.weights[base + n]!;
				const a = pixels[offset + 3]! / 255 * weight;
				red += srgbToLinear[pixels[offset]!]! * a;
				green += srgbToLinear[pixels[offset + 1]!]! * a;
				blue += srgbToLinear[pixels[offset + 2]!]! * a;
				alpha += a;
			}

			rows[out++] = red;
			rows[out++] = green;
			rows[out++] = blue;
			rows[out++] = alpha;
		}
	}

	const data = new Uint8Array(width * height * 4);
	const rowFloats = width * 4;
	for (let y = 0; y < height; y++) {
		const base = y * down.maxCount;
		for (let x = 0; x < width; x++) {
			let red = 0;
			let green = 0;
			let blue = 0;
			let alpha = 0;
			let offset = (down.first[y]! * rowFloats) + (x * 4);
			for (let n = 0; n < down.count[y]!; n++, offset += rowFloats) {
				const weight = down.weights[base + n]!;
				red += rows[offset]! * weight;
				green += rows[offset + 1]! * weight;
				blue += rows[offset + 2]! * weight;
				alpha += rows[offset + 3]! * weight;
			}

			// Over white: what shows through a transparent pixel is 1.0 in linear light.
			const out = ((y * width) + x) * 4;
			const background = 1 - alpha;
			data[out] = toSrgb(red + background);
			data[out + 1] = toSrgb(green + background);
			data[out + 2] = toSrgb(blue + background);
			data[out + 3] = 255;
		}
	}

	return {width, height, data};
}
