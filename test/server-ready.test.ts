import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseRaceConfig} from '../source/config/parse-options.js';
import {resolveSource, startEmbeddedServer} from '../source/entry/image-source.js';
import {imageUrl, paintedImages, startImageServer} from '../source/server/index.js';
import {poolImage} from '../source/server/images/index.js';
import {testRegistry} from './helpers/race.js';

// What the embedded server paints before it listens: a race's pictures, all of them and no more; the
// whole pool when it is not told what it will be asked for (`imgrace serve`).

const registry = testRegistry();
const instant = {latencyMs: 0, jitterMs: 0, bandwidth: 0};

async function get(url: string): Promise<{status: number; body: Buffer}> {
	const response = await fetch(url);
	return {status: response.status, body: Buffer.from(await response.arrayBuffer())};
}

/** Pictures painted in this thread while `body` ran. */
async function paintedDuring(body: () => Promise<void>): Promise<number> {
	const before = paintedImages();
	await body();
	return paintedImages() - before;
}

test('a race\'s server thread paints the race\'s pictures before it listens, not the whole pool', async () => {
	// Image n is slot n % 16 of its format, and every fourth image is a PNG: 40 images reach 12 JPEG and 4 PNG slots.
	for (const [count, painted] of [[1, 1], [10, 10], [40, 16]] as const) {
		const config = parseRaceConfig({count: String(count), latency: '0', jitter: '0', bandwidth: '0', seed: '5'}, registry);
		const source = await resolveSource(config, new AbortController().signal);
		try {
			assert.equal(source.urls.length, count);
			assert.equal(source.server?.painted, painted, `${count} images`);
		} finally {
			await source.server?.close();
		}
	}
});

test('a picture the race did not ask for is painted at its first request, byte for byte the one a whole pool holds', async () => {
	const config = parseRaceConfig({count: '1', latency: '0', jitter: '0', bandwidth: '0', seed: '5'}, registry);
	const source = await resolveSource(config, new AbortController().signal);
	try {
		assert.equal(source.server?.painted, 1);
		// Painted on the server's thread after image 0 alone, here on its own: the same bytes either way.
		const response = await get(imageUrl(source.server!.url, 5));
		assert.equal(response.status, 200);
		assert.ok(response.body.equals(poolImage(5, undefined, 'jpeg', 5).body));
	} finally {
		await source.server?.close();
	}
});

test('the race\'s requests paint nothing: all was painted before the server listened', async () => {
	const readyImages = Array.from({length: 10}, (_, index) => index);
	// A seed no other test of this file paints, so the counts are this server's own.
	const before = paintedImages();
	const server = await startImageServer({...instant, seed: 91, readyImages});
	try {
		assert.equal(paintedImages() - before, 10);
		assert.equal(await paintedDuring(async () => {
			for (const index of readyImages) {
				assert.equal((await get(imageUrl(server.url, index))).status, 200);
			}
		}), 0);
		assert.equal(await paintedDuring(async () => {
			assert.equal((await get(imageUrl(server.url, 12))).status, 200);
		}), 1);
	} finally {
		await server.close();
	}
});

test('without a list the server paints its whole pool before it listens', async () => {
	assert.equal(await paintedDuring(async () => {
		const server = await startImageServer({...instant, seed: 92});
		await server.close();
	}), 32);
});

test('a --size too small for a picture painted on request is a 500 for that picture, and the server goes on', async () => {
	// 300 bytes hold a PNG (image 3) but no JPEG (image 0).
	const server = await startImageServer({...instant, seed: 93, imageBytes: 300, readyImages: [3]});
	try {
		const refused = await get(imageUrl(server.url, 0));
		assert.equal(refused.status, 500);
		assert.match(refused.body.toString(), /^Cannot make this image: 300 bytes is too small for a valid jpeg image\n$/);
		const served = await get(imageUrl(server.url, 3));
		assert.deepEqual([served.status, served.body.length], [200, 300]);
	} finally {
		await server.close();
	}

	await assert.rejects(startImageServer({readyImages: [-1]}), /readyImages must be non-negative integers/);
});

test('a race that ends before it starts stops its server, starting or listening', async () => {
	const config = parseRaceConfig({count: '1', latency: '0', jitter: '0', bandwidth: '0', seed: '5'}, registry);
	const starting = startEmbeddedServer(config)!;
	await starting.stop();
	await assert.rejects(starting.started, /stopped before it listened/);

	const listening = startEmbeddedServer(config)!;
	const server = await listening.started;
	assert.equal((await get(`${server.url}/health`)).status, 200);
	await listening.stop();
	await assert.rejects(get(`${server.url}/health`));
	assert.equal(startEmbeddedServer(parseRaceConfig({url: 'http://127.0.0.1:9/a.jpg'}, registry)), undefined);
});
