import assert from 'node:assert/strict';
import {test} from 'node:test';
import {compareWithBaseline, hasRegression} from '../source/model/baseline-comparison.js';
import {isClientBound, loopLoad} from '../source/model/client-bound.js';
import {imagePhases, runPhases} from '../source/model/image-phases.js';
import {comparedSettings, settingDifferences} from '../source/model/race-settings.js';
import {summariseRepeats} from '../source/model/repeats.js';
import {raceVerdict} from '../source/model/verdict.js';
import {linkCap, sweepPlan, sweepResult, type LevelRuns} from '../source/model/sweep-levels.js';
import {fakeRun, phases} from './helpers/show-records.js';

test('a done image keeps the engine phases; a failed one is queued then retries, both adding up to endMs', () => {
	const record = fakeRun('parallel', [{phases: phases(5, 100)}, {startMs: 20, failAt: 260}]);
	const done = imagePhases(record.images[0]!)!;
	assert.deepEqual(done, phases(5, 100));
	const failed = imagePhases(record.images[1]!)!;
	assert.deepEqual(failed, {queuedMs: 20, retryMs: 240, setupMs: 0, connectMs: 0, sendMs: 0, waitMs: 0, receiveMs: 0, writeMs: 0});
	for (const image of record.images) {
		const sum = Object.values(imagePhases(image)!).reduce((total, value) => total + value, 0);
		assert.equal(sum, image.endMs);
	}
});

test('images not finished have no phases', () => {
	const record = fakeRun('parallel', [{phases: phases(0, 10)}, {phases: phases(0, 10)}], {state: 'aborted'});
	record.images[1]!.status = 'aborted';
	assert.equal(imagePhases(record.images[1]!), undefined);
});

test('run phases sum every finished image and count reused connections', () => {
	const record = fakeRun('sequential', [{phases: phases(0, 100, 10, 2, 3)}, {phases: phases(115, 90), reused: true}, {startMs: 300, failAt: 400}]);
	const totals = runPhases(record);
	assert.equal(totals.images, 3);
	assert.equal(totals.reusedConnections, 1);
	assert.equal(totals.queuedMs, 0 + 115 + 300);
	assert.equal(totals.waitMs, 190);
	assert.equal(totals.retryMs, 100);
	assert.equal(totals.connectMs, 3);
});

test('zero-length phases sum to zero, not NaN', () => {
	const totals = runPhases(fakeRun('parallel', [{phases: phases(0, 0, 0, 0)}]));
	assert.equal(totals.images, 1);
	assert.equal(totals.waitMs + totals.receiveMs + totals.writeMs, 0);
});

test('client-bound: over 90% for the whole run, or in most of its samples', () => {
	assert.equal(isClientBound(0.95, []), true);
	assert.equal(isClientBound(0.5, []), false);
	assert.equal(isClientBound(0.8, [0.95, 0.99, 0.97, 0.2]), true, 'three of four samples saturated');
	assert.equal(isClientBound(0.6, [0.95, 0.2, 0.3, 0.1]), false, 'one busy burst');
	assert.equal(isClientBound(0.6, [0.95, 0.95, 0.3, 0.1]), false, 'half is not most');
	assert.deepEqual(loopLoad(0.5, [0.95, 0.1]), {eventLoopUtilization: 0.5, busyShare: 0.5, clientBound: false});
});

test('client-bound is for download races: CPU-bound work keeps the loop busy on purpose', () => {
	assert.equal(isClientBound(0.99, [0.99, 0.98], 'thumbnail'), false);
	assert.deepEqual(loopLoad(0.99, [0.99], 'thumbnail'), {eventLoopUtilization: 0.99, busyShare: 1, clientBound: false});
	assert.equal(isClientBound(0.99, [0.99, 0.98], 'download'), true);
});

test('a run that saved nothing, or was aborted, is not judged: its busy loop was its own start and end', () => {
	assert.deepEqual(loopLoad(1, [], 'download', false), {eventLoopUtilization: 1, busyShare: 0, clientBound: false});
	assert.equal(loopLoad(1, [], 'download', true).clientBound, true);
});

test('repeated runs group by strategy and leave out runs with failed images', () => {
	const runs = [
		fakeRun('sequential', [{phases: phases(0, 400)}], {runId: 's1'}),
		fakeRun('parallel', [{phases: phases(0, 100)}], {runId: 'p1', concurrency: 4}),
		fakeRun('sequential', [{phases: phases(0, 420)}], {runId: 's2'}),
		fakeRun('parallel', [{startMs: 0, failAt: 50}], {runId: 'p2', concurrency: 4}),
	];
	const summary = summariseRepeats(runs);
	assert.deepEqual(summary.strategies.map(side => [side.strategy, side.wallMs.length, side.leftOut, side.failed]), [['sequential', 2, 0, 0], ['parallel', 1, 1, 1]]);
	assert.match(raceVerdict(runs, {cores: 2}).text, /no verdict: parallel had 1 failed image/);
});

