import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import pMap from 'p-map';
import React from 'react';
import {helpText} from '../source/config/flags.js';
import {parseRaceConfig} from '../source/config/parse-options.js';
import {clientSettings, downloadSettings, race, testRegistry} from './helpers/race.js';
import type {Runner} from '../source/engine/run-spec.js';
import {openImageJobs} from '../source/engine/image-jobs.js';
import {runDownloads} from '../source/engine/controller.js';
import type {EngineEvent} from '../source/engine/events.js';
import {bindRunner} from '../source/entry/bind-runner.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {buildJsonReport, verdictOfRuns} from '../source/output/json-report.js';
import {lineForEvent, verdictLines} from '../source/output/plain-lines.js';
import {imageUrl, type ImageServer} from '../source/server/image-server.js';
import {createRegistry} from '../source/strategies/registry.js';
import type {Strategy} from '../source/strategies/types.js';
import App from '../source/ui/app.js';
import {assertValidOrder, eventLog, listFiles, withTempDir} from './helpers/events.js';
import {renderAt} from './helpers/ink.js';
import {withServer} from './helpers/server.js';

const quick = {latencyMs: 20, jitterMs: 0, bandwidth: 2_000_000};

/**
 * A strategy that exists only in this file: the even images first, then the odd ones, half the list
 * wide whatever was asked for. It joins this file's own registry without touching any file of source/.
 */
const everyOther: Strategy = {
	name: 'every-other',
	title: 'Every other',
	key: 'e',
	role: 'event-loop',
	slots: (_asked, count) => Math.max(1, Math.ceil(count / 2)),
	async run(spec, context) {
		const jobs = await openImageJobs(spec, context);
		const indexes = spec.urls.map((_, index) => index);
		const order = [...indexes.filter(index => index % 2 === 0), ...indexes.filter(index => index % 2 === 1)];
		try {
			await pMap(order, async index => jobs.run(index), {concurrency: spec.slots});
		} finally {
			jobs.close();
		}
	},
};

const registry = testRegistry([everyOther]);

function urlsOf(server: ImageServer, count: number): string[] {
	return Array.from({length: count}, (_, index) => imageUrl(server.url, index));
}

test('--mode: names, both, all, comma lists; unknown names, and a name given twice, are refused', () => {
	assert.deepEqual(registry.parseModes('both'), ['sequential', 'parallel']);
	assert.deepEqual(registry.parseModes('parallel'), ['parallel']);
	assert.deepEqual(registry.parseModes('all'), ['sequential', 'parallel', 'threads', 'processes', 'pipeline', 'every-other']);
	assert.deepEqual(registry.parseModes('every-other, sequential'), ['every-other', 'sequential']);
	assert.throws(() => registry.parseModes('both,parallel'), /^Error: --mode names 'parallel' twice \(both includes it\)/, 'a name both or all already holds would run once, not twice as written');
	assert.throws(() => registry.parseModes('threads, parallel,threads'), /^Error: --mode names 'threads' twice: each strategy runs once a round \(to run it again, use --runs N\)$/);
	assert.throws(() => registry.parseModes('fast'), /--mode must be sequential, parallel, threads, processes, pipeline, every-other, both or all \(or a comma list of names\), got 'fast'/);
	assert.throws(() => registry.parseModes('sequential,'), /got 'sequential,'/);
	assert.equal(registry.modeChoices(), 'sequential | parallel | threads | processes | pipeline | every-other | both | all');
});

test('the help lists every registered strategy\'s rerun key', () => {
	assert.match(helpText('race', registry), /^ {2}s {2}rerun sequential {3}p {2}rerun parallel {3}w {2}rerun threads {3}c {2}rerun processes {3}i {2}rerun pipeline {3}e {2}rerun every-other {3}r {2}rerun all$/m);
	const more = testRegistry([everyOther, {...everyOther, name: 'odd', key: 'o'}]);
	assert.match(helpText('race', more), /e {2}rerun every-other {3}o {2}rerun odd {3}r {2}rerun all$/m);
});

test('a name or key already taken cannot be in one registry twice', () => {
	assert.throws(() => createRegistry([...registry.all, {...everyOther}]), /cannot register a strategy named 'every-other'/);
	assert.throws(() => createRegistry([...registry.all, {...everyOther, name: 'odd', key: 's'}]), /key 's' is taken/);
	assert.throws(() => createRegistry([...registry.all, {...everyOther, name: 'all', key: 'x'}]), /named 'all'/);
	assert.ok(testRegistry([everyOther, {...everyOther, name: 'odd', key: 'o'}]).names().includes('odd'));
	assert.deepEqual(registry.names(), ['sequential', 'parallel', 'threads', 'processes', 'pipeline', 'every-other'], 'each registry is its own value');
});

test('the controller runs a registered strategy: its slots rule, its order, every image saved', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const log = eventLog();
		const result = await race({strategy: everyOther, asked: 1, urls: urlsOf(server, 6), folder: dir, onEvent: log.onEvent});
		assert.equal(result.strategy, 'every-other');
		assert.equal(result.concurrency, 3, 'half the list wide, not the 1 asked for');
		assert.equal(result.ok, 6);
		assert.equal(result.bytes, log.events.filter(event => event.type === 'image-done').reduce((sum, event) => sum + (event.type === 'image-done' ? event.bytes : 0), 0));
		const started = log.events.filter(event => event.type === 'image-started').map(event => (event as Extract<EngineEvent, {type: 'image-started'}>).index);
		assert.deepEqual(started.slice(0, 3).sort(), [0, 2, 4], 'the even images go first');
		const files = (await listFiles(dir)).sort();
		assert.equal(files.length, 6, files.join(', '));
		assert.ok(files.every((file, index) => new RegExp(`^00${index + 1}\\.(jpg|png)$`).test(file)), files.join(', '));
		assertValidOrder(log.events);
	}));
});

