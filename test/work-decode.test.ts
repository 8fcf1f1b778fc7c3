import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {deflateSync} from 'node:zlib';
import jpeg from 'jpeg-js';
import omggif from 'omggif';
import {PNG} from 'pngjs';
import type {EngineEvent} from '../source/engine/events.js';
import {decodePng} from '../source/work/png-decode.js';
import type {Rgba} from '../source/work/rgba.js';
import {makeThumbnail, writeThumbnail} from '../source/work/index.js';
import {withBytesServer} from './helpers/bytes-server.js';
import {eventLog, listFiles, withTempDir} from './helpers/events.js';
import {encodePng, pngChunk, pngHeader} from './helpers/png-encode.js';
import {race} from './helpers/race.js';

/** Every pixel a decoder hands on, at full size. */
function decodeAll(input: Uint8Array): Rgba {
	let image: {width: number; height: number; data: Uint8Array} | undefined;
	const steps = decodePng(input, (width, height) => {
		image = {width, height, data: new Uint8Array(width * height * 4)};
		return {
			row(y, rgba, x0, dx, count) {
				for (let i = 0; i < count; i++) {
					image!.data.set(rgba.subarray(i * 4, (i * 4) + 4), ((y * width) + x0 + (i * dx)) * 4);
				}
			},
		};
	});
	while (!steps.next().done) {
		// Run it to the end.
	}

	return image!;
}

test('every PNG colour type, bit depth and interlacing decodes to the pixels pngjs reads', () => {
	const palette = Buffer.from(Array.from({length: 16 * 3}, (_, k) => (k * 37) & 0xFF));
	const cases = [
		{colourType: 0, bitDepths: [1, 2, 4, 8, 16]},
		{colourType: 2, bitDepths: [8, 16]},
		{colourType: 3, bitDepths: [1, 2, 4, 8], palette, transparency: Buffer.from([0, 128, 255])},
		{colourType: 4, bitDepths: [8, 16]},
		{colourType: 6, bitDepths: [8, 16]},
		{colourType: 2, bitDepths: [8], transparency: Buffer.from([0, 10, 0, 20, 0, 30])},
		{colourType: 0, bitDepths: [8], transparency: Buffer.from([0, 7])},
	];
	for (const {colourType, bitDepths, ...extra} of cases) {
		for (const bitDepth of bitDepths) {
			for (const interlaced of [false, true]) {
				const max = colourType === 3 ? Math.min(15, (2 ** bitDepth) - 1) : (2 ** bitDepth) - 1;
				const png = encodePng({width: 13, height: 11, colourType, bitDepth, interlaced, ...extra, sample: (x, y, c) => ((x * 5) + (y * 3) + (c * 7)) % (max + 1)});
				const expected = PNG.sync.read(png);
				const decoded = decodeAll(png);
				assert.deepEqual([decoded.width, decoded.height], [13, 11]);
				assert.deepEqual(Buffer.from(decoded.data), Buffer.from(expected.data), `colour type ${colourType}, ${bitDepth} bits, ${interlaced ? 'interlaced' : 'not interlaced'}`);
			}
		}
	}
});

test('a PNG whose image data inflates far past its canvas fails with a clear reason', () => {
	const bomb = Buffer.concat([pngHeader(1, 1, 8, 2, false), pngChunk('IDAT', deflateSync(Buffer.alloc(20 * 1024 * 1024))), pngChunk('IEND', Buffer.alloc(0))]);
	assert.throws(() => makeThumbnail(bomb, {size: 64}), {code: 'ERR_IMGRACE_THUMBNAIL', message: 'cannot decode the PNG (its image data is longer than its 1×1 canvas)'});
});

