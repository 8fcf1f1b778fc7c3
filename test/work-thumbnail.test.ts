import assert from 'node:assert/strict';
import {mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {mock, test} from 'node:test';
import jpeg from 'jpeg-js';
import {PNG} from 'pngjs';
import {guardFolder, manifestFile} from '../source/engine/folder-guard.js';
import {imageUrl} from '../source/server/image-server.js';
import {makeThumbnail, ThumbnailError, writeThumbnail} from '../source/work/index.js';
import {fetchBody, listFiles, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const quick = {latencyMs: 0, jitterMs: 0, bandwidth: 0};

function decodeAny(data: Uint8Array): {width: number; height: number; data: Uint8Array} {
	if (data[0] === 0xFF) {
		return jpeg.decode(data, {useTArray: true, formatAsRGBA: true});
	}

	return PNG.sync.read(Buffer.from(data));
}

/** The server's own images: a JPEG and a PNG (it serves /image/<n>.png as well). */
async function serverImages(): Promise<{jpeg: Buffer; png: Buffer; tall: Buffer}> {
	return withServer(quick, async server => {
		const bodies = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(async index => fetchBody(imageUrl(server.url, index))));
		const tall = bodies.find(body => body[0] === 0xFF && decodeAny(body).height > decodeAny(body).width);
		assert.ok(tall, 'one of the first eight images is portrait');
		return {jpeg: bodies[0]!, png: await fetchBody(`${server.url}/image/0.png`), tall};
	});
}

function assertThumbnailOf(source: Uint8Array, thumbnail: {data: Uint8Array; width: number; height: number; format: string}, size: number): void {
	const original = decodeAny(source);
	const decoded = decodeAny(thumbnail.data);
	assert.equal(thumbnail.format, 'jpeg');
	assert.equal(thumbnail.data[0], 0xFF, 'a JPEG');
	assert.deepEqual([decoded.width, decoded.height], [thumbnail.width, thumbnail.height], 'the stated size is the real one');
	const long = Math.max(original.width, original.height);
	assert.ok(long > size, 'the source is larger than the thumbnail');
	const landscape = original.width >= original.height;
	assert.equal(landscape ? decoded.width : decoded.height, size, 'long side = size');
	const short = landscape ? decoded.height : decoded.width;
	const expected = (landscape ? original.height : original.width) * size / long;
	assert.ok(Math.abs(short - expected) <= 1, `short side ${short} keeps the aspect (${expected.toFixed(2)})`);
}

test('JPEG and PNG from the embedded server become JPEG thumbnails with the long side at size', async () => {
	const images = await serverImages();
	for (const source of [images.jpeg, images.png, images.tall]) {
		assertThumbnailOf(source, makeThumbnail(source, {size: 128}), 128);
	}

	const png = makeThumbnail(images.png, {size: 200});
	assert.equal(png.sourceFormat, 'png');
	assertThumbnailOf(images.png, png, 200);
});

test('an image already smaller than size is not upscaled', async () => {
	const {jpeg: source} = await serverImages();
	const original = decodeAny(source);
	const thumbnail = makeThumbnail(source, {size: 4000});
	assert.deepEqual([thumbnail.width, thumbnail.height], [original.width, original.height]);
	assert.deepEqual([decodeAny(thumbnail.data).width, decodeAny(thumbnail.data).height], [original.width, original.height]);
	const exact = makeThumbnail(source, {size: Math.max(original.width, original.height)});
	assert.deepEqual([exact.width, exact.height], [original.width, original.height]);
});

function pngOf(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
	const png = new PNG({width, height});
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			png.data.set(pixel(x, y), ((y * width) + x) * 4);
		}
	}

	return PNG.sync.write(png);
}

test('pixels are averaged in linear light (Lanczos-3), not picked (nearest neighbour)', () => {
	// One-pixel black and white stripes: any picked pixel is black or white; their average is mid-grey,
	// which is sRGB 188 in linear light (sRGB 128 would be a naive average of the coded values).
	const stripes = pngOf(256, 64, x => x % 2 === 0 ? [0, 0, 0, 255] : [255, 255, 255, 255]);
	const thumbnail = makeThumbnail(stripes, {size: 128, quality: 100});
	assert.deepEqual([thumbnail.width, thumbnail.height], [128, 32]);
	const {data, width} = decodeAny(thumbnail.data);
	for (let offset = 0; offset < data.length; offset += 4) {
		// Lanczos reaches three target pixels past each one: at the left and right borders the stripes
		// have no neighbours to balance them, so only the columns clear of the border are exactly grey.
		const x = (offset / 4) % width;
		if (x >= 3 && x < width - 3) {
			assert.ok(Math.abs(data[offset]! - 188) <= 3, `pixel ${offset / 4} is ${data[offset]}, not mid-grey`);
		}
	}
});

