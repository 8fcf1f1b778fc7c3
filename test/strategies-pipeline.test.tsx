import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import jpeg from 'jpeg-js';
import React from 'react';
import type {EngineEvent} from '../source/engine/events.js';
import type {JsonReport} from '../source/output/json-report.js';
import type {Runner, RunResult} from '../source/engine/run-spec.js';
import {imageUrl} from '../source/server/image-server.js';
import App from '../source/ui/app.js';
import {cliPath, runCli} from './helpers/cli.js';
import {assertValidOrder, eventLog, fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {renderAt} from './helpers/ink.js';
import {race, raceFailedAndRetried, testRegistry} from './helpers/race.js';
import {withServer} from './helpers/server.js';

const registry = testRegistry();
const quick = {latencyMs: 20, jitterMs: 0, bandwidth: 2_000_000};
const thumbnail = {name: 'thumbnail', size: 64, repeat: 1} as const;

/** This process's threads, from /proc: the pool's threads are threads of this process, not children. */
function threadCount(): number {
	return readdirSync('/proc/self/task').length;
}

/** The threads' names (a worker thread's is its own), for a message that says which are left. */
function threadNames(): string {
	return readdirSync('/proc/self/task').map(id => readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim()).join(', ');
}

/** Waits until the process has no more threads than `before`; the count it ended on. */
async function threadsBackTo(before: number): Promise<number> {
	// A thread ends a moment after its Worker says so; a loaded machine makes that moment longer.
	const deadline = performance.now() + 10_000;
	while (threadCount() > before && performance.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	return threadCount();
}

function done(events: readonly EngineEvent[]) {
	return events.filter((event): event is Extract<EngineEvent, {type: 'image-done'}> => event.type === 'image-done');
}

/** A race on this thread first, so libuv's own pool threads (started by file I/O) are in the count before. */
async function warm(server: {url: string}, dir: string): Promise<number> {
	await race({strategy: 'parallel', asked: 2, urls: [imageUrl(server.url, 0)], folder: path.join(dir, 'warm'), onEvent() {}});
	return threadCount();
}

test('pipeline --work thumbnail: every image and thumbnail verified, each image waits for a core then works, costs counted as for threads, no thread left', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const before = await warm(server, dir);
		const log = eventLog();
		const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
		const folder = path.join(dir, 'pipeline');
		const result = await race({strategy: 'pipeline', asked: 0, urls, folder, onEvent: log.onEvent, work: thumbnail});
		assert.equal(result.ok, 6);
		assert.equal(result.concurrency, 6, 'downloads one slot per image, as parallel');
		assertValidOrder(log.events);
		const workers = log.events.filter(event => event.type === 'run-workers');
		const cores = Math.min(os.availableParallelism(), 6);
		assert.deepEqual(workers.map(event => event.type === 'run-workers' && [event.workers, event.ready]), [[cores, false], [cores, true]], 'the pool says it is starting, then ready');
		for (const event of done(log.events)) {
			assert.equal(sha256(await readFile(event.path)), (await fetchHash(urls[event.index]!)).sha256, `image ${event.index}`);
			const thumb = jpeg.decode(await readFile(event.path.replace(/\.(jpg|png)$/, '.thumb.jpg')));
			assert.equal(Math.max(thumb.width, thumb.height), 64);
			const stages = log.events.filter(each => each.type === 'image-work' && each.index === event.index).map(each => each.type === 'image-work' && each.stage);
			assert.deepEqual(stages, ['waiting', 'working'], `image ${event.index}: waiting for a core, then working`);
			assert.ok(event.phases?.thumbnailMs !== undefined && event.phases.thumbnailMs > 0 && event.phases.workQueuedMs !== undefined, JSON.stringify(event.phases));
		}

		const finished = log.events.at(-1)!;
		assert.ok(finished.type === 'run-finished' && finished.startupMs! > 0 && finished.cpuMs! > 0 && finished.peakRssMb! >= 0, JSON.stringify(finished));
		const files = await listFiles(folder);
		assert.deepEqual(files.filter(file => !/^\d{3}\.(jpg|png|thumb\.jpg)$/.test(file)), [], 'no temp file');
		assert.equal(files.filter(file => file.endsWith('.thumb.jpg')).length, 6);
		assert.ok(await threadsBackTo(before) <= before, `the pool's threads ended with the run: ${before} before, now ${threadNames()}`);
	}));
});

test('pipeline on download work is parallel plus nothing: no pool, start-up 0', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = Array.from({length: 4}, (_, index) => imageUrl(server.url, index));
		const result = await race({strategy: 'pipeline', asked: 0, urls, folder: dir, onEvent: log.onEvent});
		assert.equal(result.ok, 4);
		assert.equal(result.concurrency, 4);
		assert.equal(result.startupMs, 0);
		assert.equal(log.events.filter(event => event.type === 'run-workers' || event.type === 'image-work').length, 0);
	}));
});

test('pipeline: a failed image and a retried one are reported like the others; the failed one never reaches a core', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const events = await raceFailedAndRetried(server.url, {strategy: 'pipeline', asked: 2, folder: dir, work: thumbnail, maxRetryDelayMs: 200});
		assert.equal(events.filter(event => event.type === 'image-work' && event.index === 0).length, 0);
		const files = await listFiles(dir);
		assert.deepEqual(files.filter(file => file.startsWith('001')), [], 'nothing of the failed image');
		assert.equal(files.filter(file => file.endsWith('.thumb.jpg')).length, 2, files.join(', '));
	}));
});

