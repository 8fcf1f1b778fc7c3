import pngjs from 'pngjs';
import {paintJpeg} from './jpeg-paint.js';
import {canPadTo, minimumPadding, padImage, type ImageFormat} from './padding.js';
import {createScene, paintScene, type Scene} from './paint.js';
import {createRandom, mixSeed} from './random.js';

/** An image's bytes, and what they are. */
export type PoolImage = {
	readonly body: Buffer;
	readonly format: ImageFormat;
	readonly width: number;
	readonly height: number;
};

export type ImagePool = Readonly<Record<ImageFormat, readonly PoolImage[]>>;

/** Distinct images per format; image n is slot n % poolSize. */
export const poolSize = 16;

const formats: readonly ImageFormat[] = ['jpeg', 'png'];
const jpegQuality = 94;

/**
 * Bytes per pixel against grain for these paintings (JPEG at quality 94, PNG with the Sub filter), measured
 * once. Only a first guess: an encode that lands outside the wanted range is retried with corrected grain.
 */
const calibration: Record<ImageFormat, ReadonlyArray<readonly [grain: number, bytesPerPixel: number]>> = {
	jpeg: [[0, 0.048], [4, 0.12], [8, 0.198], [16, 0.352], [24, 0.426], [32, 0.475], [48, 0.552], [64, 0.612]],
	png: [[0, 0.5], [2, 0.8], [3, 0.955], [4, 1.085], [6, 1.27], [8, 1.42], [12, 1.63], [16, 1.79]],
};

/**
 * Grain that still looks like a photo. Encoding time follows pixel count, so the pool leans on grain rather
 * than pixels to reach its sizes; dimensions still vary across the whole range.
 */
const plausibleGrain: Record<ImageFormat, readonly [number, number]> = {jpeg: [4, 48], png: [2, 12]};

/** Fixed bytes (headers, tables) an encoded image carries whatever its pixels. */
const overhead: Record<ImageFormat, number> = {jpeg: 620, png: 60};

const defaultSizeRange = [60_000, 260_000] as const;
/** Where a default-pool image must land; retried with other grain otherwise. */
const acceptedSizes = [50_000, 300_000] as const;
const minPixels = 320 * 240;
const maxPixels = 1280 * 960;
const maxSide = 1280;
const aspectRatios = [4 / 3, 4 / 3, 3 / 2, 16 / 9, 1, 3 / 4, 2 / 3, 5 / 4];

type Slot = {readonly scene: Scene; readonly image: PoolImage};

// Each slot is painted on its own (its scene and sizes come from its own seeded stream), so a slot painted
// alone, late or on another thread is byte for byte the one a whole pool would hold.
const defaultSlots = new Map<string, Slot>();
const images = new Map<string, PoolImage>();
let painted = 0;

/**
 * Every image of a seed's pool (see `poolImage`): `poolSize` of each format.
 * @throws RangeError if `imageBytes` is too small to hold a valid image.
 */
export function imagePool(seed: number, imageBytes?: number): ImagePool {
	const all = (format: ImageFormat) => Array.from({length: poolSize}, (_, slot) => poolImage(seed, imageBytes, format, slot));
	return {jpeg: all('jpeg'), png: all('png')};
}

/**
 * Image `slot` of a seed's pool, painted at its first call in this thread and cached. With `imageBytes`, its body
 * is exactly that long (padded, or repainted smaller first when the usual image is bigger).
 * @throws RangeError if `imageBytes` is too small to hold a valid image.
 */
export function poolImage(seed: number, imageBytes: number | undefined, format: ImageFormat, slot: number): PoolImage {
	const key = `${seed}:${imageBytes ?? ''}:${format}:${slot}`;
	let image = images.get(key);
	if (!image) {
		image = imageBytes === undefined ? defaultSlot(seed, format, slot).image : fitToSize(seed, format, slot, imageBytes);
		images.set(key, image);
		painted++;
	}

	return image;
}

/** Image `slot` of the pool made with `imageBytes`, if this thread has made it. */
export function pooledImage(seed: number, imageBytes: number, format: ImageFormat, slot: number): PoolImage | undefined {
	return images.get(`${seed}:${imageBytes}:${format}:${slot}`);
}

/** How many pool images (`poolImage`, any seed and size) this thread has made so far: what a server start cost. */
export function paintedImages(): number {
	return painted;
}

function defaultSlot(seed: number, format: ImageFormat, index: number): Slot {
	const key = `${seed}:${format}:${index}`;
	let slot = defaultSlots.get(key);
	if (!slot) {
		slot = createSlot(seed, format, index);
		defaultSlots.set(key, slot);
	}

	return slot;
}

function createSlot(seed: number, format: ImageFormat, index: number): Slot {
	const random = createRandom(mixSeed(seed, formats.indexOf(format), index));
	const scene = createScene(random);
	const [low, high] = defaultSizeRange;
	const target = low * ((high / low) ** random());
	const aspect = aspectRatios[Math.floor(random() * aspectRatios.length)]!;

	// Pixel counts that reach the target with plausible grain; skewed towards the small end because
	// generation time is proportional to pixels and a race's images are painted before the server listens.
	const [minGrain, maxGrain] = plausibleGrain[format];
	const lowest = clamp(target / bytesPerPixel(format, maxGrain), minPixels, maxPixels);
	const highest = clamp(target / bytesPerPixel(format, minGrain), minPixels, maxPixels);
	const pixels = lowest * ((highest / lowest) ** (random() ** 3));
	const [width, height] = dimensions(pixels, aspect);
	return {scene, image: renderToTarget(scene, format, width, height, target, acceptedSizes)};
}

