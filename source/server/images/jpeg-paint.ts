import {writeJpeg} from '../../codec/index.js';
import {sampleScene, type Scene} from './paint.js';

/**
 * DCT coefficient F(1,0) of an 8×8 block that rises by one level per sample from left to right (a unit ramp),
 * straight from the DCT definition; F(0,1) is the same for a vertical ramp. About -18.2.
 */
const unitRamp = (() => {
	let sum = 0;
	for (let x = 0; x < 8; x++) {
		sum += (x - 3.5) * Math.cos(((2 * x) + 1) * Math.PI / 16);
	}

	return 0.25 * Math.SQRT1_2 * 8 * sum;
})();

/**
 * Paints a scene straight into JPEG coefficients: each block is its scene colour (DC) plus the local slope
 * (the two first AC terms), which renders smooth gradients and blobs, and luminance grain is added as random
 * coefficients. The DCT is orthonormal, so uniform noise of the same variance in every coefficient is the same
 * grain `paintScene` adds to pixels (`grain` peak to peak), and sizes respond to it the same way.
 */
export function paintJpeg(scene: Scene, width: number, height: number, grain: number, quality: number): Buffer {
	// Block centres, with one block of margin all round so every block has neighbours for its slope.
	const lumaColumns = (Math.ceil(width / 16) * 2) + 2;
	const lumaRows = (Math.ceil(height / 16) * 2) + 2;
	const chromaColumns = Math.ceil(width / 16) + 2;
	const chromaRows = Math.ceil(height / 16) + 2;
	const luma = sampleScene(scene, width, height, {columns: lumaColumns, rows: lumaRows, spacing: 8, origin: 3.5 - 8});
	const chroma = sampleScene(scene, width, height, {columns: chromaColumns, rows: chromaRows, spacing: 16, origin: 7.5 - 16});
	const planes = [toPlane(luma, 0), toPlane(chroma, 1), toPlane(chroma, 2)] as const;
	const strides = [lumaColumns, chromaColumns, chromaColumns] as const;

	const grainSource = createGrain(scene.grainSeed, grain);

	return writeJpeg(width, height, quality, (component, blockX, blockY, quantisers, coefficients) => {
		const plane = planes[component];
		const stride = strides[component];
		const i = ((blockY + 1) * stride) + blockX + 1;
		// Neighbouring centres are 8 samples apart on both planes (chroma samples are 2 pixels wide).
		const dc = 8 * plane[i]!;
		const rampX = unitRamp * (plane[i + 1]! - plane[i - 1]!) / 16;
		const rampY = unitRamp * (plane[i + stride]! - plane[i - stride]!) / 16;
		if (component === 0 && grain > 0) {
			grainSource(quantisers, coefficients);
		} else {
			coefficients.fill(0);
		}

		// Baseline limits AC to ±1023 and DC differences to ±2047; ±1023 for DC keeps its differences in range.
		// Grain alone stays far inside those limits, so only the scene terms need clamping.
		coefficients[0] = clamp(Math.round(dc / quantisers[0]!) + coefficients[0]!, 1023);
		coefficients[1] = clamp(Math.round(rampX / quantisers[1]!) + coefficients[1]!, 1023);
		coefficients[2] = clamp(Math.round(rampY / quantisers[2]!) + coefficients[2]!, 1023);
	});
}

/**
 * Returns a filler of quantised random coefficients: uniform noise of `grain` peak to peak in every one of
 * the 64, so the same variance as that grain added to pixels. Scene terms are added on top by the caller.
 */
function createGrain(seed: number, grain: number): (quantisers: Uint8Array, coefficients: Int32Array) => void {
	let state = seed | 1;
	const scale = grain / 4_294_967_296;
	const offset = grain / 2;
	let reciprocals: Float64Array | undefined;
	let reciprocalsOf: Uint8Array | undefined;
	return (quantisers, coefficients) => {
		if (reciprocalsOf !== quantisers) {
			reciprocals = Float64Array.from(quantisers, q => 1 / q);
			reciprocalsOf = quantisers;
		}

		const inverse = reciprocals!;
		let noise = state;
		for (let k = 0; k < 64; k++) {
			// Xorshift inline: this runs once per pixel's worth of coefficients.
			noise ^= noise << 13;
			noise ^= noise >>> 17;
			noise ^= noise << 5;
			coefficients[k] = Math.round((((noise >>> 0) * scale) - offset) * inverse[k]!);
		}

		state = noise;
	};
}

/** One JPEG component from RGB samples, level-shifted (centred on 0) as the DCT expects. */
function toPlane(rgb: Float32Array, component: 0 | 1 | 2): Float32Array {
	const plane = new Float32Array(rgb.length / 3);
	for (let i = 0, p = 0; i < plane.length; i++, p += 3) {
		const r = rgb[p]!;
		const g = rgb[p + 1]!;
		const b = rgb[p + 2]!;
		plane[i] = component === 0
			? (0.299 * r) + (0.587 * g) + (0.114 * b) - 128
			: (component === 1
				? (-0.168_736 * r) - (0.331_264 * g) + (0.5 * b)
				: (0.5 * r) - (0.418_688 * g) - (0.081_312 * b));
	}

	return plane;
}

function clamp(value: number, limit: number): number {
	return value > limit ? limit : (value < -limit ? -limit : value);
}
