import {encodeRgba} from '../codec/index.js';
import {decodeImage, type DecodableFormat} from './decode-image.js';
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
	/** Refuse larger images before decoding (default thumbnailDefaults.maxPixels). */
	readonly maxPixels?: number;
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

/**
 * Decode a JPEG or PNG, scale it down to `size` px on its long side and encode it as a JPEG. Pure CPU
 * work (no I/O), all of it on the calling thread: that is what `--work thumbnail` measures. With
 * `repeat` N the whole thing runs N times and the last result is returned.
 * @throws ThumbnailError (ERR_IMGRACE_THUMBNAIL) for bytes it cannot decode, or a RangeError for bad options.
 */
export function makeThumbnail(input: Uint8Array, options: ThumbnailOptions): Thumbnail {
	checkThumbnailOptions(options);
	const repeat = options.repeat ?? thumbnailDefaults.repeat;
	let thumbnail: Thumbnail | undefined;
	for (let round = 0; round < repeat; round++) {
		thumbnail = makeOnce(input, options);
	}

	return thumbnail!;
}

function makeOnce(input: Uint8Array, options: ThumbnailOptions): Thumbnail {
	const source = decodeImage(input, options.maxPixels ?? thumbnailDefaults.maxPixels);
	if (source.width === 0 || source.height === 0) {
		throw new ThumbnailError('ERR_IMGRACE_THUMBNAIL', 'the image has no pixels: no thumbnail');
	}

	const {width, height} = thumbnailSize(source.width, source.height, options.size);
	const scaled = scaleImage(source, width, height);
	const encoded = encodeRgba(scaled, options.quality ?? thumbnailDefaults.quality);
	return {data: encoded, width, height, format: 'jpeg', sourceFormat: source.format, sourceWidth: source.width, sourceHeight: source.height};
}

/** @throws RangeError naming the option that is out of range. */
export function checkThumbnailOptions(options: ThumbnailOptions): void {
	const {size, repeat = thumbnailDefaults.repeat, quality = thumbnailDefaults.quality} = options;
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
