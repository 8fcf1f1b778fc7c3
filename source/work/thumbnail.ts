import {encodeRgba} from '../codec/index.js';
import {checkPixelLimit, decodePeakBytes, decodeReduced, readImageHeader, type DecodableFormat, type ImageHeader} from './decode-image.js';
import {scaleImage} from './scale-image.js';
import {ThumbnailError} from './thumbnail-error.js';
import {thumbnailDefaults} from './works.js';

export type ThumbnailOptions = {
	/** Pixels on the long side; an image already that small or smaller keeps its size. */
	readonly size: number;
	/** Do the whole decode, scale and encode this many times (default 1): a knob for heavier work. */
	readonly repeat?: number;
	/** JPEG quality, 1-100 (default thumbnailDefaults.quality). */
	readonly quality?: number;
	/** Refuse images of more pixels before decoding (default thumbnailDefaults.limitInputPixels, as sharp's option). */
	readonly limitInputPixels?: number;
};

export type Thumbnail = {
	/** The encoded JPEG. */
	readonly data: Uint8Array;
	readonly width: number;
	readonly height: number;
	readonly format: 'jpeg';
	/** What the input was. */
	readonly sourceFormat: DecodableFormat;
	readonly sourceWidth: number;
	readonly sourceHeight: number;
};

/** Long side `size`, the short side in proportion (at least 1 px); never larger than the source. */
export function thumbnailSize(width: number, height: number, size: number): {width: number; height: number} {
	const long = Math.max(width, height);
	if (long <= size) {
		return {width, height};
	}

	const scale = size / long;
	return width >= height
		? {width: size, height: Math.max(1, Math.round(height * scale))}
		: {width: Math.max(1, Math.round(width * scale)), height: size};
}

/** What making one thumbnail will take, known before any pixel is decoded. */
export type ThumbnailPlan = {
	readonly header: ImageHeader & {readonly format: DecodableFormat};
	/** The thumbnail's size. */
	readonly width: number;
	readonly height: number;
	/** What the decode holds at its peak: what it asks of the decode budget. */
	readonly peakBytes: number;
};

/**
 * Plan a thumbnail of `input`, or say why there is none: undecodable bytes and images over the pixel
 * limit throw; an image type with no decoder here returns `{skip}` with the reason.
 * @throws ThumbnailError (ERR_IMGRACE_THUMBNAIL), RangeError for bad options.
 */
export function planThumbnail(input: Uint8Array, options: ThumbnailOptions): ThumbnailPlan | {readonly skip: string} {
	checkThumbnailOptions(options);
	const header = readImageHeader(input);
	const {format} = header;
	if (format === undefined) {
		return {skip: `no ${header.name} decoder here: thumbnail skipped`};
	}

	checkPixelLimit(header, options.limitInputPixels ?? thumbnailDefaults.limitInputPixels);
	const size = thumbnailSize(header.width, header.height, options.size);
	return {header: {...header, format}, ...size, peakBytes: decodePeakBytes(format, header.width, header.height, size) + (size.width * size.height * 8)};
}

/**
 * Decode, scale down to the plan's size and encode as a JPEG: pure CPU work (no I/O), all of it on the
 * calling thread, which is what `--work thumbnail` measures. A generator that yields between pieces of
 * the work (every few rows of a PNG or BMP; jpeg-js decodes a JPEG in one piece), so a caller can keep
 * its thread responsive and stop between them.
 */
export function * thumbnailSteps(input: Uint8Array, plan: ThumbnailPlan, options: ThumbnailOptions): Generator<void, Thumbnail> {
	const source = yield * decodeReduced(input, plan.header, plan, options.limitInputPixels ?? thumbnailDefaults.limitInputPixels);
	yield;
	const scaled = scaleImage(source, plan.width, plan.height);
	yield;
	const encoded = encodeRgba(scaled, options.quality ?? thumbnailDefaults.quality);
	return {data: encoded, width: plan.width, height: plan.height, format: 'jpeg', sourceFormat: source.format, sourceWidth: source.sourceWidth, sourceHeight: source.sourceHeight};
}

/**
 * Make the thumbnail of a JPEG, PNG, GIF or BMP, synchronously. With `repeat` N the whole thing runs
 * N times and the last result is returned.
 * @throws ThumbnailError (ERR_IMGRACE_THUMBNAIL) for bytes it cannot decode, an image over the pixel
 * limit or a type it has no decoder for, or a RangeError for bad options.
 */
export function makeThumbnail(input: Uint8Array, options: ThumbnailOptions): Thumbnail {
	const repeat = options.repeat ?? 1;
	let thumbnail: Thumbnail | undefined;
	for (let round = 0; round < repeat; round++) {
		const plan = planThumbnail(input, options);
		if ('skip' in plan) {
			throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', plan.skip);
		}

		const steps = thumbnailSteps(input, plan, options);
		for (let step = steps.next(); ; step = steps.next()) {
			if (step.done) {
				thumbnail = step.value;
				break;
			}
		}
	}

	return thumbnail!;
}

/** @throws RangeError naming the option that is out of range. */
export function checkThumbnailOptions(options: ThumbnailOptions): void {
	const {size, repeat = 1, quality = thumbnailDefaults.quality} = options;
	if (!Number.isSafeInteger(size) || size < 1) {
		throw new RangeError(`thumbnail size must be a whole number of pixels ≥ 1, got ${size}`);
	}

	if (!Number.isSafeInteger(repeat) || repeat < 1) {
		throw new RangeError(`thumbnail repeat must be a whole number ≥ 1, got ${repeat}`);
	}

	if (!Number.isFinite(quality) || quality < 1 || quality > 100) {
		throw new RangeError(`thumbnail quality must be 1-100, got ${quality}`);
	}
}