test('an image over the pixel limit (sharp\'s limitInputPixels, 268 MP by default) is refused with its size, before decoding', () => {
	const header = (width: number, height: number) => Buffer.concat([pngHeader(width, height, 8, 2, false), pngChunk('IDAT', deflateSync(Buffer.alloc(10))), pngChunk('IEND', Buffer.alloc(0))]);
	assert.throws(() => makeThumbnail(header(20_000, 20_000), {size: 64}), {code: 'ERR_IMGRACE_THUMBNAIL', message: '20000×20000 is over the 268 MP limit: no thumbnail'});
	assert.throws(() => makeThumbnail(header(2000, 2000), {size: 64, limitInputPixels: 1_000_000}), {message: '2000×2000 is over the 1 MP limit: no thumbnail'});
});

test('a 9000×9000 PNG becomes a thumbnail without ever holding its full-size pixels (peak RSS of a fresh process)', async () => {
	// The child builds the PNG by streaming deflate (never holding it raw either), then makes one thumbnail.
	const work = path.resolve('dist/source/work/thumbnail.js');
	const script = `
		const zlib = await import('node:zlib');
		const {makeThumbnail} = await import(${JSON.stringify(work)});
		const {encodeRows} = {encodeRows: (w, h) => new Promise(resolve => {
			const parts = []; const deflate = zlib.createDeflate({level: 1});
			deflate.on('data', part => parts.push(part)); deflate.on('end', () => resolve(Buffer.concat(parts)));
			const row = Buffer.alloc(1 + (w * 3), 0x40); row[0] = 0;
			(function write(y) { while (y < h) { if (!deflate.write(row)) { deflate.once('drain', () => write(y + 1)); return; } y++; } deflate.end(); })(0);
		})};
		const {pngChunk, pngHeader} = await import(${JSON.stringify(path.resolve('dist/test/helpers/png-encode.js'))});
		const png = Buffer.concat([pngHeader(9000, 9000, 8, 2, false), pngChunk('IDAT', await encodeRows(9000, 9000)), pngChunk('IEND', Buffer.alloc(0))]);
		const before = process.resourceUsage().maxRSS;
		const thumbnail = makeThumbnail(png, {size: 128});
		console.log(JSON.stringify({width: thumbnail.width, height: thumbnail.height, before, after: process.resourceUsage().maxRSS}));
	`;
	const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {maxBuffer: 1024 * 1024});
	const result = JSON.parse(stdout) as {width: number; height: number; before: number; after: number};
	assert.deepEqual([result.width, result.height], [128, 128]);
	// The full canvas alone would be 324 MB (RGBA), the inflated rows 243 MB more.
	assert.ok(result.after < 250 * 1024, `peak RSS ${Math.round(result.after / 1024)} MB (${Math.round(result.before / 1024)} MB before decoding)`);
});

test('a box-reduced PNG still averages in linear light: fine black and white stripes become mid-grey', () => {
	const stripes = encodePng({width: 1024, height: 256, colourType: 0, bitDepth: 8, interlaced: true, sample: x => x % 2 === 0 ? 0 : 255});
	const thumbnail = makeThumbnail(stripes, {size: 128, quality: 100});
	const {data, width} = jpeg.decode(thumbnail.data, {useTArray: true});
	for (let offset = 0; offset < data.length; offset += 4) {
		const x = (offset / 4) % width;
		if (x >= 3 && x < width - 3) {
			assert.ok(Math.abs(data[offset]! - 188) <= 3, `pixel ${offset / 4} is ${data[offset]}, not mid-grey (188)`);
		}
	}
});

/** A `width`×`height` GIF: the left half red, the right half blue, one pixel transparent. */
function gifOf(width: number, height: number): Buffer {
	const buffer = Buffer.alloc(1024 + (width * height * 2));
	const writer = new omggif.GifWriter(buffer, width, height, {palette: [0xFF_00_00, 0x00_00_FF, 0xFF_FF_FF, 0]});
	writer.addFrame(0, 0, width, height, Array.from({length: width * height}, (_, k) => (k % width) < width / 2 ? 0 : 1), {transparent: 3});
	return buffer.subarray(0, writer.end());
}

