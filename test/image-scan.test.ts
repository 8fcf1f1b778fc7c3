import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {indexOfByte} from '../source/engine/image-scan/find-byte.js';
import {ImageScanner} from '../source/engine/image-scan/index.js';
import {race} from './helpers/race.js';
import type {EngineEvent} from '../source/engine/events.js';
import {imageUrl} from '../source/server/image-server.js';
import {eventLog, fetchBody, listFiles, withTempDir} from './helpers/events.js';
import {withBytesServer} from './helpers/bytes-server.js';
import {heifFile, tiffFile} from './helpers/image-files.js';
import {withServer} from './helpers/server.js';

const quick = {latencyMs: 5, jitterMs: 0, bandwidth: 0};

/** Feed `body` in pieces of `step` bytes, so every header straddles chunk boundaries somewhere. */
function scan(body: Uint8Array, step: number) {
	const scanner = new ImageScanner(256 * 1024);
	for (let offset = 0; offset < body.length; offset += step) {
		scanner.push(body.subarray(offset, offset + step));
	}

	return scanner.finish();
}

// A 3×2 GIF89a: global colour table, graphic control extension, one image with one sub-block, trailer.
const gif = Buffer.from([
	0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 3, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF,
	0x21, 0xF9, 4, 0, 0, 0, 0, 0,
	0x2C, 0, 0, 0, 0, 3, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0,
	0x3B,
]);

test('the scanner reads type and dimensions however the body is chunked, and needs the end marker', async () => {
	await withServer(quick, async server => {
		const jpeg = await fetchBody(`${imageUrl(server.url, 0)}`);
		const png = await fetchBody(`${server.url}/image/1.png`);
		for (const step of [1, 2, 3, 7, 64, 100_000]) {
			const jpegInfo = scan(jpeg, step);
			assert.equal(jpegInfo.contentType, 'image/jpeg');
			assert.ok(jpegInfo.width > 0 && jpegInfo.height > 0);
			assert.equal(scan(png, step).contentType, 'image/png');
			assert.deepEqual(scan(gif, step), {extension: 'gif', contentType: 'image/gif', width: 3, height: 2});
		}

		for (const body of [jpeg, png, gif]) {
			for (const end of [1, 10, body.length >> 1, body.length - 1]) {
				assert.throws(() => scan(body.subarray(0, end), 5), (error: {code?: string}) => error.code === 'ERR_IMGRACE_TRUNCATED' || (end < 32 && error.code === 'ERR_IMGRACE_NOT_IMAGE'), `cut at ${end} of ${body.length}`);
			}
		}
	});
});

function failure(events: readonly EngineEvent[]) {
	return events.find((event): event is Extract<EngineEvent, {type: 'image-failed'}> => event.type === 'image-failed');
}

for (const [name, query] of [['half a JPEG behind a matching Content-Length', 'image/0.jpg?cut=HALF'], ['half a PNG behind a matching Content-Length', 'image/1.png?cut=HALF'], ['a JPEG without Content-Length that ends early', 'image/0.jpg?chunked=1&short=HALF']] as const) {
	test(`${name} is ERR_IMGRACE_TRUNCATED, retried, and never kept`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const whole = await fetchBody(`${server.url}/${query.split('?')[0]!}`);
			const half = String(whole.length >> 1);
			const log = eventLog();
			const result = await race({strategy: 'sequential', asked: 1, urls: [`${server.url}/${query.replace('HALF', half)}`], folder: dir, retries: 1, maxRetryDelayMs: 50, onEvent: log.onEvent});
			assert.equal(result.ok, 0);
			const failed = failure(log.events);
			assert.equal(failed?.code, 'ERR_IMGRACE_TRUNCATED', failed?.reason);
			assert.equal(failed.retries, 1);
			assert.deepEqual(await listFiles(dir), []);

			const recovered = await race({strategy: 'sequential', asked: 1, urls: [`${server.url}/${query.replace('HALF', half)}&failFirst=1&x=${Math.random()}`], folder: dir, retries: 1, maxRetryDelayMs: 50, onEvent() {}});
			assert.equal(recovered.ok, 1);
		}));
	});
}

test('a 1 MB JPEG or PNG whose size header sits past the first 256 KiB is an image', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = [`${imageUrl(server.url, 0)}?size=1000000`, `${server.url}/image/1.png?size=3000000`];
		const result = await race({strategy: 'parallel', asked: 2, urls, folder: dir, onEvent: log.onEvent});
		assert.equal(result.ok, 2, failure(log.events)?.reason);
		const done = log.events.filter((event): event is Extract<EngineEvent, {type: 'image-done'}> => event.type === 'image-done');
		assert.deepEqual(done.map(event => event.bytes).sort(), [1_000_000, 3_000_000]);
		assert.ok(done.every(event => event.width > 0 && event.height > 0));
	}));
});

