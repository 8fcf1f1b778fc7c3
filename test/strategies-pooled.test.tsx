import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createRequire, syncBuiltinESMExports} from 'node:module';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import jpeg from 'jpeg-js';
import React from 'react';
import {openImageJobs} from '../source/engine/image-jobs.js';
import {runPool} from '../source/executors/pool.js';
import type {Runner, RunResult, Strategy} from '../source/engine/run-spec.js';
import type {EngineEvent} from '../source/engine/events.js';
import {inspectImage} from '../source/engine/image-check.js';
import {imageUrl} from '../source/server/image-server.js';
import App from '../source/ui/app.js';
import {assertValidOrder, eventLog, fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {renderAt} from './helpers/ink.js';
import {withServer} from './helpers/server.js';
import {race, raceFailedAndRetried, testRegistry} from './helpers/race.js';
import {clients} from './helpers/clients.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {imagePhases} from '../source/model/image-phases.js';

const registry = testRegistry();

const quick = {latencyMs: 20, jitterMs: 0, bandwidth: 2_000_000};
const pooled = ['threads', 'processes'] as const;
const settings = {maxRetryDelayMs: 200};

/** Processes whose parent is this one (the test file's process), from the process table. */
function children(): string[] {
	const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], {encoding: 'utf8'});
	return table.split('\n').filter(line => line.trim().split(/\s+/)[1] === String(process.pid) && !/\bps -eo\b/.test(line));
}

async function noChildrenSoon(): Promise<string[]> {
	const deadline = performance.now() + 5000;
	while (children().length > 0 && performance.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	return children();
}

function done(events: readonly EngineEvent[]) {
	return events.filter((event): event is Extract<EngineEvent, {type: 'image-done'}> => event.type === 'image-done');
}

for (const name of pooled) {
	test(`${name}: the controller runs it like any strategy: every image verified, phases from the run's start, costs on run-finished`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const log = eventLog();
			const urls = Array.from({length: 5}, (_, index) => imageUrl(server.url, index));
			const result = await race({strategy: name, asked: 3, urls, folder: dir, onEvent: log.onEvent, ...settings});
			assert.equal(result.ok, 5);
			assert.equal(result.concurrency, 3);
			assertValidOrder(log.events);
			const started = log.events[0]!;
			for (const event of done(log.events)) {
				assert.equal(sha256(await readFile(event.path)), (await fetchHash(urls[event.index]!)).sha256, `image ${event.index}`);
				const phases = event.phases!;
				const sum = Object.values(phases).reduce((total, value) => total + value, 0);
				// The worker's clock is moved onto the main thread's: the phases add up to the image's end.
				assert.ok(phases.queuedMs >= 0 && Math.abs(sum - (event.at - started.at)) < 50, `phases ${JSON.stringify(phases)} vs ${event.at - started.at}`);
			}

			const finished = log.events.at(-1)!;
			assert.equal(finished.type, 'run-finished');
			assert.ok(finished.type === 'run-finished' && finished.startupMs! > 0 && finished.cpuMs! > 0 && finished.peakRssMb! >= 0, JSON.stringify(finished));
			assert.equal(result.startupMs, finished.type === 'run-finished' ? finished.startupMs : -1);
			assert.deepEqual(await noChildrenSoon(), []);
		}));
	});

	test(`${name}: each image's events keep the times the worker took them: its start is its queued phase, its time covers its first byte`, async () => {
		// Four workers, ready one after another: the first ones start images before the last is ready, and
		// their events reach this thread after the pool has said so.
		await withServer({latencyMs: 100, jitterMs: 0, bandwidth: 2_000_000}, async server => withTempDir(async dir => {
			const log = eventLog();
			const urls = Array.from({length: 12}, (_, index) => imageUrl(server.url, index));
			const result = await race({strategy: name, asked: 4, urls, folder: dir, onEvent: log.onEvent, ...settings});
			assert.equal(result.ok, 12);
			assertValidOrder(log.events);
			const runAt = log.events[0]!.at;
			const startedAt = new Map(log.events.flatMap(event => event.type === 'image-started' ? [[event.index, event.at]] : []));
			for (const event of done(log.events)) {
				const started = startedAt.get(event.index)! - runAt;
				assert.ok(Math.abs(started - event.phases!.queuedMs) < 5, `image ${event.index}: started at ${started.toFixed(1)} ms, queued for ${event.phases!.queuedMs.toFixed(1)} ms`);
				assert.ok(event.at - startedAt.get(event.index)! >= event.ttfbMs - 1, `image ${event.index}: ${(event.at - startedAt.get(event.index)!).toFixed(1)} ms from start to end, ${event.ttfbMs.toFixed(1)} ms to its first byte`);
			}
		}));
	});

	test(`${name}: a failed image and a retried one are reported like the others`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			await raceFailedAndRetried(server.url, {strategy: name, asked: 2, folder: dir, ...settings});
		}));
	});

	test(`${name}: an aborted run leaves no temp file and no worker or child`, async () => {
		await withServer({latencyMs: 100, jitterMs: 0, bandwidth: 300_000}, async server => withTempDir(async dir => {
			const log = eventLog();
			const stop = new AbortController();
			const urls = Array.from({length: 8}, (_, index) => imageUrl(server.url, index));
			const running = race({strategy: name, asked: 2, urls, folder: dir, onEvent: log.onEvent, signal: stop.signal});
			await log.seen(event => event.type === 'image-progress');

			stop.abort();
			const result = await running;
			assert.equal(result.aborted, true);
			assert.equal(log.events.at(-1)?.type, 'run-aborted');
			assert.ok(result.ok < 8, `${result.ok} done`);
			assert.deepEqual((await listFiles(dir)).filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'no temp file');
			assert.deepEqual(await noChildrenSoon(), [], 'no child process left');
		}));
	});
}

