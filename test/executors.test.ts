import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {readFile, readFileSync} from 'node:fs';
import {test} from 'node:test';
import {promisify} from 'node:util';
import type {EngineEvent} from '../source/engine/events.js';
import {inspectImage} from '../source/engine/image-check.js';
import type {ClientName, RunResult} from '../source/engine/run-spec.js';
import type {ExecutorKind} from '../source/executors/index.js';
import {imageUrl} from '../source/server/image-server.js';
import {assertValidOrder, eventLog, fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';
import {race as raceThrough} from './helpers/race.js';
import {clients} from './helpers/clients.js';

const read = promisify(readFile);
const quick = {latencyMs: 20, jitterMs: 0, bandwidth: 2_000_000};
const kinds: ExecutorKind[] = ['threads', 'processes'];

/** One pooled run through the controller, as a race starts one. */
async function race(kind: ExecutorKind, options: {urls: string[]; slots: number; dir: string; onEvent: (event: EngineEvent) => void; signal?: AbortSignal}): Promise<RunResult> {
	return raceThrough({strategy: kind, asked: options.slots, urls: options.urls, folder: options.dir, onEvent: options.onEvent, maxRetryDelayMs: 300, ...(options.signal ? {signal: options.signal} : {})});
}

/** A process (pid) still exists. */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Child processes of this process (the test runner's file process), from the process table. */
function children(parent = process.pid): number[] {
	try {
		return execFileSync('ps', ['--ppid', String(parent), '-o', 'pid=,comm='], {encoding: 'utf8'}).split('\n').filter(line => line.trim() !== '' && !/\bps$/.test(line.trim())).map(line => Number.parseInt(line, 10));
	} catch {
		// ps exits 1 when nothing matches.
		return [];
	}
}

/** Threads of this process (/proc/self/status), to see worker threads come and go. */
function threadCount(): number {
	return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
}

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
	const deadline = performance.now() + ms;
	while (!check() && performance.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	return check();
}

for (const kind of kinds) {
	test(`${kind}: every image saved and verified, events in the controller's order, usage figures`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const log = eventLog();
			const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
			const result = await race(kind, {urls, slots: 3, dir, onEvent: log.onEvent});
			assert.equal(result.ok, 6);
			assert.equal(result.failed, 0);
			assert.equal(result.aborted, false);
			assertValidOrder(log.events);
			const done = log.events.filter(event => event.type === 'image-done');
			assert.equal(done.length, 6);
			for (const event of done) {
				const file = await read(event.path);
				assert.equal(sha256(file), (await fetchHash(urls[event.index]!)).sha256, `image ${event.index}`);
				const info = inspectImage(file);
				assert.equal(info.contentType, event.contentType);
				assert.equal(info.width, event.width);
			}

			assert.equal(result.bytes, done.reduce((sum, event) => sum + (event.type === 'image-done' ? event.bytes : 0), 0));
			assert.deepEqual((await listFiles(dir)).filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'only the images');
			assert.ok(result.startupMs > 0, `startupMs ${result.startupMs}`);
			assert.ok(result.cpuMs > 0, `cpuMs ${result.cpuMs}`);
			assert.ok(result.peakRssMb >= 0 && Number.isFinite(result.peakRssMb), `peakRssMb ${result.peakRssMb}`);
			if (kind === 'processes') {
				// Each child's own peak is counted: at least a Node process's worth each.
				assert.ok(result.peakRssMb > 3 * 20, `peakRssMb ${result.peakRssMb}`);
			}

			assert.ok(await until(() => children().length === 0), `no child left: ${children().join(', ')}`);
		}));
	});

	test(`${kind}: one worker downloads one image at a time`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const log = eventLog();
			const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
			await race(kind, {urls, slots: 1, dir, onEvent: log.onEvent});
			let inFlight = 0;
			for (const event of log.events) {
				if (event.type === 'image-started') {
					assert.equal(++inFlight, 1, `image ${event.index} started while another was in flight`);
				} else if (event.type === 'image-done' || event.type === 'image-failed') {
					inFlight--;
				}
			}
		}));
	});

	test(`${kind}: a failing image is reported with its reason, a retried one recovers`, async () => {
		await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
			const log = eventLog();
			const urls = [`${imageUrl(server.url, 0)}?status=404`, `${imageUrl(server.url, 1)}?status=503&failFirst=1`, imageUrl(server.url, 2)];
			const result = await race(kind, {urls, slots: 2, dir, onEvent: log.onEvent});
			assertValidOrder(log.events);
			assert.equal(result.ok, 2);
			assert.equal(result.failed, 1);
			const failure = log.events.find(event => event.type === 'image-failed');
			assert.ok(failure?.type === 'image-failed');
			assert.equal(failure.index, 0);
			assert.equal(failure.code, 'ERR_IMGRACE_HTTP_STATUS');
			assert.equal(failure.reason, 'HTTP 404 Not Found');
			const retries = log.events.filter(event => event.type === 'image-retried');
			assert.equal(retries.length, 1);
			assert.ok(retries[0]?.type === 'image-retried' && retries[0].index === 1 && /HTTP 503/.test(retries[0].reason));
		}));
	});

	test(`${kind}: abort mid-run leaves no temp file, no worker and no open connection`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const threadsBefore = threadCount();
			const log = eventLog();
			const controller = new AbortController();
			// Bodies that stop past the in-memory bound (256 KB): each in-flight image has a temp file.
			const urls = Array.from({length: 6}, (_, index) => `${imageUrl(server.url, index)}?size=600000&stall=300000&bandwidth=400000`);
			const result = await race(kind, {urls, slots: 3, dir, signal: controller.signal, onEvent(event) {
				log.onEvent(event);
				if (event.type === 'image-progress' && event.transferred > 280_000 && !controller.signal.aborted) {
					controller.abort();
				}
			}});
			assert.equal(result.aborted, true);
			assert.equal(log.events.at(-1)?.type, 'run-aborted');
			assertValidOrder(log.events);
			assert.ok(result.ok < urls.length, 'stopped before the end');
			assert.deepEqual((await listFiles(dir)).filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'no temp or partial files');
			assert.deepEqual(children(), [], 'no child process left');
			assert.ok(await until(() => threadCount() <= threadsBefore), `threads back to ${threadsBefore}: ${threadCount()}`);
			assert.ok(await until(() => server.openConnections() === 0), 'no connection left open');
		}));
	});
}


