import {srgbToLinear, toSrgb} from './linear-light.js';
import type {PixelRows, Rgba} from './rgba.js';

/**
 * The whole-number factor that shrinks a `width`×`height` image to no less than twice `target` on
 * either side (1 when it is already that small). A box of that many pixels a side is averaged while
 * decoding, and the Lanczos filter does the rest from at most ~2× the thumbnail: the full-size canvas
 * is never held, and what the Lanczos sees is still sharper than the result.
 */
export function reductionFactor(width: number, height: number, target: {readonly width: number; readonly height: number}): number {
	return Math.max(1, Math.floor(Math.min(width / (2 * target.width), height / (2 * target.height))));
}

const byteToAlpha = Float32Array.from({length: 256}, (_, value) => value / 255);

/**
 * Takes decoded rows (in any order: Adam7 passes arrive scattered) and keeps one cell per
 * `factor`×`factor` box: sums of premultiplied linear-light colour and alpha, so transparent pixels
 * tint nothing and edges keep their brightness. With factor 1 it simply holds the pixels.
 */
export class BoxReducer implements PixelRows {
	readonly width: number;
	readonly height: number;
	private readonly sums: Float32Array | undefined;
	private readonly pixels: Uint8Array | undefined;

	constructor(private readonly sourceWidth: number, private readonly sourceHeight: number, private readonly factor: number) {
		this.width = Math.ceil(sourceWidth / factor);
		this.height = Math.ceil(sourceHeight / factor);
		if (factor === 1) {
			this.pixels = new Uint8Array(this.width * this.height * 4);
		} else {
			this.sums = new Float32Array(this.width * this.height * 4);
		}
	}

	/** Bytes a reducer for these sizes holds: for the decode budget's estimate. */
	static bytes(sourceWidth: number, sourceHeight: number, factor: number): number {
		return Math.ceil(sourceWidth / factor) * Math.ceil(sourceHeight / factor) * (factor === 1 ? 4 : 16);
	}

	row(y: number, rgba: Uint8Array, x0: number, dx: number, count: number): void {
		if (this.pixels) {
			const base = y * this.width;
			if (dx === 1) {
				this.pixels.set(rgba.subarray(0, count * 4), (base + x0) * 4);
				return;
			}

			for (let i = 0; i < count; i++) {
				this.pixels.set(rgba.subarray(i * 4, (i * 4) + 4), (base + x0 + (i * dx)) * 4);
			}

			return;
		}

		const sums = this.sums!;
		const {factor} = this;
		// The cell and how far into it: counted along, not divided out for every pixel (this is the hot loop).
		let cell = ((Math.floor(y / factor) * this.width) + Math.floor(x0 / factor)) * 4;
		let into = x0 % factor;
		for (let i = 0, o = 0; i < count; i++, o += 4) {
			const a = rgba[o + 3]!;
			if (a === 255) {
				sums[cell]! += srgbToLinear[rgba[o]!]!;
				sums[cell + 1]! += srgbToLinear[rgba[o + 1]!]!;
				sums[cell + 2]! += srgbToLinear[rgba[o + 2]!]!;
				sums[cell + 3]! += 1;
			} else if (a !== 0) {
				const alpha = byteToAlpha[a]!;
				sums[cell]! += srgbToLinear[rgba[o]!]! * alpha;
				sums[cell + 1]! += srgbToLinear[rgba[o + 1]!]! * alpha;
				sums[cell + 2]! += srgbToLinear[rgba[o + 2]!]! * alpha;
				sums[cell + 3]! += alpha;
			}

			into += dx;
			while (into >= factor) {
				into -= factor;
				cell += 4;
			}
		}
	}

	/** The reduced image: each cell's average colour (unpremultiplied) and coverage, as 8-bit sRGB RGBA. */
	result(): Rgba {
		if (this.pixels) {
			return {width: this.width, height: this.height, data: this.pixels};
		}

		const sums = this.sums!;
		const {factor, width, height} = this;
		const data = new Uint8Array(width * height * 4);
		for (let cy = 0; cy < height; cy++) {
			const rows = Math.min(factor, this.sourceHeight - (cy * factor));
			for (let cx = 0; cx < width; cx++) {
				const at = ((cy * width) + cx) * 4;
				const weight = sums[at + 3]!;
				if (weight > 0) {
					// Edge cells cover fewer source pixels than factor².
					const covered = rows * Math.min(factor, this.sourceWidth - (cx * factor));
					data[at] = toSrgb(sums[at]! / weight);
					data[at + 1] = toSrgb(sums[at + 1]! / weight);
					data[at + 2] = toSrgb(sums[at + 2]! / weight);
					data[at + 3] = Math.round(Math.min(1, weight / covered) * 255);
				}
			}
		}

		return {width, height, data};
	}
}
