import assert from 'node:assert/strict';
import {test} from 'node:test';
import {ImageScanner} from '../source/engine/image-scan/index.js';
import {race} from './helpers/race.js';
import type {EngineEvent} from '../source/engine/events.js';
import {imageUrl} from '../source/server/image-server.js';
import {eventLog, fetchBody, listFiles, withTempDir} from './helpers/events.js';
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