test('processes: children stop, clean up and exit when their parent is killed outright', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		// A parent that runs a pool and says when bytes are arriving; then it is SIGKILLed, so none of
		// its own clean-up runs: the children must notice the IPC channel close by themselves.
		const helper = new URL('helpers/race.js', import.meta.url).href;
		// Bodies that stall past the in-memory bound: temp files exist, and nothing ends the downloads.
		const urls = Array.from({length: 4}, (_, index) => `${imageUrl(server.url, index)}?size=600000&stall=300000&bandwidth=400000`);
		const script = `
			const {race} = await import(${JSON.stringify(helper)});
			let said = false;
			await race({strategy: 'processes', asked: 2, urls: ${JSON.stringify(urls)}, folder: ${JSON.stringify(dir)},
				onEvent(event) { if (event.type === 'image-progress' && event.transferred > 280000 && !said) { said = true; console.log('bytes'); } }});
		`;
		const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
		await new Promise<void>((resolve, reject) => {
			parent.stdout.on('data', () => {
				resolve();
			});
			parent.once('exit', code => {
				reject(new Error(`parent exited early (${code})`));
			});
		});
		const orphans = children(parent.pid);
		try {
			assert.equal(orphans.length, 2, 'two children running');
			parent.kill('SIGKILL');
			assert.ok(await until(() => orphans.every(pid => !alive(pid))), `children still running: ${orphans.filter(pid => alive(pid)).join(', ')}`);
			assert.deepEqual((await listFiles(dir)).filter(file => file.endsWith('.part')), [], 'no temp file left');
		} finally {
			// Whatever the outcome, this test leaves nothing running.
			parent.kill('SIGKILL');
			for (const pid of orphans.filter(pid => alive(pid))) {
				process.kill(pid, 'SIGKILL');
			}
		}
	}));
});

