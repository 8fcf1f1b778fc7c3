// omggif 1 ships no types; these are the parts of its GifReader that imgrace uses (see omggif.js).
declare module 'omggif' {
	export type GifFrameInfo = {
		readonly x: number;
		readonly y: number;
		readonly width: number;
		readonly height: number;
	};

	export class GifReader {
		constructor(buffer: Uint8Array);
		readonly width: number;
		readonly height: number;
		numFrames(): number;
		frameInfo(frame: number): GifFrameInfo;
		/** Decode a frame into `pixels` (width × height × 4, RGBA), leaving its transparent pixels as they were. */
		decodeAndBlitFrameRGBA(frame: number, pixels: Uint8Array): void;
	}

	/** Writes a GIF into `buffer` (used by the tests to make GIFs); `end()` returns its length. */
	export class GifWriter {
		constructor(buffer: Uint8Array, width: number, height: number, options?: {palette?: number[]; loop?: number});
		addFrame(x: number, y: number, width: number, height: number, indexedPixels: ArrayLike<number>, options?: {palette?: number[]; delay?: number; transparent?: number; disposal?: number}): number;
		end(): number;
	}
}
