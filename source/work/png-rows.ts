import type {PixelRows} from './rgba.js';
import {ThumbnailError} from './thumbnail-error.js';

/** What IHDR, PLTE and tRNS say about how the rows are coded. */
export type PngHeader = {
	readonly width: number;
	readonly height: number;
	readonly bitDepth: number;
	readonly colourType: number;
	readonly interlaced: boolean;
	/** PLTE: RGB triples. */
	readonly palette?: Uint8Array;
	/** tRNS as stored: alpha per palette entry, or the one transparent grey or RGB value (16-bit samples). */
	readonly transparency?: Uint8Array;
};

/** Samples per pixel of each colour type: grey, RGB, palette, grey + alpha, RGBA. */
export const channelsOf: Readonly<Record<number, number>> = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4};

/** Adam7: where each pass starts and how far apart its pixels are. */
const adam7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

type Pass = {readonly x0: number; readonly y0: number; readonly dx: number; readonly dy: number; readonly width: number; readonly height: number};

function bad(why: string): ThumbnailError {
	return new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the PNG (${why})`);
}

/**
 * Takes the inflated image data as it comes, a piece at a time: undoes each row's filter against the
 * row before it, turns the row into RGBA and hands it on. Only two rows are ever held.
 */
export class PngRows {
	private readonly passes: Pass[];
	private readonly bitsPerPixel: number;
	/** Bytes to the corresponding byte of the pixel before (at least 1), for the filters. */
	private readonly filterStep: number;
	private pass = 0;
	private y = 0;
	private row: Uint8Array = new Uint8Array(0);
	private previous: Uint8Array = new Uint8Array(0);
	private filled = 0;
	private readonly rgba: Uint8Array;

	constructor(private readonly header: PngHeader, private readonly sink: PixelRows) {
		const {width, height, interlaced, bitDepth, colourType} = header;
		this.passes = (interlaced ? adam7 : [[0, 0, 1, 1] as const])
			.map(([x0, y0, dx, dy]) => ({x0, y0, dx, dy, width: Math.ceil((width - x0) / dx), height: Math.ceil((height - y0) / dy)}))
			.filter(pass => pass.width > 0 && pass.height > 0);
		this.bitsPerPixel = channelsOf[colourType]! * bitDepth;
		this.filterStep = Math.max(1, this.bitsPerPixel >> 3);
		this.rgba = new Uint8Array(width * 4);
		this.startPass();
	}

	get done(): boolean {
		return this.pass >= this.passes.length;
	}

	push(data: Uint8Array): void {
		let at = 0;
		while (at < data.length) {
			if (this.done) {
				throw bad(`its image data is longer than its ${this.header.width}×${this.header.height} canvas`);
			}

			const take = Math.min(this.row.length - this.filled, data.length - at);
			this.row.set(data.subarray(at, at + take), this.filled);
			this.filled += take;
			at += take;
			if (this.filled === this.row.length) {
				this.finishRow();
			}
		}
	}

	private startPass(): void {
		const pass = this.passes[this.pass];
		if (pass) {
			const length = 1 + Math.ceil(pass.width * this.bitsPerPixel / 8);
			this.row = new Uint8Array(length);
			this.previous = new Uint8Array(length);
			this.y = 0;
		}
	}

	private finishRow(): void {
		const pass = this.passes[this.pass]!;
		unfilter(this.row, this.previous, this.filterStep);
		toRgba(this.row, pass.width, this.header, this.rgba);
		this.sink.row(pass.y0 + (this.y * pass.dy), this.rgba, pass.x0, pass.dx, pass.width);
		[this.previous, this.row] = [this.row, this.previous];
		this.filled = 0;
		if (++this.y === pass.height) {
			this.pass++;
			this.startPass();
		}
	}
}

/** Undo the row's filter (its first byte) in place, against the previous row (already unfiltered). */
function unfilter(row: Uint8Array, previous: Uint8Array, step: number): void {
	const filter = row[0]!;
	const n = row.length;
	switch (filter) {
		case 0: {
			break;
		}

		case 1: {
			for (let i = 1 + step; i < n; i++) {
				row[i] = row[i]! + row[i - step]!;
			}

			break;
		}

		case 2: {
			for (let i = 1; i < n; i++) {
				row[i] = row[i]! + previous[i]!;
			}

			break;
		}

		case 3: {
			for (let i = 1; i < n; i++) {
				const left = i > step ? row[i - step]! : 0;
				row[i] = row[i]! + ((left + previous[i]!) >> 1);
			}

			break;
		}

		case 4: {
			for (let i = 1; i < n; i++) {
				const a = i > step ? row[i - step]! : 0;
				const b = previous[i]!;
				const c = i > step ? previous[i - step]! : 0;
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				row[i] = row[i]! + (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c));
			}

			break;
		}

		default: {
			throw bad(`row filter ${filter}`);
		}
	}
}

/** The row's `count` pixels (after its filter byte) as 8-bit RGBA in `out`. */
function toRgba(row: Uint8Array, count: number, header: PngHeader, out: Uint8Array): void {
	const {bitDepth, colourType, palette, transparency} = header;
	const channels = channelsOf[colourType]!;
	if (bitDepth === 8 && colourType === 6) {
		out.set(row.subarray(1, 1 + (count * 4)));
		return;
	}

	if (bitDepth === 8 && colourType === 2 && transparency === undefined) {
		for (let i = 0, o = 0, s = 1; i < count; i++, o += 4, s += 3) {
			out[o] = row[s]!;
			out[o + 1] = row[s + 1]!;
			out[o + 2] = row[s + 2]!;
			out[o + 3] = 255;
		}

		return;
	}

	// Every other layout, sample by sample, each scaled to 0-255 (low bit depths unpacked first).
	const max = (2 ** bitDepth) - 1;
	const sample = (k: number): number => {
		if (bitDepth === 16) {
			return (row[1 + (2 * k)]! << 8) | row[2 + (2 * k)]!;
		}

		if (bitDepth === 8) {
			return row[1 + k]!;
		}

		const bit = k * bitDepth;
		return (row[1 + (bit >> 3)]! >> (8 - bitDepth - (bit & 7))) & max;
	};

	const to8 = (value: number) => bitDepth === 8 ? value : Math.round(value * 255 / max);
	const key = (k: number) => transparency && transparency.length >= 2 * (k + 1) ? (transparency[2 * k]! << 8) | transparency[(2 * k) + 1]! : -1;
	for (let i = 0, o = 0; i < count; i++, o += 4) {
		const first = i * channels;
		if (colourType === 3) {
			const index = sample(first);
			out[o] = palette?.[index * 3] ?? 0;
			out[o + 1] = palette?.[(index * 3) + 1] ?? 0;
			out[o + 2] = palette?.[(index * 3) + 2] ?? 0;
			out[o + 3] = transparency?.[index] ?? 255;
		} else if (colourType === 0 || colourType === 4) {
			const grey = sample(first);
			out[o] = out[o + 1] = out[o + 2] = to8(grey);
			out[o + 3] = colourType === 4 ? to8(sample(first + 1)) : (grey === key(0) ? 0 : 255);
		} else {
			const [red, green, blue] = [sample(first), sample(first + 1), sample(first + 2)];
			out[o] = to8(red);
			out[o + 1] = to8(green);
			out[o + 2] = to8(blue);
			out[o + 3] = colourType === 6 ? to8(sample(first + 3)) : (red === key(0) && green === key(1) && blue === key(2) ? 0 : 255);
		}
	}
}