for (const name of ['sequential', 'parallel', ...pooled]) {
	test(`${name} --work thumbnail: a valid smaller JPEG beside each image, its time a phase of its own`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const log = eventLog();
			const urls = Array.from({length: 4}, (_, index) => imageUrl(server.url, index));
			const result = await race({strategy: name, asked: 2, urls, folder: dir, onEvent: log.onEvent, work: {name: 'thumbnail', size: 64, repeat: 1}});
			assert.equal(result.ok, 4);
			for (const event of done(log.events)) {
				const thumbPath = event.path.replace(/\.(jpg|png)$/, '.thumb.jpg');
				const thumb = jpeg.decode(await readFile(thumbPath));
				assert.equal(Math.max(thumb.width, thumb.height), 64, thumbPath);
				assert.ok(thumb.width < event.width && thumb.height < event.height);
				assert.equal(inspectImage(await readFile(thumbPath)).contentType, 'image/jpeg');
				assert.ok(event.phases?.thumbnailMs !== undefined && event.phases.thumbnailMs > 0, JSON.stringify(event.phases));
			}

			const files = await listFiles(dir);
			assert.equal(files.filter(file => file.endsWith('.thumb.jpg')).length, 4, files.join(', '));
			assert.deepEqual(files.filter(file => !/^\d{3}\.(jpg|png|thumb\.jpg)$/.test(file)), []);
		}));
	});
}

test('a thumbnail that cannot be written fails its image with the reason, and is not retried as a download', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		// Someone else's file where the thumbnail would go: the folder guard refuses to replace it.
		await writeFile(path.join(dir, '001.thumb.jpg'), 'not ours');
		const log = eventLog();
		const urls = [imageUrl(server.url, 0), imageUrl(server.url, 1)];
		const result = await race({strategy: 'threads', asked: 2, urls, folder: dir, onEvent: log.onEvent, work: {name: 'thumbnail', size: 32, repeat: 1}});
		assert.deepEqual([result.ok, result.failed], [1, 1]);
		const failed = log.events.find(event => event.type === 'image-failed');
		assert.ok(failed?.type === 'image-failed' && failed.index === 0 && failed.code === 'ERR_IMGRACE_WRITE' && failed.retries === 0 && /001\.thumb\.jpg/.test(failed.reason), JSON.stringify(failed));
		assert.equal(log.events.filter(event => event.type === 'image-retried').length, 0, 'no retry');
		assert.equal(await readFile(path.join(dir, '001.thumb.jpg'), 'utf8'), 'not ours');
	}));
});

// Issue 23 item 25: a failed thumbnail's time is the download's and the thumbnail's, not failed attempts.
for (const client of clients) {
	test(`on ${client}: a thumbnail that fails keeps the download's phases and its own; no retry time`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			await writeFile(path.join(dir, '001.thumb.jpg'), 'not ours');
			let record: RunRecord | undefined;
			const log = eventLog();
			await race({strategy: 'threads', asked: 1, client, urls: [imageUrl(server.url, 0)], folder: dir, onEvent(event) {
				log.onEvent(event);
				record ??= event.type === 'run-started' ? createRunRecord(event) : undefined;
				applyEvent(record!, event);
			}, work: {name: 'thumbnail', size: 32, repeat: 1}});
			const failed = log.events.find(event => event.type === 'image-failed');
			assert.ok(failed?.type === 'image-failed' && failed.code === 'ERR_IMGRACE_WRITE', JSON.stringify(failed));
			const phases = imagePhases(record!.images[0]!)!;
			assert.equal(phases.retryMs, 0, JSON.stringify(phases));
			assert.ok(phases.waitMs > 0 && phases.thumbnailMs !== undefined, JSON.stringify(phases));
			const sum = Object.values(phases).reduce((total, value) => total + value, 0);
			assert.ok(Math.abs(sum - record!.images[0]!.endMs!) < 1, `phases add up to ${sum}, the image ended at ${record!.images[0]!.endMs}`);
		}));
	});
}

