/** Pixels as 8-bit RGBA (straight alpha, sRGB), row by row, whatever the source's colour type or bit depth. */
export type Rgba = {readonly width: number; readonly height: number; readonly data: Uint8Array};

/** Where a decoder puts its pixels as it goes: `count` RGBA pixels for columns x0, x0 + dx, … of row y. */
export type PixelRows = {
	row(y: number, rgba: Uint8Array, x0: number, dx: number, count: number): void;
};
