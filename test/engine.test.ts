import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import jpeg from 'jpeg-js';
import {PNG} from 'pngjs';
import {race} from './helpers/race.js';
import {clients} from './helpers/clients.js';
import type {ClientName} from '../source/engine/run-spec.js';
import type {EngineEvent} from '../source/engine/events.js';
import {imageUrl} from '../source/server/image-server.js';
import {assertValidOrder, eventLog, fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {fakeTime, settled, stillNot} from './helpers/fake-time.js';
import {withServer} from './helpers/server.js';

const quick = {latencyMs: 60, jitterMs: 0, bandwidth: 2_000_000};

type Interval = {index: number; start: number; end: number};

function intervals(events: readonly EngineEvent[]): Interval[] {
	const starts = new Map<number, number>();
	const result: Interval[] = [];
	for (const event of events) {
		if (event.type === 'image-started') {
			starts.set(event.index, event.at);
		} else if (event.type === 'image-done' || event.type === 'image-failed') {
			result.push({index: event.index, start: starts.get(event.index)!, end: event.at});
		}
	}

	return result;
}

/** Most images in flight at once, from started/finished events. */
function peakInFlight(events: readonly EngineEvent[]): number {
	let now = 0;
	let peak = 0;
	for (const event of events) {
		if (event.type === 'image-started') {
			peak = Math.max(peak, ++now);
		} else if (event.type === 'image-done' || event.type === 'image-failed') {
			now--;
		}
	}

	return peak;
}

test('sequential image intervals never overlap', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
		const result = await race({strategy: 'sequential', asked: 8, urls, folder: dir, onEvent: log.onEvent});
		assert.equal(result.ok, 6);
		assert.equal(result.concurrency, 1);
		const sorted = intervals(log.events).sort((a, b) => a.start - b.start);
		for (let i = 1; i < sorted.length; i++) {
			assert.ok(sorted[i]!.start >= sorted[i - 1]!.end, `image ${sorted[i]!.index} started before ${sorted[i - 1]!.index} ended`);
		}

		assert.equal(peakInFlight(log.events), 1);
		assertValidOrder(log.events);
	}));
});

test('parallel reaches its concurrency limit and never exceeds it', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = Array.from({length: 12}, (_, index) => imageUrl(server.url, index));
		const result = await race({strategy: 'parallel', asked: 4, urls, folder: dir, onEvent: log.onEvent});
		assert.equal(result.ok, 12);
		assert.equal(result.concurrency, 4);
		assert.equal(peakInFlight(log.events), 4);
		assertValidOrder(log.events);
	}));
});

test('keep-alive: a run reuses its connections; --no-keep-alive opens one per image', async () => {
	// Connections are counted, not timed: no latency or pacing needed.
	await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
		const connectionsFor = async (options: {strategy: 'sequential' | 'parallel'; asked: number; keepAlive: boolean; client: ClientName}) => {
			const before = server.connectionCount();
			const result = await race({...options, urls, folder: path.join(dir, `${options.strategy}-${options.keepAlive}-${options.client}`), onEvent() {}});
			assert.equal(result.ok, urls.length);
			return server.connectionCount() - before;
		};

		for (const client of clients) {
			assert.equal(await connectionsFor({strategy: 'sequential', asked: 1, keepAlive: true, client}), 1, client);
			assert.equal(await connectionsFor({strategy: 'sequential', asked: 1, keepAlive: false, client}), 6, client);
			assert.equal(await connectionsFor({strategy: 'parallel', asked: 2, keepAlive: true, client}), 2, client);
			assert.equal(await connectionsFor({strategy: 'parallel', asked: 2, keepAlive: false, client}), 6, client);
		}
	}));
});

test('parallel defaults to every image at once', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = Array.from({length: 7}, (_, index) => imageUrl(server.url, index));
		const result = await race({strategy: 'parallel', asked: 0, urls, folder: dir, onEvent: log.onEvent});
		assert.equal(result.concurrency, 7);
		assert.equal(peakInFlight(log.events), 7);
	}));
});

test('saved files equal the served bytes and decode as images', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = Array.from({length: 8}, (_, index) => imageUrl(server.url, index));
		await race({strategy: 'parallel', asked: 8, urls, folder: dir, onEvent: log.onEvent});
		const done = log.events.filter(event => event.type === 'image-done');
		assert.equal(done.length, 8);
		const types = new Set<string>();
		for (const event of done) {
			const file = await readFile(event.path);
			const served = await fetchHash(urls[event.index]!);
			assert.equal(sha256(file), served.sha256, `image ${event.index} differs from what was served`);
			assert.equal(file.length, event.bytes);
			types.add(event.contentType);
			if (event.contentType === 'image/jpeg') {
				const decoded = jpeg.decode(file, {useTArray: true, maxMemoryUsageInMB: 1024});
				assert.equal(decoded.width, event.width);
				assert.equal(decoded.height, event.height);
				assert.equal(path.extname(event.path), '.jpg');
			} else {
				assert.equal(event.contentType, 'image/png');
				const decoded = PNG.sync.read(file);
				assert.equal(decoded.width, event.width);
				assert.equal(decoded.height, event.height);
				assert.equal(path.extname(event.path), '.png');
			}
		}

		const files = await listFiles(dir);
		assert.equal(files.length, 8, `only the images are left: ${files.join(', ')}`);
	}));
});