test('work that fails with no imgrace code fails the image as ERR_IMGRACE_THUMBNAIL, once', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const broken: Strategy = {...registry.named('parallel'), name: 'broken-work', async run(spec, context) {
			const jobs = await openImageJobs(spec, context, async () => {
				throw new Error('decoder exploded');
			});
			await Promise.all(spec.urls.map(async (_url, index) => jobs.run(index)));
			jobs.close();
		}};
		const result = await race({strategy: broken, asked: 2, urls: [imageUrl(server.url, 0)], folder: dir, onEvent: log.onEvent});
		assert.deepEqual([result.ok, result.failed], [0, 1]);
		const failed = log.events.find(event => event.type === 'image-failed');
		assert.ok(failed?.type === 'image-failed' && failed.code === 'ERR_IMGRACE_THUMBNAIL' && failed.reason === 'decoder exploded' && failed.retries === 0, JSON.stringify(failed));
	}));
});

test('the live UI: w reruns threads mid-run, the aborted run leaves no temp file, and the panel ends done', async () => {
	await withServer({latencyMs: 150, jitterMs: 0, bandwidth: 500_000}, async server => {
		const outDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-ui-pooled-'));
		const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
		const results: RunResult[] = [];
		const runner: Runner = async ({strategy, asked, signal, onEvent}) => {
			const result = await race({strategy, asked, urls, folder: path.join(outDir, strategy), ...(signal ? {signal} : {}), onEvent});
			results.push(result);
			return result;
		};

		const app = renderAt(<App registry={registry} runner={runner} imageCount={6} mode={['threads']} asked={2} exitWhenDone={false}/>, {columns: 100, rows: 40});
		try {
			await app.waitFor(frame => /Threads ×2\s+\S+ running/.test(frame) && /✓/.test(frame), 'threads under way', 15_000);
			await app.press('w');
			await app.waitFor(() => results.length >= 1, 'the first run to end', 10_000);
			assert.equal(results[0]!.aborted, true, 'the rerun aborted the run in flight');
			await app.waitFor(frame => /Threads ×2\s+done/.test(frame) && results.length === 2, 'the rerun done', 20_000);
			assert.equal(results[1]!.ok, 6);
			const leftovers = (await readdir(path.join(outDir, 'threads'))).filter(name => !/^\d+\.(jpg|png)$/.test(name) && name !== '.imgrace-manifest.json');
			assert.deepEqual(leftovers, []);
			assert.deepEqual(await noChildrenSoon(), []);
			await app.press('q');
		} finally {
			app.unmount();
		}
	});
});

test('processes: an abort while the children start is heard between two of them, not after the last has started, and the time they took is the start-up', async () => {
	// Each start is counted where the pool makes it (child_process.fork), and the abort comes at the
	// first turn of the event loop after the first one.
	const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
	const fork = childProcess.fork;
	const stop = new AbortController();
	let forks = 0;
	childProcess.fork = ((...args: Parameters<typeof fork>) => {
		if (forks++ === 0) {
			setImmediate(() => {
				stop.abort();
			});
		}

		return fork(...args);
	}) as typeof fork;
	syncBuiltinESMExports();
	try {
		await withTempDir(async dir => {
			let workers = 0;
			const processes = registry.named('processes');
			const result = await race({strategy: {...processes, run: async (spec, context) => runPool('processes', spec, context)}, asked: 32, urls: Array.from({length: 32}, (_, index) => `http://127.0.0.1:9/${index}.jpg`), folder: dir, signal: stop.signal, onEvent(event) {
				workers = event.type === 'run-workers' ? event.workers : workers;
			}});
			assert.equal(result.aborted, true);
			assert.ok(workers > 8, `${workers} children planned`);
			assert.ok(forks < workers, `${forks} of ${workers} children started before the abort was heard`);
			// Those that started were starting until the abort stopped them: start-up is that time, not 0.
			assert.ok(result.startupMs > 0, `startupMs ${result.startupMs}`);
			assert.deepEqual(await noChildrenSoon(), []);
		});
	} finally {
		childProcess.fork = fork;
		syncBuiltinESMExports();
	}
});
