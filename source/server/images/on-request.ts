import {maxWidth, minWidth} from './limits.js';
import {canPadTo, padImage, type ImageFormat} from './padding.js';
import {fitToSize, paintAtWidth, pooledImage, type PoolImage} from './pool.js';

// Pool images made again on request (another byte size, another width), kept in one cache bounded by bytes.

const sizedCache = new Map<string, PoolImage>();
let sizedCacheBytes = 0;
const sizedCacheLimit = 128 * 1024 * 1024;

/**
 * Image `slot` of the seed's pool at exactly `size` bytes, for per-request size overrides. Cached, with the
 * oldest entries dropped past 128 MB so a client cycling through sizes can't exhaust memory.
 * @throws RangeError if `size` is too small to hold a valid image.
 */
export function imageAtSize(seed: number, format: ImageFormat, slot: number, size: number): PoolImage {
	return pooledImage(seed, size, format, slot) ?? remember(`${seed}:${format}:${slot}:${size}`, () => fitToSize(seed, format, slot, size));
}

/**
 * Image `slot` of the seed's pool painted again `width` pixels wide (same scene, same aspect ratio), for work
 * that depends on pixel count rather than bytes (decoding, scaling). With `size`, padded to exactly that many
 * bytes. Cached like `imageAtSize`; the first request for a width pays for the painting.
 * @throws RangeError if `width` is outside 8 to 4096, or `size` is smaller than the painted image.
 */
export function imageAtWidth(seed: number, format: ImageFormat, slot: number, width: number, size?: number): PoolImage {
	if (!Number.isInteger(width) || width < minWidth || width > maxWidth) {
		throw new RangeError(`width must be an integer from ${minWidth} to ${maxWidth}, got ${width}`);
	}

	const key = `${seed}:${format}:${slot}:w${width}`;
	const image = remember(key, () => paintAtWidth(seed, format, slot, width));
	if (size === undefined || size === image.body.length) {
		return image;
	}

	if (!canPadTo(format, image.body.length, size)) {
		throw new RangeError(`${size} bytes is too small for this ${format} image at width ${width} (${image.body.length} bytes)`);
	}

	return remember(`${key}:${size}`, () => ({...image, body: padImage(format, image.body, size)}));
}

/** The cached image for `key`, made and cached first if need be; the oldest go past the cache's limit. */
function remember(key: string, make: () => PoolImage): PoolImage {
	const cached = sizedCache.get(key);
	if (cached) {
		return cached;
	}

	const image = make();
	sizedCache.set(key, image);
	sizedCacheBytes += image.body.length;
	for (const [oldKey, old] of sizedCache) {
		if (sizedCacheBytes <= sizedCacheLimit || oldKey === key) {
			break;
		}

		sizedCache.delete(oldKey);
		sizedCacheBytes -= old.body.length;
	}

	return image;
}