test('file extension comes from the image type, not the url', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		// A PNG served under a .jpg-looking path with a lying Content-Type.
		const pngUrl = imageUrl(server.url, 0).replace(/\/image\/(\d+)\.jpg/, '/image/$1.png') + '?type=image/jpeg';
		const url = `${pngUrl}&x=.jpg`;
		const result = await race({strategy: 'sequential', asked: 1, urls: [url], folder: dir, onEvent: log.onEvent});
		assert.equal(result.ok, 1);
		const done = log.events.find(event => event.type === 'image-done');
		assert.ok(done?.type === 'image-done');
		assert.equal(done.contentType, 'image/png');
		assert.match(done.path, /001\.png$/);
	}));
});

test('abort mid-run leaves no temp file and no open request, and a new run then succeeds', async () => {
	// Slow bodies so the abort lands while several are half-received.
	await withServer({latencyMs: 20, jitterMs: 0, bandwidth: 100_000}, async server => withTempDir(async dir => {
		const log = eventLog();
		const controller = new AbortController();
		const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
		const running = race({strategy: 'parallel', asked: 3, urls, folder: dir, signal: controller.signal, onEvent(event) {
			log.onEvent(event);
			if (event.type === 'image-progress' && event.transferred > 20_000 && !controller.signal.aborted) {
				controller.abort();
			}
		}});
		const result = await running;
		assert.equal(result.aborted, true);
		assert.equal(log.events.at(-1)?.type, 'run-aborted');
		const files = await listFiles(dir);
		assert.deepEqual(files.filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'no temp or partial files');
		// Counted against the disk, not the events the controller counts from: each image reported done is a
		// saved file, and the abort kept some from finishing.
		assert.equal(files.length, result.ok, 'one saved file per image reported done');
		assert.ok(result.ok < urls.length, `the abort stopped some images (${result.ok} of ${urls.length} done)`);
		// The server sees its sockets closed shortly after (the client destroyed them).
		const deadline = performance.now() + 2000;
		while (server.openConnections() > 0 && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		assert.equal(server.openConnections(), 0, 'no connection left open');

		// The same images from the same server, unthrottled: that they arrive is the point, not how slowly.
		const again = eventLog();
		const second = await race({strategy: 'parallel', asked: 6, urls: urls.map(url => `${url}?bandwidth=0`), folder: dir, onEvent: again.onEvent, maxTimeMs: 20_000});
		assert.equal(second.ok, 6);
		assert.equal(second.aborted, false);
		assertValidOrder(again.events);
	}));
});

test('an aborted signal before start downloads nothing', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const controller = new AbortController();
		controller.abort();
		const result = await race({strategy: 'sequential', asked: 1, urls: [imageUrl(server.url, 0)], folder: dir, signal: controller.signal, onEvent: log.onEvent});
		assert.equal(result.aborted, true);
		assert.equal(result.ok, 0);
		assert.deepEqual(await listFiles(dir), []);
	}));
});

test('progress reports bytes and the total from content-length', async () => {
	await withServer({latencyMs: 10, jitterMs: 0, bandwidth: 400_000}, async server => withTempDir(async dir => {
		const log = eventLog();
		await race({strategy: 'sequential', asked: 1, urls: [imageUrl(server.url, 1)], folder: dir, onEvent: log.onEvent});
		const progress = log.events.filter(event => event.type === 'image-progress');
		const done = log.events.find(event => event.type === 'image-done');
		assert.ok(done?.type === 'image-done');
		assert.ok(progress.length >= 2, `expected progress along the way, got ${progress.length}`);
		for (let i = 1; i < progress.length; i++) {
			assert.ok(progress[i]!.type === 'image-progress' && progress[i - 1]!.type === 'image-progress' && progress[i]!.transferred >= progress[i - 1]!.transferred);
		}

		const last = progress.at(-1);
		assert.ok(last?.type === 'image-progress');
		assert.equal(last.transferred, done.bytes);
		assert.equal(last.total, done.bytes);
	}));
});