/**
 * Send `signal` to one child while every image in flight has a temp file: only the image that child held
 * fails, naming the signal; the other child takes the rest, and no temp file or child is left.
 */
async function signalMidDownload(signal: NodeJS.Signals, client?: ClientName): Promise<void> {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		// Past the in-memory bound (256 KB), slowly: each image in flight has a temp file when the child is signalled.
		const urls = Array.from({length: 3}, (_, index) => `${imageUrl(server.url, index)}?size=600000&bandwidth=300000`);
		let signalled: number | undefined;
		const result = await raceThrough({strategy: 'processes', asked: 2, urls, folder: dir, retries: 0, ...(client ? {client} : {}), onEvent(event) {
			log.onEvent(event);
			if (event.type === 'image-progress' && event.transferred > 280_000 && signalled === undefined) {
				signalled = children()[0];
				process.kill(signalled!, signal);
			}
		}});
		assert.ok(signalled !== undefined, 'a child was signalled');
		assertValidOrder(log.events);
		const failures = log.events.filter(event => event.type === 'image-failed');
		assert.equal(failures.length, 1, 'only the image the child held');
		assert.ok(failures[0]?.type === 'image-failed' && failures[0].code === 'ERR_IMGRACE_WORKER' && failures[0].reason.includes(signal), JSON.stringify(failures[0]));
		assert.equal(result.ok, 2, 'the other child took the rest');
		assert.equal(result.failed, 1);
		assert.deepEqual((await listFiles(dir)).filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'no temp file left');
		assert.ok(await until(() => children().length === 0), `no child left: ${children().join(', ')}`);
	}));
}

// Issue 23 item 5: the pool removes the temp file a killed child was writing (pool.ts, lost()).
for (const client of clients) {
	test(`processes on ${client}: a child SIGKILLed mid-download fails its image, the run goes on, no temp file is left`, async () => {
		await signalMidDownload('SIGKILL', client);
	});
}

// A child cleans up on these and leaves; sent to it alone (not Ctrl+C to the group), its image must not vanish.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
	test(`processes: a child sent ${signal} alone mid-download fails its image as a killed one does`, async () => {
		await signalMidDownload(signal);
	});
}

test('processes: a hung child (SIGSTOP) is killed once its image is past --max-time and the grace, the image fails as timed out, the run ends', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		// Past the in-memory bound, each ~0.5 s: well within the second of --max-time unless the child stops.
		const urls = Array.from({length: 3}, (_, index) => `${imageUrl(server.url, index)}?size=300000&bandwidth=600000`);
		let stopped: number | undefined;
		try {
			const result = await raceThrough({strategy: 'processes', asked: 2, urls, folder: dir, retries: 0, maxTimeMs: 1000, onEvent(event) {
				log.onEvent(event);
				if (event.type === 'image-progress' && event.transferred > 150_000 && stopped === undefined) {
					stopped = children()[0];
					process.kill(stopped!, 'SIGSTOP');
				}
			}});
			assert.ok(stopped !== undefined, 'a child was stopped');
			assertValidOrder(log.events);
			const failures = log.events.filter(event => event.type === 'image-failed');
			assert.equal(failures.length, 1, 'only the image the hung child held');
			assert.ok(failures[0]?.type === 'image-failed' && failures[0].code === 'ERR_IMGRACE_TIMEOUT' && /gave up after 1s/.test(failures[0].reason), JSON.stringify(failures[0]));
			assert.equal(result.ok, 2, 'the other child took the rest');
			assert.ok(await until(() => !alive(stopped!)), 'the hung child was killed');
			assert.deepEqual((await listFiles(dir)).filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'no temp file left');
		} finally {
			if (stopped !== undefined && alive(stopped)) {
				process.kill(stopped, 'SIGKILL');
			}
		}
	}));
});