/** One image through the engine (sequential, one retry), from a server that answers with exactly `body`. */
async function downloadOne(body: Uint8Array) {
	return withBytesServer({'image': body}, async base => withTempDir(async dir => {
		const log = eventLog();
		const result = await race({strategy: 'sequential', asked: 1, urls: [`${base}/image`], folder: dir, retries: 1, maxRetryDelayMs: 20, onEvent: log.onEvent});
		const done = log.events.find((event): event is Extract<EngineEvent, {type: 'image-done'}> => event.type === 'image-done');
		const files = await listFiles(dir);
		const saved = files.length === 1 ? await readFile(path.join(dir, files[0]!)) : undefined;
		return {ok: result.ok, done, failed: failure(log.events), files, saved};
	}));
}

test('a JPEG followed by bytes after its end marker (a newline, zero padding, a motion photo\'s video) is kept whole, not retried', async () => {
	const jpeg = await withServer(quick, async server => fetchBody(imageUrl(server.url, 0)));
	const video = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1'), Buffer.alloc(40_000, 0x47)]);
	for (const trailer of [Buffer.from('\n'), Buffer.alloc(4096), video]) {
		const body = Buffer.concat([jpeg, trailer]);
		const {ok, done, failed, saved} = await downloadOne(body);
		assert.equal(ok, 1, `${trailer.length} trailing bytes: ${failed?.code} ${failed?.reason}`);
		assert.equal(done?.retries, 0);
		assert.equal(done.contentType, 'image/jpeg');
		assert.deepEqual(saved, body, 'the file is kept as served, trailer included');
	}
});

