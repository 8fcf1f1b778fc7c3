import {Unzlib} from 'fflate';
import {channelsOf, PngRows, type PngHeader} from './png-rows.js';
import type {PixelRows} from './rgba.js';
import {ThumbnailError} from './thumbnail-error.js';

/**
 * Compressed bytes inflated at a time: deflate expands at most ~1,032×, so one piece never makes more
 * than ~4 MB of rows at once, however hostile the stream (an IDAT inflating to 200 MB costs no more).
 */
const piece = 4096;

/** Bit depths each colour type allows (PNG 1.2, 11.2.2). */
const depths: Readonly<Record<number, readonly number[]>> = {0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]};

function bad(why: string): ThumbnailError {
	return new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the PNG (${why})`);
}

function uint32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** IHDR, PLTE and tRNS, read before the first IDAT. */
function readHeader(input: Uint8Array): {header: PngHeader; firstData: number} {
	let at = 8;
	let header: Omit<PngHeader, 'palette' | 'transparency'> | undefined;
	let palette: Uint8Array | undefined;
	let transparency: Uint8Array | undefined;
	while (at + 8 <= input.length) {
		const length = uint32(input, at);
		const type = String.fromCodePoint(input[at + 4]!, input[at + 5]!, input[at + 6]!, input[at + 7]!);
		const data = input.subarray(at + 8, at + 8 + length);
		if (type === 'IHDR' && length >= 13) {
			header = {width: uint32(data, 0), height: uint32(data, 4), bitDepth: data[8]!, colourType: data[9]!, interlaced: data[12] === 1};
			if (!depths[header.colourType]?.includes(header.bitDepth) || data[10] !== 0 || data[11] !== 0 || data[12]! > 1) {
				throw bad(`colour type ${header.colourType} at ${header.bitDepth} bits`);
			}
		} else if (type === 'PLTE') {
			palette = data;
		} else if (type === 'tRNS') {
			transparency = data;
		} else if (type === 'IDAT') {
			if (header === undefined) {
				throw bad('image data before its header');
			}

			return {header: {...header, ...(palette ? {palette} : {}), ...(transparency ? {transparency} : {})}, firstData: at};
		}

		at += 12 + length;
	}

	throw bad('no image data');
}

/**
 * Decode a PNG into `sink` as it inflates: the IDAT chunks are inflated a piece at a time, each row
 * unfiltered and handed on as RGBA, so neither the inflated data nor a full-size canvas is ever held.
 * A generator: it yields after each piece, for a caller that keeps the thread responsive.
 */
export function * decodePng(input: Uint8Array, open: (width: number, height: number) => PixelRows): Generator<void, void> {
	const {header, firstData} = readHeader(input);
	if (header.colourType === 3 && header.palette === undefined) {
		throw bad('a palette image without its palette');
	}

	const rows = new PngRows(header, open(header.width, header.height));
	let failure: unknown;
	const inflater = new Unzlib((data: Uint8Array) => {
		try {
			rows.push(data);
		} catch (error) {
			failure ??= error;
		}
	});
	for (let at = firstData; at + 8 <= input.length && !rows.done;) {
		const length = uint32(input, at);
		if (input[at + 4] === 0x49 && input[at + 5] === 0x44 && input[at + 6] === 0x41 && input[at + 7] === 0x54) {
			const data = input.subarray(at + 8, at + 8 + length);
			for (let offset = 0; offset < data.length; offset += piece) {
				try {
					inflater.push(data.subarray(offset, offset + piece));
				} catch (error) {
					throw bad(`its image data does not inflate: ${error instanceof Error ? error.message : String(error)}`);
				}

				if (failure !== undefined) {
					throw failure;
				}

				yield;
			}
		}

		at += 12 + length;
	}

	if (!rows.done) {
		throw bad('its image data ends early');
	}
}

/** Bytes per row of the widest pass, for the decode budget's estimate. */
export function pngRowBytes(width: number): number {
	return (width * 4) + (2 * ((width * Math.max(...Object.values(channelsOf)) * 2) + 1));
}
