import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import {ThumbnailError} from './thumbnail-error.js';

export type DecodableFormat = 'jpeg' | 'png';

/** Pixels as 8-bit RGBA, row by row, whatever the source's colour type or bit depth. */
export type Rgba = {readonly width: number; readonly height: number; readonly data: Uint8Array};

const pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

/** The format from the magic bytes (never from a file name or a header), or undefined. */
export function sniffFormat(input: Uint8Array): DecodableFormat | undefined {
	if (input.length >= 3 && input[0] === 0xFF && input[1] === 0xD8 && input[2] === 0xFF) {
		return 'jpeg';
	}

	if (input.length >= pngSignature.length && pngSignature.every((byte, index) => input[index] === byte)) {
		return 'png';
	}

	return undefined;
}

/**
 * Decode with the libraries (jpeg-js, pngjs), refusing images over `maxPixels` before any pixel buffer
 * is allocated: pngjs has no limit of its own, and a small file can claim a huge canvas.
 */
export function decodeImage(input: Uint8Array, maxPixels: number): Rgba & {format: DecodableFormat} {
	const format = sniffFormat(input);
	if (format === undefined) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', 'not a JPEG or PNG: no thumbnail');
	}

	const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	try {
		if (format === 'jpeg') {
			const image = jpeg.decode(buffer, {useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1_000_000, maxMemoryUsageInMB: 1024});
			return {format, width: image.width, height: image.height, data: image.data};
		}

		checkPngCanvas(buffer, maxPixels);
		const image = pngjs.PNG.sync.read(buffer);
		return {format, width: image.width, height: image.height, data: image.data};
	} catch (error) {
		if (error instanceof ThumbnailError) {
			throw error;
		}

		// jpeg-js throws strings as well as Errors.
		const why = error instanceof Error ? error.message : String(error);
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the ${format === 'jpeg' ? 'JPEG' : 'PNG'} (${why.slice(0, 80)})`, {cause: error});
	}
}

/** IHDR is always the first chunk: its width and height sit at bytes 16-23. */
function checkPngCanvas(buffer: Buffer, maxPixels: number): void {
	if (buffer.length < 24) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', 'cannot decode the PNG (too short for its header)');
	}

	const width = buffer.readUInt32BE(16);
	const height = buffer.readUInt32BE(20);
	if (width * height > maxPixels) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `${width}×${height} is over ${maxPixels / 1_000_000} megapixels: no thumbnail`);
	}
}
