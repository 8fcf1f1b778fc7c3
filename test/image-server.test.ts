import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import http from 'node:http';
import net from 'node:net';
import {createInterface} from 'node:readline';
import {test} from 'node:test';
import {imageSize} from 'image-size';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import {imageUrl, startImageServer, type ImageServer} from '../source/server/image-server.js';
import {responseDelay} from '../source/server/routes.js';
import {fakeTime, settled, stillNot, type FakeTime} from './helpers/fake-time.js';
import {withServer} from './helpers/server.js';

/** No latency, no pacing: for tests about content rather than timing. */
const instant = {latencyMs: 0, jitterMs: 0, bandwidth: 0};

type Response = {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	/** performance.now() when the request was sent, the headers arrived, and the body ended. */
	sentAt: number;
	headersAt: number;
	endAt: number;
	/** [ms since headers, bytes so far] for every chunk received. */
	progress: Array<[number, number]>;
};

/** A plain GET on a fresh connection, with timings. */
async function get(url: string): Promise<Response> {
	return new Promise((resolve, reject) => {
		const sentAt = performance.now();
		http.get(url, {agent: false}, response => {
			const headersAt = performance.now();
			const chunks: Buffer[] = [];
			const progress: Array<[number, number]> = [];
			let received = 0;
			response.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				received += chunk.length;
				progress.push([performance.now() - headersAt, received]);
			});
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), sentAt, headersAt, endAt: performance.now(), progress});
			});
			response.on('error', reject);
		}).on('error', reject);
	});
}

type RawResult = {head: string; body: Buffer; ending: 'fin' | 'reset' | 'open'};

/**
 * GET over a raw socket, so a clean close (FIN) can be told from a reset (RST) — http.get reports both as
 * "aborted". Resolves when the socket ends, or after `waitMs` with `ending: 'open'` (then destroys it).
 */
async function rawGet(url: string, waitMs = 5000): Promise<RawResult> {
	const {port, pathname, search} = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = net.connect(Number(port), '127.0.0.1');
		const chunks: Buffer[] = [];
		const finish = (ending: RawResult['ending']) => {
			clearTimeout(timer);
			const raw = Buffer.concat(chunks);
			const split = raw.indexOf('\r\n\r\n');
			socket.destroy();
			resolve({head: raw.subarray(0, split).toString('latin1'), body: raw.subarray(split + 4), ending});
		};

		const timer = setTimeout(() => {
			finish('open');
		}, waitMs);
		socket.on('connect', () => socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
		socket.on('data', chunk => chunks.push(chunk));
		socket.on('end', () => finish('fin'));
		socket.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ECONNRESET') {
				finish('reset');
			} else {
				clearTimeout(timer);
				reject(error);
			}
		});
	});
}

function contentLengthOf(head: string): number {
	const match = /content-length: (\d+)/i.exec(head);
	assert.ok(match, `no Content-Length in:\n${head}`);
	return Number(match[1]);
}

function decode(body: Buffer, type: string | undefined): {width: number; height: number} {
	if (type === 'image/png') {
		return pngjs.PNG.sync.read(body);
	}

	assert.equal(type, 'image/jpeg');
	return jpeg.decode(body, {useTArray: true});
}

test('serves decodable jpeg and png with their content-length', async () => {
	await withServer(instant, async server => {
		for (const index of [0, 3]) {
			const url = imageUrl(server.url, index);
			assert.match(url, index === 3 ? /\/image\/3\.png$/ : /\/image\/0\.jpg$/);
			const response = await get(url);
			assert.equal(response.status, 200);
			assert.equal(Number(response.headers['content-length']), response.body.length);
			const {width, height} = decode(response.body, response.headers['content-type']);
			const size = imageSize(response.body);
			assert.deepEqual([size.width, size.height], [width, height]);
		}
	});
});

test('image n is deterministic for a seed and differs across seeds', async () => {
	await withServer({...instant, seed: 7}, async one => {
		await withServer({...instant, seed: 8}, async other => {
			const first = await get(`${one.url}/image/21.jpg`);
			const again = await get(`${one.url}/image/21.jpg`);
			const otherSeed = await get(`${other.url}/image/21.jpg`);
			assert.ok(first.body.equals(again.body));
			assert.ok(!first.body.equals(otherSeed.body));
			// n and n + poolSize are the same pool slot; neighbours are not.
			assert.ok(!first.body.equals((await get(`${one.url}/image/22.jpg`)).body));
		});
	});
});