test('transparent PNG pixels come out white, not black, and do not tint their neighbours', () => {
	// Left half transparent red (colour that must not bleed), right half opaque blue.
	const source = pngOf(64, 32, x => x < 32 ? [255, 0, 0, 0] : [0, 0, 255, 255]);
	const thumbnail = makeThumbnail(source, {size: 16, quality: 100});
	const {data, width} = decodeAny(thumbnail.data);
	const at = (x: number, y: number) => [...data.subarray(((y * width) + x) * 4, (((y * width) + x) * 4) + 3)];
	for (const [channel, value] of at(2, 4).entries()) {
		assert.ok(value >= 250, `transparent area is white (channel ${channel} = ${value})`);
	}

	const [red, green, blue] = at(13, 4);
	assert.ok(red! <= 8 && green! <= 8 && blue! >= 245, `opaque area is blue (${red}, ${green}, ${blue})`);
});

test('repeat does the whole decode, scale and encode that many times, with the same result', async () => {
	const {jpeg: source} = await serverImages();
	const decode = mock.method(jpeg, 'decode');
	try {
		const once = makeThumbnail(source, {size: 96});
		assert.equal(decode.mock.callCount(), 1);
		const thrice = makeThumbnail(source, {size: 96, repeat: 3});
		assert.equal(decode.mock.callCount(), 4);
		assert.deepEqual(thrice.data, once.data);
	} finally {
		decode.mock.restore();
	}
});

test('bad options are a RangeError naming the option; bytes that are not an image are a ThumbnailError', async () => {
	const {jpeg: source} = await serverImages();
	assert.throws(() => makeThumbnail(source, {size: 0}), {name: 'RangeError', message: /size/});
	assert.throws(() => makeThumbnail(source, {size: 64, repeat: 1.5}), {name: 'RangeError', message: /repeat/});
	assert.throws(() => makeThumbnail(source, {size: 64, quality: 0}), {name: 'RangeError', message: /quality/});
	assert.throws(() => makeThumbnail(Buffer.from('GIF89a not handled'), {size: 64}), {code: 'ERR_IMGRACE_THUMBNAIL', message: 'cannot decode the GIF (not an image (corrupt GIF))'});
	assert.throws(() => makeThumbnail(source.subarray(0, 600), {size: 64}), (error: unknown) => error instanceof ThumbnailError && error.code === 'ERR_IMGRACE_THUMBNAIL' && /cannot decode the JPEG/.test(error.message));
	// A PNG header claiming a canvas of 4 gigapixels is refused before anything is allocated for it.
	const huge = pngOf(1, 1, () => [0, 0, 0, 255]);
	huge.writeUInt32BE(65_536, 16);
	huge.writeUInt32BE(65_536, 20);
	assert.throws(() => makeThumbnail(huge, {size: 64}), {code: 'ERR_IMGRACE_THUMBNAIL', message: '65536×65536 is over the 268 MP limit: no thumbnail'});
});

test('writeThumbnail writes NNN.thumb.jpg beside the original and nothing else', async () => {
	const {png} = await serverImages();
	await withTempDir(async dir => {
		const original = path.join(dir, '004.png');
		await writeFile(original, png);
		const written = await writeThumbnail(original, {size: 128, runId: '0123abcd', index: 3});
		assert.ok(written.status === 'written');
		assert.equal(written.path, path.join(dir, '004.thumb.jpg'));
		assert.deepEqual(await listFiles(dir), ['004.png', '004.thumb.jpg']);
		const data = await readFile(written.path);
		assert.equal(written.bytes, data.length);
		assert.equal((await stat(written.path)).size, data.length);
		assertThumbnailOf(png, {data, width: written.width, height: written.height, format: 'jpeg'}, 128);
		assert.ok(written.ms >= written.makeMs && written.makeMs > 0);
	});
});

test('a corrupt image fails with ERR_IMGRACE_THUMBNAIL and leaves no thumbnail and no temp file', async () => {
	const {jpeg: source} = await serverImages();
	await withTempDir(async dir => {
		const original = path.join(dir, '001.jpg');
		// Starts as a JPEG, then garbage: sniffed as JPEG, rejected by the decoder.
		await writeFile(original, Buffer.concat([source.subarray(0, 200), Buffer.alloc(5000, 0x5A)]));
		await assert.rejects(writeThumbnail(original, {size: 64}), {code: 'ERR_IMGRACE_THUMBNAIL'});
		assert.deepEqual(await listFiles(dir), ['001.jpg']);
		await assert.rejects(writeThumbnail(path.join(dir, '009.jpg'), {size: 64}), {code: 'ERR_IMGRACE_THUMBNAIL', message: /cannot read 009\.jpg \(ENOENT\)/});
	});
});