test('repeats: the counted runs alone give the times and the costs; a run that could not start is one left out', () => {
	const runs = [
		fakeRun('sequential', [{startMs: 0, failAt: 50}], {runId: 's1', costs: {cpuMs: 500, peakRssMb: 50, startupMs: 0}}),
		fakeRun('sequential', [{phases: phases(0, 400)}], {runId: 's2', costs: {cpuMs: 10, peakRssMb: 2, startupMs: 0}}),
		fakeRun('sequential', [{phases: phases(0, 420)}], {runId: 's3', costs: {cpuMs: 20, peakRssMb: 4, startupMs: 0}}),
		{strategy: 'parallel', role: 'event-loop', client: 'got', concurrency: 4, work: 'download', outDir: 'o/parallel', images: 3, error: 'cannot create folder o/parallel: a file is in the way', code: 'ERR_IMGRACE_FOLDER'} as const,
	];
	const [sequential, parallel] = summariseRepeats(runs).strategies;
	assert.deepEqual([sequential!.wallMs.length, sequential!.leftOut, sequential!.failed, sequential!.summary?.count], [2, 1, 1, 2]);
	// The failed run's 500 ms of CPU would make a strategy that did all its work look dearer than it is.
	assert.deepEqual(sequential!.costs, {cpuMs: 15, peakRssMb: 3, startupMs: 0});
	assert.deepEqual([parallel!.strategy, parallel!.concurrency, parallel!.wallMs, parallel!.leftOut, parallel!.failed, parallel!.summary], ['parallel', 4, [], 1, 3, undefined]);
	assert.deepEqual(parallel!.costs, {cpuMs: undefined, peakRssMb: undefined, startupMs: undefined});
});

test('baseline: same times are no difference, doubled times are slower and a regression', () => {
	const run = (id: string, ms: number) => fakeRun('parallel', [{phases: phases(0, ms - 12)}], {runId: id, concurrency: 4});
	const now = summariseRepeats([run('a', 100), run('b', 103), run('c', 98)]);
	const same = compareWithBaseline(now, {strategies: [{strategy: 'parallel', concurrency: 4, wallMs: [101, 99, 102]}]});
	assert.equal(same[0]!.comparison!.verdict, 'no difference');
	assert.equal(hasRegression(same), false);
	const slower = compareWithBaseline(now, {strategies: [{strategy: 'parallel', concurrency: 4, wallMs: [50, 51, 49]}]});
	assert.equal(slower[0]!.comparison!.verdict, 'slower');
	assert.equal(hasRegression(slower), true);
	const missing = compareWithBaseline(now, {strategies: [{strategy: 'other', concurrency: 1, wallMs: [1]}]});
	assert.equal(missing[0]!.missing, true);
	assert.equal(hasRegression(missing), false);
});

test('baseline: one run on either side cannot decide, and is never a regression', () => {
	const run = (id: string, ms: number) => fakeRun('parallel', [{phases: phases(0, ms - 12)}], {runId: id, concurrency: 4});
	const one = summariseRepeats([run('a', 200)]);
	const twice = compareWithBaseline(one, {strategies: [{strategy: 'parallel', concurrency: 4, wallMs: [100]}]});
	assert.equal(twice[0]!.comparison!.verdict, 'cannot decide');
	assert.equal(twice[0]!.comparison!.reason, 'too few runs for a test');
	assert.equal(hasRegression(twice), false);
	const many = compareWithBaseline(summariseRepeats([run('a', 200), run('b', 201)]), {strategies: [{strategy: 'parallel', concurrency: 4, wallMs: [100]}]});
	assert.equal(many[0]!.comparison!.verdict, 'cannot decide', 'two runs now, one in the baseline');
});