test('imageBytes makes every body exactly that size and still decodable', async () => {
	for (const imageBytes of [150_000, 20_000, 3000]) {
		await withServer({...instant, imageBytes}, async server => {
			assert.equal(server.options.imageBytes, imageBytes);
			for (const path of ['/image/0.jpg', '/image/5.jpg', '/image/3.png', '/image/6.png', '/random']) {
				const {body, headers} = await get(server.url + path);
				assert.equal(body.length, imageBytes, path);
				assert.equal(Number(headers['content-length']), imageBytes);
				decode(body, headers['content-type']);
				if (headers['content-type'] === 'image/jpeg') {
					assert.deepEqual([body[0], body[1], body.at(-2), body.at(-1)], [0xFF, 0xD8, 0xFF, 0xD9]);
				} else {
					assert.equal(body.toString('latin1', body.length - 8, body.length - 4), 'IEND');
				}
			}
		});
	}
});

test('size overrides the body size per request', async () => {
	await withServer(instant, async server => {
		for (const path of ['/image/1.jpg?size=123456', '/image/1.png?size=123456', '/image/2.jpg?size=5000']) {
			const {body, headers} = await get(server.url + path);
			assert.equal(body.length, Number(new URL(path, server.url).searchParams.get('size')), path);
			decode(body, headers['content-type']);
		}

		const tooSmall = await get(`${server.url}/image/1.jpg?size=10`);
		assert.equal(tooSmall.status, 400);
	});
});

test('width repaints the picture at that width, padded to size when asked', async () => {
	await withServer(instant, async server => {
		const pooled = await get(`${server.url}/image/1.jpg`);
		const pooledSize = decode(pooled.body, 'image/jpeg');
		const wide = await get(`${server.url}/image/1.jpg?width=2000`);
		const {width, height} = decode(wide.body, wide.headers['content-type']);
		assert.equal(width, 2000);
		assert.ok(Math.abs((width / height) - (pooledSize.width / pooledSize.height)) < 0.01, `${width}×${height} against ${pooledSize.width}×${pooledSize.height}`);

		const png = await get(`${server.url}/image/3.png?width=64&size=20000`);
		assert.equal(png.body.length, 20_000);
		assert.equal(decode(png.body, png.headers['content-type']).width, 64);

		// The pool's own width serves the pool image itself.
		assert.ok((await get(`${server.url}/image/1.jpg?width=${pooledSize.width}`)).body.equals(pooled.body));
		for (const query of ['width=7', 'width=4097', 'width=2000&size=5000']) {
			const refused = await get(`${server.url}/image/1.jpg?${query}`);
			assert.equal(refused.status, 400, query);
			assert.match(refused.body.toString(), /^Bad fault query: .*(width|too small)/, query);
		}
	});
});

test('latency with jitter stays in [latency - jitter, latency + jitter] and never below 0', () => {
	assert.equal(responseDelay(100, 40, () => 0), 60);
	assert.equal(responseDelay(100, 40, () => 0.5), 100);
	assert.ok(Math.abs(responseDelay(100, 40, () => 0.999_999) - 140) < 0.001);
	assert.equal(responseDelay(10, 40, () => 0), 0);
	assert.equal(responseDelay(100, 0, () => {
		throw new Error('no jitter draws no random number');
	}), 100);
});

test('random, health and unknown routes', async () => {
	await withServer(instant, async server => {
		const random = await get(`${server.url}/random`);
		assert.equal(random.status, 200);
		assert.equal(random.headers['cache-control'], 'no-store');
		decode(random.body, random.headers['content-type']);

		const health = await get(`${server.url}/health`);
		assert.deepEqual([health.status, health.body.toString().trim()], [200, 'ok']);

		for (const path of ['/', '/image/x.jpg', '/image/1.gif', '/images/1.jpg']) {
			assert.equal((await get(server.url + path)).status, 404, path);
		}

		assert.equal(server.requestCount(), 6);
	});
});

test('bad fault values are a 400 naming the knob', async () => {
	await withServer(instant, async server => {
		const response = await get(`${server.url}/image/1.jpg?status=abc`);
		assert.equal(response.status, 400);
		assert.match(response.body.toString(), /status=abc/);
		// Unknown parameters (cache busters) are ignored.
		assert.equal((await get(`${server.url}/image/1.jpg?t=123`)).status, 200);
	});
});

/** A GET started now, and whether its whole response has arrived yet. */
function request(url: string): {response: Promise<Response>; arrived: () => boolean} {
	let arrived = false;
	const response = get(url).then(answer => {
		arrived = true;
		return answer;
	});
	return {response, arrived: () => arrived};
}