/** SOI, a progressive frame, then two scans, each with stuffed 0xFF and a restart marker in its data, then EOI. */
function progressiveJpeg(): Buffer {
	const segment = (code: number, payload: number[]) => [0xFF, code, (payload.length + 2) >> 8, (payload.length + 2) & 0xFF, ...payload];
	const scanData = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0x00, 0x78];
	return Buffer.from([
		0xFF, 0xD8,
		...segment(0xE0, [...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
		...segment(0xC2, [8, 0, 40, 0, 60, 1, 1, 0x11, 0]),
		...segment(0xC4, [0, ...Array.from({length: 16}, (_, k) => k === 0 ? 1 : 0), 0]),
		...segment(0xDA, [1, 1, 0, 0, 0, 0]), ...scanData,
		...segment(0xC4, [0x10, ...Array.from({length: 16}, (_, k) => k === 0 ? 1 : 0), 0]),
		...segment(0xDA, [1, 1, 0, 1, 63, 0]), ...scanData,
		0xFF, 0xD9,
	]);
}

test('a progressive JPEG is complete at the EOI after its last scan, however chunked; cut anywhere before, it is truncated', () => {
	const jpeg = progressiveJpeg();
	for (const step of [1, 2, 3, 5, 1000]) {
		assert.deepEqual(scan(jpeg, step), {extension: 'jpg', contentType: 'image/jpeg', width: 60, height: 40});
		assert.deepEqual(scan(Buffer.concat([jpeg, Buffer.from([0xFF, 0xD8, 0xFF, 0xE1])]), step).width, 60, 'bytes after EOI are not judged');
	}

	for (let end = 32; end < jpeg.length; end++) {
		assert.throws(() => scan(jpeg.subarray(0, end), 3), {code: 'ERR_IMGRACE_TRUNCATED'}, `cut at ${end} of ${jpeg.length}`);
	}
});

test('PNG and GIF followed by trailing bytes are kept', async () => {
	const png = await withServer(quick, async server => fetchBody(`${server.url}/image/1.png`));
	for (const body of [Buffer.concat([png, Buffer.from('\n\0\0')]), Buffer.concat([gif, Buffer.alloc(100)])]) {
		const {ok, failed, saved} = await downloadOne(body);
		assert.equal(ok, 1, failed?.reason);
		assert.deepEqual(saved, body);
	}
});

test('a TIFF whose directory sits after 256 KiB of strips (ImageMagick\'s layout) is an image; cut short, either layout is truncated', async () => {
	for (const ifdAtEnd of [true, false]) {
		const tiff = tiffFile({width: 300, height: 400, rowsPerStrip: 8, ifdAtEnd});
		assert.ok(tiff.length > 256 * 1024);
		const whole = await downloadOne(tiff);
		assert.equal(whole.ok, 1, `${ifdAtEnd ? 'directory last' : 'directory first'}: ${whole.failed?.code} ${whole.failed?.reason}`);
		assert.deepEqual([whole.done?.contentType, whole.done?.width, whole.done?.height], ['image/tiff', 300, 400]);
		assert.deepEqual(whole.files, ['001.tiff']);

		const half = await downloadOne(tiff.subarray(0, tiff.length >> 1));
		assert.equal(half.ok, 0);
		assert.equal(half.failed?.code, 'ERR_IMGRACE_TRUNCATED', half.failed?.reason);
		assert.equal(half.failed.retries, 1);
		assert.deepEqual(half.files, []);
	}

	// One strip, tables inline in the directory; every cut is truncated however it is chunked.
	const small = tiffFile({width: 6, height: 4, rowsPerStrip: 4, ifdAtEnd: true});
	for (const step of [1, 7, 4096]) {
		assert.deepEqual(scan(small, step), {extension: 'tiff', contentType: 'image/tiff', width: 6, height: 4});
		for (const end of [40, 80, small.length - 1]) {
			assert.throws(() => scan(small.subarray(0, end), step), {code: 'ERR_IMGRACE_TRUNCATED'}, `cut at ${end} of ${small.length}`);
		}
	}
});

test('a valid HEIC and AVIF are images; half of one behind a matching Content-Length is truncated', async () => {
	const files = [
		{name: 'HEIC', file: heifFile({brand: 'heic', compatible: ['mif1', 'heic'], width: 4032, height: 3024, dataBytes: 300_000}), type: 'image/heic', saved: '001.heic'},
		{name: 'AVIF', file: heifFile({brand: 'avif', compatible: ['mif1', 'avif', 'miaf'], width: 1920, height: 1080, dataBytes: 120_000}), type: 'image/avif', saved: '001.avif'},
		{name: 'AVIF with meta last', file: heifFile({brand: 'mif1', compatible: ['avif'], width: 64, height: 48, dataBytes: 5000, metaLast: true}), type: 'image/avif', saved: '001.avif'},
	];
	for (const {name, file, type, saved} of files) {
		const whole = await downloadOne(file);
		assert.equal(whole.ok, 1, `${name}: ${whole.failed?.code} ${whole.failed?.reason}`);
		assert.equal(whole.done?.contentType, type);
		assert.deepEqual(whole.files, [saved]);

		const half = await downloadOne(file.subarray(0, file.length >> 1));
		assert.equal(half.failed?.code, 'ERR_IMGRACE_TRUNCATED', `${name} cut in half: ${half.failed?.code} ${half.failed?.reason}`);
		assert.deepEqual(half.files, []);
	}

	const avif = files[1]!.file;
	for (const step of [1, 9, 100_000]) {
		assert.deepEqual(scan(avif, step), {extension: 'avif', contentType: 'image/avif', width: 1920, height: 1080});
		assert.equal(scan(Buffer.concat([avif, Buffer.alloc(10)]), step).width, 1920, 'padding after the item data is not judged');
	}

	for (const end of [20, 100, 200, avif.length - 1]) {
		assert.throws(() => scan(avif.subarray(0, end), 7), {code: 'ERR_IMGRACE_TRUNCATED'}, `cut at ${end} of ${avif.length}`);
	}

	// An MP4 video is an ftyp box too, but not a still image.
	assert.throws(() => scan(heifFile({brand: 'isom', compatible: ['mp41'], width: 8, height: 8, dataBytes: 10}), 5), {code: 'ERR_IMGRACE_NOT_IMAGE'});
});

test('the byte search finds what Uint8Array#indexOf finds, in a view into a larger buffer too', () => {
	const whole = new Uint8Array([0xFF, 1, 2, 0xFF, 4, 5, 0xFF, 7]);
	const view = whole.subarray(1, 6);
	for (const data of [whole, view]) {
		for (let from = 0; from <= data.length + 1; from++) {
			assert.equal(indexOfByte(data, 0xFF, from), data.indexOf(0xFF, from), `from ${from} in ${data.length} bytes`);
		}
	}

	assert.equal(indexOfByte(view, 0xFF, 0), 2, 'counted from the view\'s start');
	assert.equal(indexOfByte(view, 9, 0), -1);
});