/** Repaints the slot's scene small enough to pad to exactly `size` bytes. */
export function fitToSize(seed: number, format: ImageFormat, index: number, size: number): PoolImage {
	const {scene, image} = defaultSlot(seed, format, index);
	if (canPadTo(format, image.body.length, size)) {
		return {...image, body: padImage(format, image.body, size)};
	}

	const aspect = image.width / image.height;
	const [minGrain, maxGrain] = plausibleGrain[format];
	const grain = (minGrain + maxGrain) / 2;
	let target = size * 0.9;
	for (let attempt = 0; attempt < 12; attempt++) {
		const pixels = Math.max(64, (target - overhead[format]) / bytesPerPixel(format, grain));
		const [width, height] = dimensions(pixels, aspect);
		const smaller = renderToTarget(scene, format, width, height, target, [0, size - minimumPadding(format)]);
		if (canPadTo(format, smaller.body.length, size)) {
			return {...smaller, body: padImage(format, smaller.body, size)};
		}

		if (pixels <= 64) {
			break;
		}

		target *= 0.7;
	}

	throw new RangeError(`${size} bytes is too small for a valid ${format} image`);
}

/** The slot's scene at `width` pixels wide (height from its aspect ratio), with middling grain: a photo of that resolution, whatever it weighs. */
export function paintAtWidth(seed: number, format: ImageFormat, index: number, width: number): PoolImage {
	const {scene, image} = defaultSlot(seed, format, index);
	const height = Math.max(8, Math.round(width * image.height / image.width));
	const [minGrain, maxGrain] = plausibleGrain[format];
	const body = paintImage(scene, format, width, height, Math.round((minGrain + maxGrain) / 2));
	return {format, width, height, body};
}

/**
 * Encodes the scene with grain chosen to land near `target` bytes. Misses within `accepted` are kept (any size
 * in the range will do, and each encode costs as much as painting); others get one corrected retry.
 */
function renderToTarget(scene: Scene, format: ImageFormat, width: number, height: number, target: number, accepted: readonly [number, number]): PoolImage {
	const render = (grain: number) => paintImage(scene, format, width, height, grain);
	const wanted = Math.max(0, target - overhead[format]) / (width * height);
	const firstGrain = grainFor(format, wanted);
	let body = render(firstGrain);
	if (body.length < accepted[0] || body.length > accepted[1]) {
		// Scenes differ in how well they compress: rescale the wanted density by how far off the first try was.
		const measured = (body.length - overhead[format]) / (width * height);
		const secondGrain = grainFor(format, wanted * bytesPerPixel(format, firstGrain) / measured);
		if (secondGrain !== firstGrain) {
			const second = render(secondGrain);
			if (Math.abs(second.length - target) < Math.abs(body.length - target)) {
				body = second;
			}
		}
	}

	return {format, width, height, body};
}

function paintImage(scene: Scene, format: ImageFormat, width: number, height: number, grain: number): Buffer {
	return format === 'jpeg' ? paintJpeg(scene, width, height, grain, jpegQuality) : encodePng(paintScene(scene, width, height, grain), width, height);
}

function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
	// Built empty and filled in, so pngjs doesn't allocate and zero an RGBA buffer we'd never use.
	const png = new pngjs.PNG();
	png.width = width;
	png.height = height;
	png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
	// Sub filter only: trying all five filters per row (the default) costs much more for no real gain here.
	return pngjs.PNG.sync.write(png, {colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 1});
}

function bytesPerPixel(format: ImageFormat, grain: number): number {
	const table = calibration[format];
	for (let i = 1; i < table.length; i++) {
		const [g1, b1] = table[i]!;
		if (grain <= g1) {
			const [g0, b0] = table[i - 1]!;
			return b0 + ((b1 - b0) * (grain - g0) / (g1 - g0));
		}
	}

	return table.at(-1)![1];
}

function grainFor(format: ImageFormat, density: number): number {
	const table = calibration[format];
	const [minGrain, maxGrain] = plausibleGrain[format];
	for (let i = 1; i < table.length; i++) {
		const [g1, b1] = table[i]!;
		if (density <= b1) {
			const [g0, b0] = table[i - 1]!;
			return clamp(Math.round(g0 + ((g1 - g0) * Math.max(0, density - b0) / (b1 - b0))), minGrain, maxGrain);
		}
	}

	return maxGrain;
}

/** Width and height for a pixel count and aspect ratio, the longer side capped at 1280. */
function dimensions(pixels: number, aspect: number): [number, number] {
	const scale = Math.min(1, maxSide / Math.sqrt(pixels * Math.max(aspect, 1 / aspect)));
	const width = Math.max(8, Math.round(Math.sqrt(pixels * aspect) * scale));
	const height = Math.max(8, Math.round(pixels * scale * scale / width));
	return [width, height];
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