/** Sends `url`, moves the fake clock to 1 ms before `delayMs`: nothing yet; 1 ms more: the response. */
async function answersAfter(server: ImageServer, time: FakeTime, url: string, delayMs: number, onArrival?: () => void): Promise<Response> {
	const requests = server.requestCount();
	const pending = request(url);
	await settled(() => server.requestCount() > requests, `the server to receive ${url}`);
	onArrival?.();
	time.advance(delayMs - 1);
	await stillNot(pending.arrived, `${url}, answered before ${delayMs} ms`);
	time.advance(1);
	await settled(pending.arrived, `${url}, answered at ${delayMs} ms`);
	return pending.response;
}

// Latency on a fake clock, over real HTTP: the server holds the answer for exactly its latency, on any machine.
test('latency knob delays headers by exactly its time, ?latency= overrides it, health has none', async t => {
	await withServer({latencyMs: 200, jitterMs: 0, bandwidth: 0}, async server => {
		const time = fakeTime(t);
		const health = request(`${server.url}/health`);
		await settled(health.arrived, 'health, with the fake clock standing still');
		assert.equal((await answersAfter(server, time, `${server.url}/image/0.jpg`, 200)).status, 200);
		assert.equal((await answersAfter(server, time, `${server.url}/image/0.jpg?latency=50`, 50)).status, 200);
	});
});

test('jitter draws the latency from [latency - jitter, latency + jitter]', async t => {
	await withServer({latencyMs: 60, jitterMs: 40, bandwidth: 0}, async server => {
		const time = fakeTime(t);
		// The draw at either end of its range, pinned only while the server takes its request.
		for (const [draw, delayMs] of [[0, 20], [0.999_999, 100]] as const) {
			const random = t.mock.method(Math, 'random', () => draw);
			await answersAfter(server, time, `${server.url}/image/1.jpg`, delayMs, () => {
				random.mock.restore();
			});
		}
	});
});

// End to end on the real clock, the knobs below are held to lower bounds only (the server must wait at least
// that long; a busy machine only makes it later). How exactly they pace is server-pacing.test.ts's, on a fake clock.
test('bandwidth knob paces the body from the first byte', async () => {
	// imageBytes: the bodies exist before the server listens, so nothing but pacing shapes the timing.
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 500_000, imageBytes: 100_000}, async server => {
		await get(`${server.url}/health`);
		const response = await get(`${server.url}/image/1.jpg`);
		// Timed from the request: the server can't be early, and a busy client loop can only make it late.
		const duration = response.endAt - response.sentAt;
		assert.equal(response.body.length, 100_000);
		assert.ok(duration >= 195, `100 kB at 500 kB/s took ${duration.toFixed(0)} ms`);
		// No burst: halfway through, at most about half has arrived (a late client only sees fewer bytes by then).
		const bytesBy = (ms: number) => response.progress.filter(([at]) => at + (response.headersAt - response.sentAt) <= ms).at(-1)?.[1] ?? 0;
		assert.ok(bytesBy(100) <= 55_000, `${bytesBy(100)} bytes after 100 ms`);
		assert.ok(bytesBy(20) <= 12_000, `${bytesBy(20)} bytes after 20 ms`);
	});
});

test('latency plus paced body adds up', async () => {
	await withServer({latencyMs: 200, jitterMs: 0, bandwidth: 1_000_000, imageBytes: 200_000}, async server => {
		await get(`${server.url}/health`);
		const response = await get(`${server.url}/image/2.jpg`);
		const total = response.endAt - response.sentAt;
		assert.ok(total >= 398, `200 kB at 1 MB/s after 200 ms took ${total.toFixed(0)} ms (ideal 400)`);
	});
});

test('link bandwidth is shared by concurrent responses', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0, linkBandwidth: 1_000_000, imageBytes: 50_000}, async server => {
		await get(`${server.url}/health`);
		const single = await get(`${server.url}/image/0.jpg`);
		const alone = single.endAt - single.sentAt;
		assert.ok(alone >= 48, `one 50 kB download took ${alone.toFixed(0)} ms`);

		const started = performance.now();
		const all = await Promise.all(Array.from({length: 5}, async (_, index) => get(`${server.url}/image/${index}.jpg`)));
		const total = performance.now() - started;
		// 250 ms at the link's rate; the exact rate is server-pacing.test.ts's subject, on a fake clock. Here a real
		// server and client only show the link is shared, with room for the first chunks sent before pacing begins.
		assert.ok(total >= 200, `5 × 50 kB over a 1 MB/s link took ${total.toFixed(0)} ms`);
		// Shared turn by turn, not one after another: even the first to finish took most of the time.
		const first = Math.min(...all.map(response => response.endAt - started));
		assert.ok(first > 150, `first finished after ${first.toFixed(0)} ms`);
	});
});