test('an unknown strategy is refused by the runner before anything is made or downloaded', async () => {
	await withTempDir(async dir => {
		const log = eventLog();
		const runner = bindRunner(parseRaceConfig({out: dir}, registry), {urls: ['http://127.0.0.1:9/x.jpg'], ca: undefined, signal: new AbortController().signal, registry});
		await assert.rejects(runner({strategy: 'nope', asked: 1, onEvent: log.onEvent}), /unknown strategy 'nope' \(known: sequential, parallel, threads, processes, pipeline, every-other\)/);
		assert.deepEqual(log.events, []);
		assert.equal(existsSync(path.join(dir, 'nope')), false, 'no folder was made for it');
	});
});

test('the JSON report and the plain lines carry a third strategy', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const records: RunRecord[] = [];
		const lines: string[] = [];
		for (const strategy of registry.parseModes('both,every-other')) {
			let record: RunRecord | undefined;
			await runDownloads(registry.named(strategy), {asked: 4, urls: urlsOf(server, 4), folder: path.join(dir, strategy), download: downloadSettings(), client: clientSettings(), work: {name: 'download'}}, {
				emit(event) {
					if (event.type === 'run-started') {
						record = createRunRecord(event);
						records.push(record);
					}

					applyEvent(record!, event);
					const line = lineForEvent(record!, event);
					if (line !== undefined) {
						lines.push(line);
					}
				},
			});
		}

		const report = buildJsonReport(records, '0.0.0');
		assert.deepEqual(report.runs.map(run => [run.strategy, run.concurrency, run.ok]), [['sequential', 1, 4], ['parallel', 4, 4], ['every-other', 2, 4]]);
		assert.equal(report.runs[2]!.images.length, 4);
		assert.ok(report.runs[2]!.images.every(image => image.status === 'done' && image.path?.startsWith(path.join(dir, 'every-other'))));
		assert.match(report.verdict?.text ?? '', /^(sequential|parallel×4|every-other×2) [0-9.]+× faster than (sequential|parallel×4|every-other×2) \((sequential|parallel|every-other) \S+ vs (sequential|parallel|every-other) \S+\)/);
		assert.ok(report.verdict?.winner && report.verdict.against && report.verdict.winner !== report.verdict.against, 'a strategy the test registered is judged as any other');
		assert.equal(typeof report.speedup, 'number');
		assert.ok(lines.some(line => /^every-other×2: 4 ok, 0 failed/.test(line)), lines.join('\n'));
		assert.equal(verdictLines(verdictOfRuns(records)!)[0], report.verdict?.text, 'the plain line gives the JSON\'s words');
	}));
});

test('the live UI shows a third panel, its key in the footer, and a third summary column', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const urls = urlsOf(server, 4);
		const runner: Runner = async ({strategy, asked, signal, onEvent}) => race({strategy: registry.named(strategy), asked, urls, folder: path.join(dir, strategy), ...(signal ? {signal} : {}), onEvent});
		const quits: string[] = [];
		const app = renderAt(<App registry={registry} runner={runner} imageCount={4} mode={registry.parseModes('both,every-other')} asked={4} onQuit={reason => quits.push(reason)}/>, {columns: 160, rows: 48});
		try {
			const end = await app.waitFor(frame => /Every other ×2\s+done/.test(frame) && /faster/.test(frame), 'the third run and the summary', 20_000);
			assert.match(end, /^Sequential ×1 .*Parallel ×4 .*Every other ×2 /m, 'three panels side by side');
			assert.match(end, /Summary\s+Sequential\s+Parallel ×4\s+Every other ×2/);
			assert.match(end, /s sequential\s+p parallel\s+e every-other\s+r all/);
			assert.equal((await listFiles(path.join(dir, 'every-other'))).length, 4, 'its images were saved');
			await app.press('q');
			await app.waitFor(() => quits.length > 0, 'the app to quit');
		} finally {
			app.unmount();
		}
	}));
});

test('a strategy\'s code is loaded before its run\'s clock starts: the first strategy of a race pays for no import', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		let loadedAt = Number.POSITIVE_INFINITY;
		const slowToLoad: Strategy = {
			...everyOther,
			name: 'slow-to-load',
			async load() {
				await new Promise(resolve => setTimeout(resolve, 50));
				loadedAt = performance.now();
			},
		};
		const log = eventLog();
		const result = await race({strategy: slowToLoad, asked: 1, urls: [imageUrl(server.url, 0)], folder: dir, onEvent: log.onEvent});
		assert.equal(result.ok, 1);
		const started = log.events.find(event => event.type === 'run-started')!;
		assert.ok(started.at >= loadedAt, 'run-started, where the wall time starts, comes after the import');
	}));
});

test('every built-in strategy can load its code ahead of its run', async () => {
	for (const strategy of testRegistry().all) {
		assert.equal(typeof strategy.load, 'function', strategy.name);
		await strategy.load!();
	}
});
