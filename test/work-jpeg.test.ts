import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import jpeg from 'jpeg-js';
import {writeJpeg} from '../source/codec/jpeg-writer.js';
import {decodeJpegDc} from '../source/work/jpeg-dc-decode.js';
import type {Rgba} from '../source/work/rgba.js';
import {makeThumbnail} from '../source/work/index.js';
import {withTempDir} from './helpers/events.js';

/** The eighth-size image decodeJpegDc makes, or undefined where it hands the JPEG back. */
function decodeEighth(input: Uint8Array): Rgba | undefined {
	let image: {width: number; height: number; data: Uint8Array} | undefined;
	const steps = decodeJpegDc(input, (width, height) => {
		image = {width, height, data: new Uint8Array(width * height * 4)};
		return {
			row(y, rgba, x0, dx, count) {
				image!.data.set(rgba.subarray(0, count * 4), ((y * width) + x0) * 4);
			},
		};
	});
	for (let step = steps.next(); ; step = steps.next()) {
		if (step.done) {
			return step.value ? image : undefined;
		}
	}
}

/** Mean and largest difference between `eighth` and the means of jpeg-js's full decode over each 8×8 block. */
function differenceFromBlockMeans(input: Uint8Array, eighth: Rgba): {mean: number; max: number} {
	const full = jpeg.decode(input, {useTArray: true, formatAsRGBA: true});
	let total = 0;
	let max = 0;
	for (let y = 0; y < eighth.height; y++) {
		for (let x = 0; x < eighth.width; x++) {
			for (let c = 0; c < 3; c++) {
				let sum = 0;
				let n = 0;
				for (let yy = y * 8; yy < Math.min(full.height, (y * 8) + 8); yy++) {
					for (let xx = x * 8; xx < Math.min(full.width, (x * 8) + 8); xx++, n++) {
						sum += full.data[(((yy * full.width) + xx) * 4) + c]!;
					}
				}

				const difference = Math.abs((sum / n) - eighth.data[(((y * eighth.width) + x) * 4) + c]!);
				total += difference;
				max = Math.max(max, difference);
			}
		}
	}

	return {mean: total / (eighth.width * eighth.height * 3), max};
}

test('a JPEG decoded at an eighth by its DC coefficients is each block\'s mean: baseline, progressive, restarts, grey, every subsampling', async () => {
	for (const [name, limit] of [['b444', 1], ['p444', 1], ['gp', 1], ['r422', 4], ['p420', 4]] as const) {
		const input = await readFile(path.resolve('test/fixtures', `${name}.jpg`));
		const eighth = decodeEighth(input);
		assert.ok(eighth, name);
		assert.deepEqual([eighth.width, eighth.height], [26, 20], name);
		const {mean, max} = differenceFromBlockMeans(input, eighth);
		// Subsampled chroma is one value for 16×16 pixels: at an eighth it is interpolated, not exact.
		assert.ok(mean <= limit && max <= 24, `${name}: ${mean.toFixed(2)} on average, ${max.toFixed(1)} at most, from the blocks' means`);
	}
});

/** A baseline 4:2:0 JPEG from imgrace's writer with only DC coefficients: every block flat, a different grey each. */
function flatBlocks(width: number, height: number): Buffer {
	return writeJpeg(width, height, 90, (component, blockX, blockY, _quantisers, coefficients) => {
		coefficients.fill(0);
		if (component === 0) {
			coefficients[0] = ((blockX * 7) + (blockY * 3)) % 40 - 20;
		}
	});
}

test('flat blocks decode to exactly their value at an eighth, and a JPEG at least 16× its thumbnail is decoded that way', () => {
	const input = flatBlocks(200, 120);
	const eighth = decodeEighth(input)!;
	assert.deepEqual([eighth.width, eighth.height], [25, 15]);
	const full = jpeg.decode(input, {useTArray: true, formatAsRGBA: true});
	for (let y = 0; y < eighth.height; y++) {
		for (let x = 0; x < eighth.width; x++) {
			const expected = full.data[((((y * 8) + 4) * full.width) + (x * 8) + 4) * 4]!;
			assert.ok(Math.abs(eighth.data[((y * eighth.width) + x) * 4]! - expected) <= 1, `block ${x},${y}`);
		}
	}

	// 200×120 for a 12 px thumbnail is 16×: decoded by DC (no jpeg-js), and the thumbnail is right.
	const decode = jpeg.decode;
	let calls = 0;
	const counting = (...args: Parameters<typeof decode>) => {
		calls++;
		return decode(...args);
	};

	Object.assign(jpeg, {decode: counting});
	try {
		const thumbnail = makeThumbnail(input, {size: 12});
		assert.deepEqual([thumbnail.width, thumbnail.height, calls], [12, 7, 0]);
		makeThumbnail(input, {size: 100});
		assert.equal(calls, 1, 'a JPEG under 16× its thumbnail is decoded at full size by jpeg-js');
	} finally {
		Object.assign(jpeg, {decode});
	}
});

test('a 9000×9000 JPEG becomes a thumbnail in a fraction of the memory jpeg-js needed (peak RSS of a fresh process)', async () => {
	// jpeg-js holds every DCT block of it as its own Int32Array: over 1 GB, past its own 1,024 MB limit.
	const big = writeJpeg(9000, 9000, 75, (component, blockX, blockY, _quantisers, coefficients) => {
		coefficients.fill(0);
		coefficients[0] = component === 0 ? Math.round((blockX / 1125 * 60) - 30) : 0;
	});
	await withTempDir(async dir => {
		const file = path.join(dir, 'big.jpg');
		await writeFile(file, big);
		const work = path.resolve('dist/source/work/thumbnail.js');
		const script = `
			const {readFileSync} = await import('node:fs');
			const {makeThumbnail} = await import(${JSON.stringify(work)});
			const thumbnail = makeThumbnail(readFileSync(${JSON.stringify(file)}), {size: 128});
			console.log(JSON.stringify({width: thumbnail.width, height: thumbnail.height, peak: process.resourceUsage().maxRSS}));
		`;
		const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
		const result = JSON.parse(stdout) as {width: number; height: number; peak: number};
		assert.deepEqual([result.width, result.height], [128, 128]);
		assert.ok(result.peak < 200 * 1024, `peak RSS ${Math.round(result.peak / 1024)} MB`);
	});
});
