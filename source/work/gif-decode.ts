import omggif from 'omggif';
import type {PixelRows} from './rgba.js';
import {ThumbnailError} from './thumbnail-error.js';

function bad(why: string): ThumbnailError {
	return new ThumbnailError('ERR_IMGRACE_THUMBNAIL', `cannot decode the GIF (${why})`);
}

/** Bytes omggif holds for a frame of `pixels` pixels (the frame's index stream) beside the `width`×`height` RGBA canvas. */
export function gifDecodeBytes(width: number, height: number): number {
	return width * height * 5;
}

/**
 * Decode a GIF's first frame (what a still thumbnail shows) with omggif into `sink`. omggif blits the
 * frame onto a full RGBA canvas, so the canvas is held (the pixel limit and the decode budget bound it);
 * pixels the frame leaves transparent stay transparent.
 */
export function * decodeGif(input: Uint8Array, open: (width: number, height: number) => PixelRows, maxPixels: number): Generator<void, void> {
	let reader: omggif.GifReader;
	try {
		reader = new omggif.GifReader(input);
	} catch (error) {
		throw bad(error instanceof Error ? error.message : String(error));
	}

	const {width, height} = reader;
	if (reader.numFrames() === 0) {
		throw bad('no frames');
	}

	const frame = reader.frameInfo(0);
	// A frame may claim more than the screen it sits on: omggif allocates its index stream at the frame's size.
	if (frame.width * frame.height > maxPixels || frame.x + frame.width > width || frame.y + frame.height > height) {
		throw bad(`a ${frame.width}×${frame.height} frame at ${frame.x},${frame.y} on a ${width}×${height} screen`);
	}

	const canvas = new Uint8Array(width * height * 4);
	try {
		reader.decodeAndBlitFrameRGBA(0, canvas);
	} catch (error) {
		throw bad(error instanceof Error ? error.message : String(error));
	}

	yield;
	const sink = open(width, height);
	for (let y = 0; y < height; y++) {
		sink.row(y, canvas.subarray(y * width * 4, (y + 1) * width * 4), 0, 1, width);
	}
}
