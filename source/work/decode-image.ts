import jpeg from 'jpeg-js';
import {ImageScanner} from '../engine/image-scan/index.js';
import {decodeBmp} from './bmp-decode.js';
import {BoxReducer} from './box-reducer.js';
import {decodeGif, gifDecodeBytes} from './gif-decode.js';
import {decodePng, pngRowBytes} from './png-decode.js';
import type {PixelRows, Rgba} from './rgba.js';
import {ThumbnailError} from './thumbnail-error.js';

export type {Rgba} from './rgba.js';

/** The formats a thumbnail is made of; the scanner accepts others (WebP, TIFF, AVIF, HEIC, JXL) that have no decoder here. */
export type DecodableFormat = 'jpeg' | 'png' | 'gif' | 'bmp';

/** What the scanner's extension is called in a reason, and which of them decode. */
const formats: Readonly<Record<string, {readonly name: string; readonly format?: DecodableFormat}>> = {
	jpg: {name: 'JPEG', format: 'jpeg'},
	png: {name: 'PNG', format: 'png'},
	gif: {name: 'GIF', format: 'gif'},
	bmp: {name: 'BMP', format: 'bmp'},
	webp: {name: 'WebP'},
	tiff: {name: 'TIFF'},
	avif: {name: 'AVIF'},
	heic: {name: 'HEIC'},
	heif: {name: 'HEIF'},
	jxl: {name: 'JPEG XL'},
};

/** A saved image as the thumbnail sees it: its type (by its bytes, never its name) and size. */
export type ImageHeader = {
	/** Undefined for an image type there is no decoder for. */
	readonly format: DecodableFormat | undefined;
	/** For a reason: "JPEG", "WebP". */
	readonly name: string;
	readonly width: number;
	readonly height: number;
};

/** Bytes the scanner may hold of a head it judges whole (it copies only headers). */
const scanHead = 256 * 1024;

/**
 * Type and size of a saved image, by the same scanner the download went through (so a file changed on
 * disk since is judged again, and a header is never trusted beyond what the scanner checked).
 * @throws ThumbnailError (ERR_IMGRACE_THUMBNAIL) for bytes that are not a whole image.
 */
export function readImageHeader(input: Uint8Array): ImageHeader {
	const scanner = new ImageScanner(scanHead);
	try {
		scanner.push(input);
		const info = scanner.finish();
		const known = formats[info.extension];
		return {format: known?.format, name: known?.name ?? info.extension, width: info.width, height: info.height};
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the ${magicName(input)} (${why.slice(0, 80)})`, {cause: error});
	}
}

/** What the first bytes claim to be, for a reason about bytes that turned out not to be it. */
function magicName(b: Uint8Array): string {
	const magic = Buffer.from(b.subarray(0, 4)).toString('latin1');
	if (magic.startsWith('\u00FF\u00D8\u00FF')) {
		return 'JPEG';
	}

	return magic === '\u0089PNG' ? 'PNG' : (magic === 'GIF8' ? 'GIF' : (magic.startsWith('BM') ? 'BMP' : 'file'));
}

/** @throws ThumbnailError when the image has more pixels than `limitInputPixels`, before anything is allocated. */
export function checkPixelLimit({width, height}: {readonly width: number; readonly height: number}, limitInputPixels: number): void {
	if (width * height > limitInputPixels) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `${width}×${height} is over the ${Math.floor(limitInputPixels / 1_000_000)} MP limit: no thumbnail`);
	}
}

/**
 * What decoding an image down to `factor` holds at its peak, for the decode budget. PNG and BMP stream
 * into the reduced canvas; GIF holds its canvas; jpeg-js holds every DCT block (an Int32Array of 64 per
 * block, plus its object), every component's samples and the RGBA output: about 20 bytes a pixel.
 */
export function decodePeakBytes(format: DecodableFormat, width: number, height: number, factor: number): number {
	const reduced = BoxReducer.bytes(width, height, factor);
	switch (format) {
		case 'png': {
			return reduced + pngRowBytes(width) + (4 * 1024 * 1024);
		}

		case 'bmp': {
			return reduced + (width * 4);
		}

		case 'gif': {
			return reduced + gifDecodeBytes(width, height);
		}

		default: {
			return reduced + (width * height * 20);
		}
	}
}

/** A decoded image reduced on the way in to at most about twice its thumbnail, and the size it had. */
export type ReducedImage = Rgba & {readonly format: DecodableFormat; readonly sourceWidth: number; readonly sourceHeight: number};

/**
 * Decode `input` (whose header is `header`) reduced by `factor` (reductionFactor): a generator that
 * yields between pieces of the work, so whoever drives it can keep its thread responsive.
 */
export function * decodeReduced(input: Uint8Array, header: ImageHeader & {format: DecodableFormat}, factor: number, limitInputPixels: number): Generator<void, ReducedImage> {
	const {format, width, height} = header;
	let reducer: BoxReducer | undefined;
	const open = (w: number, h: number): PixelRows => {
		if (w !== width || h !== height) {
			throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the ${header.name} (it says ${w}×${h} and ${width}×${height})`);
		}

		reducer = new BoxReducer(w, h, factor);
		return reducer;
	};

	const done = (image: Rgba): ReducedImage => ({...image, format, sourceWidth: width, sourceHeight: height});
	switch (format) {
		case 'png': {
			yield * decodePng(input, open);
			break;
		}

		case 'bmp': {
			yield * decodeBmp(input, open);
			break;
		}

		case 'gif': {
			yield * decodeGif(input, open, limitInputPixels);
			break;
		}

		default: {
			const image = decodeJpeg(input, limitInputPixels);
			if (factor === 1) {
				return done(image);
			}

			yield;
			const sink = open(image.width, image.height);
			for (let y = 0; y < image.height; y++) {
				sink.row(y, image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), 0, 1, image.width);
			}
		}
	}

	return done(reducer!.result());
}

/** jpeg-js decodes the whole image at full size (it has no scaled decoding); its own limits stay on as a second guard. */
function decodeJpeg(input: Uint8Array, limitInputPixels: number): Rgba {
	try {
		const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
		const image = jpeg.decode(buffer, {useTArray: true, formatAsRGBA: true, maxResolutionInMP: limitInputPixels / 1_000_000, maxMemoryUsageInMB: 1024});
		return {width: image.width, height: image.height, data: image.data};
	} catch (error) {
		// jpeg-js throws strings as well as Errors.
		const why = error instanceof Error ? error.message : String(error);
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the JPEG (${why.slice(0, 80)})`, {cause: error});
	}
}
