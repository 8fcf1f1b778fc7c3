/** sRGB and linear light, by table: scaling and averaging happen in linear light, storage is sRGB. */

export const srgbToLinear = Float32Array.from({length: 256}, (_, value) => {
	const c = value / 255;
	return c <= 0.040_45 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** Fine enough that every 8-bit value survives the round trip (the darkest steps are ~0.0003 apart). */
const linearSteps = 16_384;
const linearToSrgb = Uint8Array.from({length: linearSteps + 1}, (_, step) => {
	const c = step / linearSteps;
	const srgb = c <= 0.003_130_8 ? c * 12.92 : (1.055 * (c ** (1 / 2.4))) - 0.055;
	return Math.round(srgb * 255);
});

/** A linear-light value (0-1, clamped) as an 8-bit sRGB value. */
export function toSrgb(linear: number): number {
	const step = Math.round(linear * linearSteps);
	return linearToSrgb[step <= 0 ? 0 : (step >= linearSteps ? linearSteps : step)]!;
}