/** A 24-bit bottom-up BMP: the left half red, the right half blue. */
function bmpOf(width: number, height: number): Buffer {
	const stride = Math.ceil(width * 3 / 4) * 4;
	const file = Buffer.alloc(54 + (stride * height));
	file.write('BM', 0, 'latin1');
	file.writeUInt32LE(file.length, 2);
	file.writeUInt32LE(54, 10);
	file.writeUInt32LE(40, 14);
	file.writeInt32LE(width, 18);
	file.writeInt32LE(height, 22);
	file.writeUInt16LE(1, 26);
	file.writeUInt16LE(24, 28);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			file.set(x < width / 2 ? [0, 0, 255] : [255, 0, 0], 54 + (y * stride) + (x * 3));
		}
	}

	return file;
}

test('GIF and BMP become thumbnails too: the long side at size, the colours where they were', () => {
	for (const [name, image] of [['GIF', gifOf(400, 200)], ['BMP', bmpOf(400, 200)]] as const) {
		const thumbnail = makeThumbnail(image, {size: 100, quality: 95});
		assert.deepEqual([thumbnail.width, thumbnail.height, thumbnail.sourceFormat], [100, 50, name.toLowerCase()]);
		const {data, width} = jpeg.decode(thumbnail.data, {useTArray: true});
		const at = (x: number, y: number) => [...data.subarray(((y * width) + x) * 4, (((y * width) + x) * 4) + 3)];
		const [r1, g1, b1] = at(10, 25);
		const [r2, g2, b2] = at(90, 25);
		assert.ok(r1! > 240 && g1! < 16 && b1! < 16, `${name}: left is red (${r1}, ${g1}, ${b1})`);
		assert.ok(r2! < 16 && g2! < 16 && b2! > 240, `${name}: right is blue (${r2}, ${g2}, ${b2})`);
	}
});

/** A lossless WebP's header (VP8L): its canvas size, then filler the scanner does not decode. */
function webpOf(width: number, height: number): Buffer {
	const bits = (width - 1) | ((height - 1) << 14);
	const payload = Buffer.concat([Buffer.from([0x2F, bits & 0xFF, (bits >> 8) & 0xFF, (bits >> 16) & 0xFF, (bits >>> 24) & 0xFF]), Buffer.alloc(200)]);
	const chunk = Buffer.concat([Buffer.from('VP8L', 'latin1'), Buffer.from([payload.length & 0xFF, payload.length >> 8, 0, 0]), payload]);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'latin1');
	riff.writeUInt32LE(chunk.length + 4, 4);
	riff.write('WEBP', 8, 'latin1');
	return Buffer.concat([riff, chunk]);
}

test('with --work thumbnail, a GIF and a BMP get thumbnails and a WebP is kept as done, its thumbnail skipped with the reason', async () => {
	await withTempDir(async dir => {
		await writeFile(path.join(dir, '001.webp'), webpOf(300, 200));
		const skipped = await writeThumbnail(path.join(dir, '001.webp'), {size: 64});
		assert.deepEqual({...skipped, ms: 0}, {status: 'skipped', reason: 'no WebP decoder here: thumbnail skipped', ms: 0});
		assert.deepEqual(await listFiles(dir), ['001.webp']);
	});
	await withBytesServer({'a.gif': gifOf(300, 200), 'b.bmp': bmpOf(300, 200), 'c.webp': webpOf(300, 200)}, async base => withTempDir(async dir => {
		const log = eventLog();
		const urls = [`${base}/a.gif`, `${base}/b.bmp`, `${base}/c.webp`];
		const result = await race({strategy: 'sequential', asked: 1, urls, folder: dir, onEvent: log.onEvent, work: {name: 'thumbnail', size: 64, repeat: 1}});
		const failed = log.events.filter((event): event is Extract<EngineEvent, {type: 'image-failed'}> => event.type === 'image-failed');
		assert.equal(result.ok, 3, failed.map(event => `${event.index}: ${event.reason}`).join('; '));
		assert.deepEqual(await listFiles(dir), ['001.gif', '001.thumb.jpg', '002.bmp', '002.thumb.jpg', '003.webp']);
	}));
});
