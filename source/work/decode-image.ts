import jpeg from 'jpeg-js';
import {ImageScanner} from '../engine/image-scan/index.js';
import {decodeBmp} from './bmp-decode.js';
import {BoxReducer, reductionFactor} from './box-reducer.js';
import {decodeGif, gifDecodeBytes} from './gif-decode.js';
import {decodeJpegDc, jpegDcBytes} from './jpeg-dc-decode.js';
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

type Size = {readonly width: number; readonly height: number};

/**
 * A JPEG at least 16× its thumbnail on both sides is decoded at an eighth of its size (one pixel per
 * 8×8 block, from its DC coefficient): still at least twice the thumbnail, for the Lanczos to finish.
 */
function decodesAtEighth({width, height}: Size, target: Size): boolean {
	return width >= 16 * target.width && height >= 16 * target.height;
}

/**
 * What decoding an image for a `target`-sized thumbnail holds at its peak, for the decode budget. PNG
 * and BMP stream into the reduced canvas; GIF holds its canvas; a JPEG decoded at an eighth holds a
 * DC value a block; jpeg-js (a JPEG at full size) holds every DCT block (an Int32Array of 64 and its
 * object), every component's samples and the RGBA output: about 20 bytes a pixel.
 */
export function decodePeakBytes(format: DecodableFormat, width: number, height: number, target: Size): number {
	const reduced = BoxReducer.bytes(width, height, reductionFactor(width, height, target));
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
			return decodesAtEighth({width, height}, target) ? jpegDcBytes(width, height) : reduced + (width * height * 20);
		}
	}
}

/** A decoded image reduced on the way in to at most about twice its thumbnail, and the size it had. */
export type ReducedImage = Rgba & {readonly format: DecodableFormat; readonly sourceWidth: number; readonly sourceHeight: number};

/**
 * Decode `input` (whose header is `header`) for a thumbnail of `target`, reduced on the way in (a
 * JPEG's scaled decoding, then a box average: reductionFactor). A generator that yields between
 * pieces of the work, so whoever drives it can keep its thread responsive.
 */
export function * decodeReduced(input: Uint8Array, header: ImageHeader & {format: DecodableFormat}, target: Size, limitInputPixels: number): Generator<void, ReducedImage> {
	const {format, width, height} = header;
	let reducer: BoxReducer | undefined;
	/** The decoder's canvas: the image's size, or an eighth of it for a JPEG decoded by its DC coefficients. */
	const open = (expected: Size) => (w: number, h: number): PixelRows => {
		if (w !== expected.width || h !== expected.height) {
			throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the ${header.name} (it says ${w}×${h} and ${width}×${height})`);
		}

		reducer = new BoxReducer(w, h, reductionFactor(w, h, target));
		return reducer;
	};

	const done = (image: Rgba): ReducedImage => ({...image, format, sourceWidth: width, sourceHeight: height});
	const full = (w: number, h: number) => open({width, height})(w, h);
	switch (format) {
		case 'png': {
			yield * decodePng(input, full);
			break;
		}

		case 'bmp': {
			yield * decodeBmp(input, full);
			break;
		}

		case 'gif': {
			yield * decodeGif(input, full, limitInputPixels);
			break;
		}

		default: {
			if (decodesAtEighth(header, target) && (yield * decodeJpegDc(input, open({width: Math.ceil(width / 8), height: Math.ceil(height / 8)})))) {
				break;
			}

			const image = decodeJpeg(input, limitInputPixels);
			if (reductionFactor(width, height, target) === 1) {
				return done(image);
			}

			yield;
			const sink = full(image.width, image.height);
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