test('link and per-connection limits both apply', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 250_000, linkBandwidth: 1_000_000, imageBytes: 50_000}, async server => {
		await get(`${server.url}/health`);
		const started = performance.now();
		await Promise.all([0, 1].map(async index => get(`${server.url}/image/${index}.jpg`)));
		const total = performance.now() - started;
		// Two at 250 kB/s fit in the 1 MB/s link, so the per-connection limit decides: 50 kB / 250 kB/s.
		assert.ok(total >= 195, `2 × 50 kB at 250 kB/s took ${total.toFixed(0)} ms`);

		const crowded = performance.now();
		await Promise.all(Array.from({length: 8}, async (_, index) => get(`${server.url}/image/${index}.jpg`)));
		const crowdedTotal = performance.now() - crowded;
		// Eight would want 2 MB/s: now the link decides, 400 kB / 1 MB/s.
		assert.ok(crowdedTotal >= 395, `8 × 50 kB took ${crowdedTotal.toFixed(0)} ms`);
	});
});

test('status knob with retry-after', async () => {
	await withServer(instant, async server => {
		const response = await get(imageUrl(server.url, 1, {status: 503, retryAfter: 2}));
		assert.equal(response.status, 503);
		assert.equal(response.headers['retry-after'], '2');
		assert.match(response.headers['content-type'] ?? '', /^text\/plain/);
		assert.match(response.body.toString(), /503 Service Unavailable/);
	});
});

test('failFirst fails the first k requests for a url, then succeeds', async () => {
	await withServer(instant, async server => {
		const url = imageUrl(server.url, 2, {status: 500, failFirst: 2});
		assert.equal((await get(url)).status, 500);
		assert.equal((await get(url)).status, 500);
		const third = await get(url);
		assert.equal(third.status, 200);
		decode(third.body, third.headers['content-type']);
		// Counted per exact URL.
		assert.equal((await get(imageUrl(server.url, 4, {status: 500, failFirst: 2}))).status, 500);
	});
});

test('reset knob resets the connection mid-body', async () => {
	await withServer(instant, async server => {
		const result = await rawGet(imageUrl(server.url, 1, {reset: 1000}));
		assert.equal(result.ending, 'reset');
		assert.ok(contentLengthOf(result.head) > 1000);
		assert.ok(result.body.length <= 1000, `${result.body.length} body bytes`);
	});
});

test('short knob ends cleanly before content-length', async () => {
	await withServer({...instant, bandwidth: 2_000_000}, async server => {
		const result = await rawGet(imageUrl(server.url, 1, {short: 5000}));
		assert.equal(result.ending, 'fin');
		assert.ok(contentLengthOf(result.head) > 5000);
		assert.equal(result.body.length, 5000);
	});
});

test('stall knob sends some bytes and then nothing', async () => {
	await withServer(instant, async server => {
		const result = await rawGet(imageUrl(server.url, 1, {stall: 2000}), 400);
		assert.equal(result.ending, 'open');
		assert.equal(result.body.length, 2000);
	});
});

test('type and body knobs', async () => {
	await withServer(instant, async server => {
		const typed = await get(imageUrl(server.url, 0, {type: 'text/html'}));
		assert.equal(typed.headers['content-type'], 'text/html');
		decode(typed.body, 'image/jpeg');

		const html = await get(imageUrl(server.url, 0, {body: 'html'}));
		assert.equal(html.headers['content-type'], 'image/jpeg');
		assert.match(html.body.toString(), /^<!doctype html>/);
		assert.equal(Number(html.headers['content-length']), html.body.length);

		const text = await get(imageUrl(server.url, 3, {body: 'text', type: 'text/plain'}));
		assert.equal(text.headers['content-type'], 'text/plain');
		assert.match(text.body.toString(), /not an image/);
	});
});

