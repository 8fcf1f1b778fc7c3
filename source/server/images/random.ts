/** A seeded generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny and fast; the images only need to look random, not be unpredictable. */
export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Folds several numbers (any safe integers) into one 32-bit seed, so nearby inputs give unrelated streams. */
export function mixSeed(...parts: readonly number[]): number {
	let hash = 0x81_1C_9D_C5;
	for (const part of parts) {
		// Both halves of a safe integer take part, so seeds above 2^32 stay distinct.
		for (const word of [part >>> 0, Math.floor(part / 4_294_967_296) >>> 0]) {
			hash = Math.imul(hash ^ word, 0x01_00_01_93);
			hash ^= hash >>> 15;
			hash = Math.imul(hash, 0x2C_1B_3C_6D);
			hash ^= hash >>> 12;
		}
	}

	return hash >>> 0;
}
