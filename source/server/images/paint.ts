import type {Random} from './random.js';

type Color = readonly [number, number, number];

type Blob = {
	/** Centre and radius as fractions of the image, so one scene renders at any size. */
	readonly x: number;
	readonly y: number;
	readonly radius: number;
	readonly opacity: number;
	readonly color: Color;
};

/** What an image shows, independent of its pixel size: painting it again smaller gives "the same photo". */
export type Scene = {
	/** The background: a gradient between two colours, its direction in radians. */
	readonly gradient: {readonly from: Color; readonly to: Color; readonly angle: number};
	readonly blobs: readonly Blob[];
	/** Seeds the film grain, so repainting is deterministic. */
	readonly grainSeed: number;
};

function randomColor(random: Random): Color {
	return [random() * 255, random() * 255, random() * 255];
}

export function createScene(random: Random): Scene {
	const blobs: Blob[] = [];
	const count = 3 + Math.floor(random() * 5);
	for (let i = 0; i < count; i++) {
		blobs.push({
			x: random(),
			y: random(),
			radius: 0.08 + (random() * 0.35),
			opacity: 0.4 + (random() * 0.5),
			color: randomColor(random),
		});
	}

	return {
		gradient: {from: randomColor(random), to: randomColor(random), angle: random() * Math.PI * 2},
		blobs,
		grainSeed: Math.floor(random() * 4_294_967_296),
	};
}

/** Grid spacing for the exact colour evaluation; everything in between is interpolated. */
const cell = 8;

/**
 * Renders a scene as packed RGB: a gradient under soft Gaussian blobs, plus luminance film grain of `grain`
 * peak to peak (0–255). The smooth part compresses to almost nothing, so grain is what sets the encoded size.
 *
 * The scene is evaluated exactly only every 8 pixels and interpolated in between: it is smooth at that scale,
 * and evaluating every blob at every pixel would cost more than the PNG encode that follows.
 */
export function paintScene(scene: Scene, width: number, height: number, grain: number): Uint8Array {
	const columns = Math.ceil(width / cell) + 1;
	const rows = Math.ceil(height / cell) + 1;
	const grid = sampleScene(scene, width, height, {columns, rows, spacing: cell, origin: 0});

	const pixels = new Uint8ClampedArray(width * height * 3);
	const line = new Float32Array(columns * 3);
	let noise = scene.grainSeed | 1;
	const noiseScale = grain / 4_294_967_296;
	const noiseOffset = grain / 2;
	let i = 0;
	for (let y = 0; y < height; y++) {
		const top = Math.floor(y / cell) * columns * 3;
		const below = top + (columns * 3);
		const fy = (y % cell) / cell;
		for (let c = 0; c < line.length; c++) {
			line[c] = grid[top + c]! + ((grid[below + c]! - grid[top + c]!) * fy);
		}

		for (let x0 = 0, c = 0; x0 < width; x0 += cell, c += 3) {
			let r = line[c]!;
			let g = line[c + 1]!;
			let b = line[c + 2]!;
			const dr = (line[c + 3]! - r) / cell;
			const dg = (line[c + 4]! - g) / cell;
			const db = (line[c + 5]! - b) / cell;
			const end = Math.min(width, x0 + cell);
			for (let x = x0; x < end; x++, r += dr, g += dg, b += db) {
				// Xorshift inline: a function call per pixel would cost more than the grain itself.
				noise ^= noise << 13;
				noise ^= noise >>> 17;
				noise ^= noise << 5;
				const n = ((noise >>> 0) * noiseScale) - noiseOffset;
				pixels[i++] = r + n;
				pixels[i++] = g + n;
				pixels[i++] = b + n;
			}
		}
	}

	return new Uint8Array(pixels.buffer);
}

export type Grid = {
	readonly columns: number;
	readonly rows: number;
	/** Pixels between samples. */
	readonly spacing: number;
	/** Pixel coordinate (x and y) of the first sample; may lie outside the image, the scene extends past it. */
	readonly origin: number;
};

/** The scene's exact RGB colours on a grid, row by row, 3 floats per sample. */
export function sampleScene(scene: Scene, width: number, height: number, {columns, rows, spacing, origin}: Grid): Float32Array {
	const {from, to, angle} = scene.gradient;
	const dx = Math.cos(angle);
	const dy = Math.sin(angle);
	// Project corners onto the gradient direction so the gradient spans exactly corner to corner.
	const span = (Math.abs(dx) * width) + (Math.abs(dy) * height);
	const offset = (dx < 0 ? -dx * width : 0) + (dy < 0 ? -dy * height : 0);
	const diagonal = Math.hypot(width, height);
	const [r0, g0, b0] = from;
	const [r1, g1, b1] = to;

	const grid = new Float32Array(columns * rows * 3);
	let i = 0;
	for (let row = 0; row < rows; row++) {
		const y = origin + (row * spacing);
		for (let column = 0; column < columns; column++) {
			const x = origin + (column * spacing);
			const t = Math.min(1, Math.max(0, ((dx * x) + (dy * y) + offset) / span));
			let r = r0 + ((r1 - r0) * t);
			let g = g0 + ((g1 - g0) * t);
			let b = b0 + ((b1 - b0) * t);
			for (const blob of scene.blobs) {
				const radius = blob.radius * diagonal;
				const distance = ((x - (blob.x * width)) ** 2) + ((y - (blob.y * height)) ** 2);
				const w = Math.exp(-distance / (radius * radius)) * blob.opacity;
				r += (blob.color[0] - r) * w;
				g += (blob.color[1] - g) * w;
				b += (blob.color[2] - b) * w;
			}

			grid[i++] = r;
			grid[i++] = g;
			grid[i++] = b;
		}
	}

	return grid;
}
