import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Runner, RunResult} from '../source/engine/run-spec.js';
import {createFrameScheduler} from '../source/ui/live/frame-scheduler.js';
import {createRerunQueue} from '../source/ui/live/rerun-queue.js';
import {fakeRunner, uniformImages, type FakeRunnerOptions} from './helpers/fake-runner.js';
import {settled} from './helpers/fake-time.js';
import {track} from './helpers/session.js';
import {labelsForWork} from '../source/ui/live/strategy-labels.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();
/** The classic pair's panels, as a race with no --mode shows them. */
const panels = {strategies: registry.parseModes('both'), labels: labelsForWork(registry, undefined)};

/** Mid-run, by the events: run `run` of the log has finished an image. */
function imageDone(log: NonNullable<FakeRunnerOptions['log']>, run: number): boolean {
	return log[run]?.events.some(event => event.type === 'image-done') ?? false;
}

function session(options: Partial<FakeRunnerOptions> & {count?: number; concurrency?: number} = {}) {
	const log: NonNullable<FakeRunnerOptions['log']> = [];
	const count = options.count ?? 4;
	const runner = fakeRunner({images: uniformImages(count, 20_000), latencyMs: 5, bytesPerSecond: 1_000_000, ...options, log});
	const store = createFrameScheduler({...panels, imageCount: count, concurrency: options.concurrency ?? 2});
	return {store, race: createRerunQueue({runner, store}), log};
}

test('rerun queue: both runs sequential first, then parallel, never at once', async () => {
	const {store, race, log} = session();
	race.run(['sequential', 'parallel']);
	assert.equal(race.active(), 'sequential');
	await race.idle();
	assert.deepEqual(log.map(run => [run.strategy, run.concurrency, run.result?.aborted]), [['sequential', 1, false], ['parallel', 2, false]]);
	const seqEnd = log[0]!.events.at(-1)!.at;
	const parStart = log[1]!.events[0]!.at;
	assert.ok(parStart >= seqEnd, 'parallel starts after sequential ended');
	assert.equal(track(store.state, 'sequential').history.length, 1);
	assert.equal(track(store.state, 'parallel').history.length, 1);
	store.close();
});

test('rerun queue: a rerun aborts the run in flight and awaits it before starting', async () => {
	const {store, race, log} = session({count: 20});
	race.run(['sequential', 'parallel']);
	await settled(() => imageDone(log, 0), 'an image of the sequential run');
	race.run(['parallel']);
	await race.idle();
	assert.deepEqual(log.map(run => [run.strategy, run.result?.aborted]), [['sequential', true], ['parallel', false]]);
	assert.ok(log[1]!.events[0]!.at >= log[0]!.events.at(-1)!.at, 'no overlap');
	assert.equal(track(store.state, 'sequential').current?.state, 'aborted');
	assert.equal(track(store.state, 'parallel').current?.state, 'done');
	store.close();
});

test('rerun queue: concurrency changes apply to the next parallel run, within 1..imageCount', async () => {
	const {store, race, log} = session({count: 3, concurrency: 2});
	race.stepConcurrency(1);
	race.stepConcurrency(1);
	assert.equal(store.state.concurrency, 3);
	race.run(['parallel']);
	await race.idle();
	for (let step = 0; step < 5; step++) {
		race.stepConcurrency(-1);
	}

	race.run(['parallel']);
	await race.idle();
	assert.deepEqual(log.map(run => run.concurrency), [3, 1]);
	store.close();
});

test('rerun queue: quit aborts the run in flight, waits for it and starts nothing else', async () => {
	const {store, race, log} = session({count: 50});
	race.run(['sequential', 'parallel']);
	await settled(() => imageDone(log, 0), 'an image of the sequential run');
	await race.quit();
	assert.equal(log.length, 1);
	assert.equal(log[0]!.result?.aborted, true);
	assert.equal(store.state.quitting, true);
	race.run(['parallel']);
	await race.idle();
	assert.equal(log.length, 1, 'nothing runs after quit');
	store.close();
});

test('rerun queue: a runner that throws shows why on its panel and the plan goes on', async () => {
	let calls = 0;
	const runner: Runner = async options => {
		calls++;
		if (options.strategy === 'sequential') {
			throw new Error('cannot create images/sequential');
		}

		return {runId: 'x', strategy: 'parallel', client: 'got', concurrency: 1, wallMs: 1, ok: 0, failed: 0, bytes: 0, aborted: false, startupMs: 0, cpuMs: 0, peakRssMb: 0} satisfies RunResult;
	};

	const store = createFrameScheduler({...panels, imageCount: 1, concurrency: 1});
	const race = createRerunQueue({runner, store});
	race.run(['sequential', 'parallel']);
	await race.idle();
	assert.equal(calls, 2);
	assert.equal(track(store.state, 'sequential').starting, false);
	// It never started: its panel says why (the error line is for a run that failed once begun).
	assert.equal(track(store.state, 'sequential').startError, 'cannot create images/sequential');
	store.close();
});