test('a failure after the temp file was written removes the temp file', async () => {
	const {jpeg: source} = await serverImages();
	await withTempDir(async dir => {
		const original = path.join(dir, '001.jpg');
		await writeFile(original, source);
		// A non-empty folder where the thumbnail should go: the rename onto it fails.
		await mkdir(path.join(dir, '001.thumb.jpg'));
		await writeFile(path.join(dir, '001.thumb.jpg', 'keep'), 'x');
		await assert.rejects(writeThumbnail(original, {size: 64, runId: 'feedbeef', index: 0}), {code: 'ERR_IMGRACE_WRITE', message: /cannot write 001\.thumb\.jpg/});
		assert.deepEqual(await listFiles(dir), ['001.jpg', path.join('001.thumb.jpg', 'keep')]);
	});
});

test('an abort between repeats stops the work: no further repeat, no file', async () => {
	const {jpeg: source} = await serverImages();
	await withTempDir(async dir => {
		const original = path.join(dir, '001.jpg');
		await writeFile(original, source);
		const controller = new AbortController();
		const decode = jpeg.decode;
		const spy = mock.method(jpeg, 'decode', (...args: Parameters<typeof decode>) => {
			if (spy.mock.callCount() === 1) {
				controller.abort();
			}

			return decode(...args);
		});
		try {
			await assert.rejects(writeThumbnail(original, {size: 64, repeat: 5, signal: controller.signal}), {code: 'ERR_IMGRACE_ABORTED'});
			assert.equal(spy.mock.callCount(), 2, 'stopped after the repeat in which the abort came');
		} finally {
			spy.mock.restore();
		}

		assert.deepEqual(await listFiles(dir), ['001.jpg']);
		await assert.rejects(writeThumbnail(original, {size: 64, signal: AbortSignal.abort()}), {code: 'ERR_IMGRACE_ABORTED'});
		// What the engine passes: its stop switch seen through `aborted`, flipped before the rename.
		let stopped = false;
		const stopOnDecode = mock.method(jpeg, 'decode', (...args: Parameters<typeof decode>) => {
			stopped = true;
			return decode(...args);
		});
		try {
			await assert.rejects(writeThumbnail(original, {size: 64, signal: {get aborted() {
				return stopped;
			}}}), {code: 'ERR_IMGRACE_ABORTED'});
		} finally {
			stopOnDecode.mock.restore();
		}

		assert.deepEqual(await listFiles(dir), ['001.jpg']);
	});
});

test('with the folder guard: a thumbnail name imgrace does not own is refused, one it writes is recorded', async () => {
	const {jpeg: source} = await serverImages();
	await withTempDir(async dir => {
		await writeFile(path.join(dir, '001.jpg'), source);
		await writeFile(path.join(dir, '002.jpg'), source);
		await writeFile(path.join(dir, '002.thumb.jpg'), 'mine');
		const folder = await guardFolder(dir, 'aaaa0001');
		await writeThumbnail(path.join(dir, '001.jpg'), {size: 64, runId: 'aaaa0001', index: 0, folder});
		await assert.rejects(writeThumbnail(path.join(dir, '002.jpg'), {size: 64, runId: 'aaaa0001', index: 1, folder}), {code: 'ERR_IMGRACE_WRITE', message: /^002\.thumb\.jpg exists and was not written by imgrace/});
		assert.equal(await readFile(path.join(dir, '002.thumb.jpg'), 'utf8'), 'mine');
		await folder.save();
		const manifest = JSON.parse(await readFile(await manifestFile(dir), 'utf8')) as {files: Record<string, unknown>};
		assert.deepEqual(Object.keys(manifest.files), ['001.thumb.jpg']);

		// The next run may replace its own thumbnail.
		const next = await guardFolder(dir, 'aaaa0002');
		await writeThumbnail(path.join(dir, '001.jpg'), {size: 32, runId: 'aaaa0002', index: 0, folder: next});
		await next.save();
	});
});

test("a thumbnail's temp file left by a killed run is swept by the next run's folder guard", async () => {
	const {jpeg: source} = await serverImages();
	await withTempDir(async dir => {
		await writeFile(path.join(dir, '008.jpg'), source);
		// Taken already, so this is the name writeThumbnail uses for image 7 of run aaaa0003: it is
		// refused (and left alone, not someone else's file to remove).
		const temp = path.join(dir, '.imgrace-aaaa0003-7-0.part');
		await writeFile(temp, 'half a thumbnail');
		await assert.rejects(writeThumbnail(path.join(dir, '008.jpg'), {size: 64, runId: 'aaaa0003', index: 7}), {code: 'ERR_IMGRACE_WRITE', message: /EEXIST/});
		assert.equal(await readFile(temp, 'utf8'), 'half a thumbnail');
		await (await guardFolder(dir, 'aaaa0004')).save();
		assert.deepEqual(await listFiles(dir), ['008.jpg']);
	});
	await assert.rejects(writeThumbnail('/nonexistent/001.jpg', {runId: 'not-hex!'}), {name: 'RangeError', message: /8 hex digits/});
});