test('redirect knob counts down and loops', async () => {
	await withServer(instant, async server => {
		const first = await get(imageUrl(server.url, 1, {redirect: 2, type: 'image/jpeg'}));
		assert.equal(first.status, 302);
		assert.equal(first.headers.location, '/image/1.jpg?redirect=1&type=image%2Fjpeg');

		const followed = await fetch(imageUrl(server.url, 1, {redirect: 2}));
		assert.equal(followed.status, 200);
		assert.ok(followed.redirected);
		decode(Buffer.from(await followed.arrayBuffer()), followed.headers.get('content-type') ?? undefined);

		const loop = await get(imageUrl(server.url, 1, {redirect: 'loop'}));
		assert.equal(loop.status, 302);
		assert.equal(loop.headers.location, '/image/1.jpg?redirect=loop');
		await assert.rejects(fetch(imageUrl(server.url, 1, {redirect: 'loop'})));
	});
});

test('chunked and empty knobs', async () => {
	await withServer(instant, async server => {
		const chunked = await get(imageUrl(server.url, 1, {chunked: 1}));
		assert.equal(chunked.headers['content-length'], undefined);
		assert.equal(chunked.headers['transfer-encoding'], 'chunked');
		decode(chunked.body, chunked.headers['content-type']);

		const empty = await get(imageUrl(server.url, 1, {empty: 1}));
		assert.equal(empty.status, 200);
		assert.equal(empty.headers['content-length'], '0');
		assert.equal(empty.headers['content-type'], 'image/jpeg');
		assert.equal(empty.body.length, 0);
	});
});

test('keep-alive reuses one connection', async () => {
	await withServer(instant, async server => {
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		const reused: boolean[] = [];
		for (let i = 0; i < 3; i++) {
			await new Promise<void>((resolve, reject) => {
				const request = http.get(`${server.url}/image/${i}.jpg`, {agent}, response => {
					reused.push(request.reusedSocket);
					response.resume();
					response.on('end', resolve);
				});
				request.on('error', reject);
			});
		}

		assert.deepEqual(reused, [false, true, true]);
		assert.equal(server.openConnections(), 1);
		agent.destroy();
	});
});

// Without its own destroy, close() would wait for the stalled response for ever: the test's timeout is for that
// hang only, hundreds of times what a close takes.
test('close() ends stalled and idle connections', {timeout: 10_000}, async () => {
	const server = await startImageServer(instant);
	const agent = new http.Agent({keepAlive: true});
	await new Promise<void>((resolve, reject) => {
		http.get(`${server.url}/health`, {agent}, response => {
			response.resume();
			response.on('end', resolve);
		}).on('error', reject);
	});
	const stalled = rawGet(`${server.url}/image/1.jpg?stall=100`);
	while (server.openConnections() < 2) {
		await new Promise(resolve => setTimeout(resolve, 5));
	}

	await server.close();
	assert.equal(server.openConnections(), 0);
	assert.notEqual((await stalled).ending, 'open');
	agent.destroy();
});

test('rejects invalid options', async () => {
	await assert.rejects(startImageServer({latencyMs: -1}), /latencyMs/);
	await assert.rejects(startImageServer({imageBytes: 1.5}), /imageBytes/);
	await assert.rejects(startImageServer({imageBytes: 10}), /too small/);
});

test('imageUrl mixes formats and appends faults', () => {
	assert.equal(imageUrl('http://127.0.0.1:1/', 0), 'http://127.0.0.1:1/image/0.jpg');
	assert.equal(imageUrl('http://127.0.0.1:1', 7, {status: 503, failFirst: 2}), 'http://127.0.0.1:1/image/7.png?status=503&failFirst=2');
	assert.equal(Array.from({length: 8}, (_, index) => imageUrl('', index).endsWith('.png')).filter(Boolean).length, 2);
});

test('serve prints its url, serves, and exits 143 on sigterm', async () => {
	const module = new URL('../source/entry/serve.js', import.meta.url).href;
	const child = spawn(process.execPath, ['--input-type=module', '-e', `import {runServe} from '${module}'; await runServe({port: 0, latencyMs: 0, jitterMs: 0, seed: 3});`], {stdio: ['ignore', 'pipe', 'inherit']});
	try {
		const lines = createInterface({input: child.stdout})[Symbol.asyncIterator]();
		const first = await lines.next();
		const match = /^imgrace serve: listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(String(first.value));
		assert.ok(match, `first line: ${String(first.value)}`);
		assert.match(String((await lines.next()).value), /latency 0ms, .*seed 3/);
		const response = await get(`${match[1]}/image/0.jpg`);
		decode(response.body, response.headers['content-type']);

		const exited = once(child, 'exit');
		child.kill('SIGTERM');
		assert.deepEqual(await exited, [143, null]);
	} finally {
		child.kill('SIGKILL');
	}
});