test('pipeline: a run aborted mid-way leaves no temp file and no pool thread', async () => {
	await withServer({latencyMs: 60, jitterMs: 0, bandwidth: 400_000}, async server => withTempDir(async dir => {
		const before = await warm(server, dir);
		const log = eventLog();
		const stop = new AbortController();
		const urls = Array.from({length: 10}, (_, index) => imageUrl(server.url, index));
		const folder = path.join(dir, 'pipeline');
		const running = race({strategy: 'pipeline', asked: 0, urls, folder, onEvent: log.onEvent, signal: stop.signal, work: {name: 'thumbnail', size: 64, repeat: 40}});
		await log.seen(event => event.type === 'image-work' && event.stage === 'working');

		stop.abort();
		const result = await running;
		assert.equal(result.aborted, true);
		assert.equal(log.events.at(-1)?.type, 'run-aborted');
		assert.ok(result.ok < 10, `${result.ok} done`);
		assert.deepEqual((await listFiles(folder)).filter(file => !/^\d{3}\.(jpg|png|thumb\.jpg)$/.test(file)), [], 'no temp file');
		assert.ok(await threadsBackTo(before) <= before, `${before} threads before the run, now ${threadNames()}`);
	}));
});

test('pipeline: SIGINT to the process group mid-thumbnail exits 130, no temp file, nothing of imgrace alive', async () => {
	await withTempDir(async dir => {
		const child = spawn(process.execPath, [cliPath, '--mode', 'pipeline', '--work', 'thumbnail', '--thumb-repeat', '30', '--count', '8', '--out', dir, '--latency', '50', '--jitter', '0', '--bandwidth', '0'], {detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, CI: 'true'}});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
		const deadline = performance.now() + 20_000;
		// The first image done: the pool has started and thumbnails are being made.
		while (!/^pipeline×8 \d{3} /m.test(stdout) && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		process.kill(-child.pid!, 'SIGINT');
		assert.equal(await exited, 130, stdout);
		const files = await listFiles(path.join(dir, 'pipeline'));
		assert.deepEqual(files.filter(file => !/^\d{3}\.(jpg|png|thumb\.jpg)$/.test(file)), [], 'no temp file');
		assert.ok(files.length < 16, `the run was cut short: ${files.length} files`);
	});
});

test('the live UI: i reruns the pipeline mid-run, the aborted run leaves no temp file, and the panel ends done', async () => {
	await withServer({latencyMs: 150, jitterMs: 0, bandwidth: 500_000}, async server => {
		const outDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-ui-pipeline-'));
		const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
		const results: RunResult[] = [];
		const runner: Runner = async ({strategy, asked, signal, onEvent}) => {
			const result = await race({strategy, asked, urls, folder: path.join(outDir, strategy), ...(signal ? {signal} : {}), onEvent, work: thumbnail});
			results.push(result);
			return result;
		};

		const app = renderAt(<App registry={registry} runner={runner} imageCount={6} mode={['pipeline']} asked={0} work="thumbnail" exitWhenDone={false}/>, {columns: 100, rows: 40});
		try {
			await app.waitFor(frame => /Pipeline ×6\s+\S+ running/.test(frame) && /✓|working|queued for a core/.test(frame), 'the pipeline under way', 15_000);
			await app.press('i');
			await app.waitFor(() => results.length >= 1, 'the first run to end', 10_000);
			assert.equal(results[0]!.aborted, true, 'the rerun aborted the run in flight');
			await app.waitFor(frame => /Pipeline ×6\s+done/.test(frame) && results.length === 2, 'the rerun done', 30_000);
			assert.equal(results[1]!.ok, 6);
			const leftovers = (await readdir(path.join(outDir, 'pipeline'))).filter(name => !/^\d+\.(jpg|png|thumb\.jpg)$/.test(name) && name !== '.imgrace-manifest.json');
			assert.deepEqual(leftovers, []);
			await app.press('q');
		} finally {
			app.unmount();
		}
	});
});

// Node before 22.19 has no process.threadCpuUsage: each pool thread's figure is then the whole process's.
test('pipeline on a Node without per-thread CPU: the run\'s CPU is the process\'s, never each thread\'s copy of it summed', async () => {
	await withTempDir(async dir => {
		const preload = path.join(dir, 'no-thread-cpu.cjs');
		await writeFile(preload, 'delete process.threadCpuUsage;\n');
		const result = await runCli(['--mode', 'pipeline', '--work', 'thumbnail', '--count', '4', '--thumb-repeat', '12', '--latency', '0', '--jitter', '0', '--bandwidth', '0', '--json', '--out', path.join(dir, 'out')], {env: {NODE_OPTIONS: `--require ${preload}`}, timeoutMs: 120_000});
		assert.equal(result.code, 0, result.stderr);
		const run = (JSON.parse(result.stdout) as JsonReport).runs[0]!;
		assert.equal(run.ok, 4);
		// Two pool threads and this one cannot burn more than every core for the whole run.
		const most = (run.wallMs! * os.availableParallelism() * 1.1) + 100;
		assert.ok(run.cpuMs! <= most, `cpu ${run.cpuMs} ms in a ${run.wallMs} ms run on ${os.availableParallelism()} cores`);
	});
});