type DoneEvent = Extract<EngineEvent, {type: 'image-done'}>;

/** The image's phases summed, and its end time from the run's start, which they must add up to. */
function phaseSum(done: DoneEvent, runStartedAt: number): {sum: number; endMs: number} {
	const phases = done.phases!;
	const sum = phases.queuedMs + phases.retryMs + phases.setupMs + phases.connectMs + phases.sendMs + phases.waitMs + phases.receiveMs + phases.writeMs;
	for (const [name, value] of Object.entries(phases)) {
		assert.ok(value >= 0, `${name} is ${value}`);
	}

	return {sum, endMs: done.at - runStartedAt};
}

for (const client of clients) test(`phases on ${client}: queued, set-up, connect, send, waiting, receive and write add up to each image's end time; the wait holds the server's latency`, async t => {
	// The server's latency on a fake clock: it answers only when the test moves the clock, so whatever this
	// machine's speed, the client's wait phase must span from before the request reached the server to after
	// the test let it answer. Phases are consecutive spans that add up, so then no other phase holds any of it.
	await withServer({latencyMs: 200, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const time = fakeTime(t);
		const log = eventLog();
		const urls = [imageUrl(server.url, 0), imageUrl(server.url, 1)];
		let finished = false;
		const running = race({strategy: 'sequential', asked: 1, urls, folder: dir, client, onEvent: log.onEvent}).finally(() => {
			finished = true;
		});
		/** Per image: when the test saw the request at the server, and when it let the server answer. */
		const held: Array<{seenAt: number; releasedAt: number}> = [];
		for (const [index] of urls.entries()) {
			await settled(() => server.requestCount() === index + 1, `request ${index + 1} at the server`);
			const seenAt = performance.now();
			time.advance(199);
			await stillNot(() => log.events.some(event => event.type === 'image-first-byte' && event.index === index), `image ${index}'s answer`);
			const releasedAt = performance.now();
			time.advance(1);
			held.push({seenAt, releasedAt});
		}

		await settled(() => finished, 'the run');
		await running;
		const runStarted = log.events.find(event => event.type === 'run-started')!;
		const done = log.events.filter((event): event is DoneEvent => event.type === 'image-done').sort((a, b) => a.index - b.index);
		assert.equal(done.length, 2);
		for (const event of done) {
			const {sum, endMs} = phaseSum(event, runStarted.at);
			assert.ok(Math.abs(sum - endMs) < 1, `phases add up to ${sum} ms, the image ended at ${endMs} ms`);
			const {queuedMs, retryMs, setupMs, connectMs, sendMs, waitMs} = event.phases!;
			const waitFrom = runStarted.at + queuedMs + retryMs + setupMs + connectMs + sendMs;
			const {seenAt, releasedAt} = held[event.index]!;
			assert.ok(waitFrom <= seenAt, `image ${event.index}: the wait starts ${(waitFrom - seenAt).toFixed(1)} ms after the server had the request`);
			assert.ok(waitFrom + waitMs >= releasedAt, `image ${event.index}: the wait ends ${(releasedAt - waitFrom - waitMs).toFixed(1)} ms before the server could answer`);
			assert.equal(retryMs, 0, 'no retries, no retry phase');
		}

		const [first, second] = done as [DoneEvent, DoneEvent];
		assert.equal(first.reusedConnection, false, 'the first image opens the connection');
		assert.equal(second.reusedConnection, true, 'the second reuses it (keep-alive)');
		assert.equal(second.phases!.connectMs, 0);
		// Sequential: the second image waits for the first one's slot.
		assert.ok(second.phases!.queuedMs >= first.at - runStarted.at - 1, `queued ${second.phases!.queuedMs} ms`);
	}));
});

for (const client of clients) test(`phases on ${client}: time spent on failed attempts and backoff is the retry phase, so the sum still holds`, async () => {
	await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const log = eventLog();
		await race({strategy: 'sequential', asked: 1, urls: [`${imageUrl(server.url, 0)}?status=503&failFirst=1`], folder: dir, maxRetryDelayMs: 300, client, onEvent: log.onEvent});
		const runStarted = log.events.find(event => event.type === 'run-started')!;
		const retried = log.events.find(event => event.type === 'image-retried');
		const done = log.events.find((event): event is DoneEvent => event.type === 'image-done')!;
		assert.equal(done.retries, 1);
		const {sum, endMs} = phaseSum(done, runStarted.at);
		assert.ok(Math.abs(sum - endMs) < 1, `phases add up to ${sum} ms, the image ended at ${endMs} ms`);
		assert.ok(retried?.type === 'image-retried' && done.phases!.retryMs >= retried.delayMs, `retry phase ${done.phases!.retryMs} ms holds the backoff`);
	}));
});