test('race settings: what differs is named, the source alone when the source differs, unrecorded ones listed', () => {
	const race = {source: 'embedded', images: 8, sourceFingerprint: null, mode: ['sequential', 'parallel'], concurrency: 0, keepAlive: true, client: 'got', work: {name: 'download'}, latencyMs: 200, jitterMs: 0, bandwidth: 0, linkBandwidth: 0, seed: 1, imageBytes: null, runs: 3, warmup: 0};
	assert.deepEqual(settingDifferences({...race, runs: 1, warmup: 2}, race), {differences: [], unrecorded: []}, 'runs and warmup are the sample, not the race');
	assert.deepEqual(settingDifferences({...race, images: 4, latencyMs: 100}, race).differences, [
		'the baseline has 4 images, this race 8 images',
		'the baseline has --latency 100 ms, this race --latency 200 ms',
	]);
	assert.deepEqual(settingDifferences({...race, work: {repeat: 2, name: 'thumbnail', size: 160}}, {...race, work: {name: 'thumbnail', size: 160, repeat: 1}}).differences, [
		'the baseline has --work thumbnail --thumb-size 160 --thumb-repeat 2, this race --work thumbnail --thumb-size 160 --thumb-repeat 1',
	]);
	assert.deepEqual(settingDifferences({...race, work: {size: 160, name: 'thumbnail', repeat: 1}}, {...race, work: {name: 'thumbnail', size: 160, repeat: 1}}).differences, [], 'key order does not matter');
	const url = {...race, source: 'url', sourceFingerprint: 'abc', latencyMs: null, jitterMs: null, bandwidth: null, linkBandwidth: null, seed: null};
	assert.deepEqual(settingDifferences(url, race).differences, ['the baseline has images from --url, this race images from the embedded server']);
	assert.deepEqual(settingDifferences({...url, sourceFingerprint: 'def'}, url).differences, ['the baseline has URL list def, this race URL list abc']);
	// An export from before these were recorded.
	const old = {images: 8, mode: ['sequential', 'parallel'], concurrency: 0, runs: 3, warmup: 0, source: 'embedded', latencyMs: 200, jitterMs: 0, bandwidth: 0, linkBandwidth: 0};
	assert.deepEqual(settingDifferences(old, race), {differences: [], unrecorded: ['sourceFingerprint', 'keepAlive', 'client', 'work', 'seed', 'imageBytes']});
	assert.deepEqual(settingDifferences({}, race).unrecorded, comparedSettings.map(setting => setting.name));
});

const level = (strategy: string, concurrency: number, wallMs: number[], bytes = 1_000_000, asked = [concurrency]): LevelRuns => ({strategy, asked, concurrency, wallMs, bytes: wallMs.map(() => bytes), failedImages: 0});

test('the link caps the ideal: one run of 1 MB at 1 MB/s that took 2 s can get at most 2×', () => {
	assert.equal(linkCap(level('parallel', 1, [2000]), 1_000_000), 2);
	assert.equal(linkCap(level('parallel', 1, [2000]), 0), undefined);
	assert.equal(linkCap(undefined, 1_000_000), undefined);
});

test('sweep: speedup against level 1, the ideal beside it, and where adding concurrency stopped paying', () => {
	const one = level('parallel', 1, [2000, 2000]);
	const levels = [one, level('parallel', 2, [1200, 1220]), level('parallel', 4, [1020, 1000]), level('parallel', 8, [1000, 1010])];
	const result = sweepResult({levels, reference: new Map([['parallel', one]]), images: 8, linkBandwidth: 1_000_000});
	assert.deepEqual(result.levels.map(entry => entry.ideal), [1, 2, 2, 2]);
	assert.equal(result.levels[0]!.speedup, 1);
	assert.equal(result.levels[0]!.speedupSd, 0);
	assert.ok(Math.abs(result.levels[2]!.speedup - (2000 / 1010)) < 1e-9);
	assert.ok(result.levels[1]!.speedupSd! > 0);
	assert.equal(result.stoppedPayingAt, 4);
	assert.deepEqual(result.byStrategy, [{strategy: 'parallel', stoppedPayingAt: 4, stillPayingAt: undefined}]);
});

test('sweep without a link cap is linear up to the image count; one round has no spread', () => {
	const one = level('parallel', 1, [800]);
	const result = sweepResult({levels: [one, level('parallel', 4, [200]), level('parallel', 8, [100], 1_000_000, [16])], reference: new Map([['parallel', one]]), images: 8});
	assert.deepEqual(result.levels.map(entry => entry.ideal), [1, 4, 8]);
	assert.equal(result.levels[1]!.speedupSd, undefined);
	// Best at the widest level (the image count): where the range ended, not where paying stopped.
	assert.equal(result.stoppedPayingAt, undefined);
	assert.deepEqual(result.byStrategy, [{strategy: 'parallel', stoppedPayingAt: undefined, stillPayingAt: 8}]);
	assert.deepEqual(result.levels[2]!.asked, [16]);
});

test('a sweep plan runs each width once: levels above the image count merge into it, level 1 first', () => {
	const upTo10 = (level: number) => Math.min(level, 10);
	assert.deepEqual(sweepPlan([1, 2, 4, 8, 16, 32], upTo10), [
		{width: 1, asked: [1]}, {width: 2, asked: [2]}, {width: 4, asked: [4]}, {width: 8, asked: [8]}, {width: 10, asked: [16, 32]},
	]);
	assert.deepEqual(sweepPlan([32, 4], upTo10), [{width: 1, asked: []}, {width: 4, asked: [4]}, {width: 10, asked: [32]}], 'the reference runs though 1 is not a level');
});
