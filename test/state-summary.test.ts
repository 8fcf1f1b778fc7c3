import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createSessionState, reduceSession, type SessionState} from '../source/state/session-state.js';
import {buildSummary, comparableWallTimes, summaryHeight} from '../source/state/summary.js';
import {judge} from '../source/state/verdict.js';
import {EventScript} from './helpers/fake-runner.js';

function play(state: SessionState, script: EventScript): void {
	for (const event of script.events) {
		reduceSession(state, event);
	}
}

/** n images of 1000 bytes one after another (sequential) or all at once (parallel), each `each` ms. */
function race(strategy: 'sequential' | 'parallel', count: number, each: number, concurrency = 1): EventScript {
	const script = new EventScript(strategy, count, {concurrency});
	let end = 0;
	for (let index = 0; index < count; index++) {
		const from = strategy === 'sequential' ? index * each : 0;
		script.image(index, 1000, from, from + each);
		end = Math.max(end, from + each);
	}

	return script.at(end).finished();
}

test('no summary until both strategies have a finished run', () => {
	const state = createSessionState({imageCount: 4, concurrency: 4});
	assert.equal(buildSummary(state.slots.sequential, state.slots.parallel), undefined);
	play(state, race('sequential', 4, 100));
	assert.equal(buildSummary(state.slots.sequential, state.slots.parallel), undefined);
	play(state, new EventScript('parallel', 4, {concurrency: 4}).at(0).started(0).at(50).aborted());
	assert.equal(buildSummary(state.slots.sequential, state.slots.parallel), undefined, 'an aborted run is no result');
	play(state, race('parallel', 4, 100, 4));
	assert.ok(buildSummary(state.slots.sequential, state.slots.parallel));
});

test('summary of one run each: totals, per-image statistics and the verdict', () => {
	const state = createSessionState({imageCount: 4, concurrency: 4});
	play(state, race('sequential', 4, 100));
	play(state, race('parallel', 4, 100, 4));
	const view = buildSummary(state.slots.sequential, state.slots.parallel)!;
	assert.deepEqual(view.titles, ['Sequential', 'Parallel ×4']);
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('wall time'), ['400ms', '100ms']);
	assert.equal(row('range'), undefined, 'no range with one run each');
	assert.deepEqual(row('images'), ['4 ok', '4 ok']);
	assert.deepEqual(row('bytes'), ['4 kB', '4 kB']);
	assert.deepEqual(row('throughput'), ['10 kB/s', '40 kB/s']);
	assert.deepEqual(row('per image mean'), ['100ms', '100ms']);
	assert.deepEqual(row('median/p95/max'), ['100ms / 100ms / 100ms', '100ms / 100ms / 100ms']);
	assert.deepEqual(row('first byte'), ['20ms mean · 20ms p95', '20ms mean · 20ms p95']);
	assert.equal(view.verdict, 'parallel 4.0× faster');
	assert.match(view.verdict, /[0-9.]+ ?[x×] faster/);
	assert.equal(view.winner, 'parallel');
	assert.equal(summaryHeight(view, 'full'), view.rows.length + 2);
	assert.equal(summaryHeight(view, 'verdict'), 1);
});

test('several runs: mean ± σ, min…max and the speedup with its spread', () => {
	const state = createSessionState({imageCount: 2, concurrency: 2});
	for (const each of [100, 120, 110]) {
		play(state, race('sequential', 2, each));
	}

	for (const each of [50, 60]) {
		play(state, race('parallel', 2, each, 2));
	}

	const view = buildSummary(state.slots.sequential, state.slots.parallel)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('wall time'), ['220ms ± 20ms', '55ms ± 7ms']);
	assert.deepEqual(row('range'), ['200ms … 240ms (3 runs)', '50ms … 60ms (2 runs)']);
	assert.match(view.verdict, /^parallel 4\.0 ± 0\.6× faster$/);
	assert.deepEqual(view.samples, [3, 2]);
});

test('only runs at the latest concurrency count for the parallel totals', () => {
	const state = createSessionState({imageCount: 2, concurrency: 2});
	play(state, race('parallel', 2, 300, 1));
	play(state, race('parallel', 2, 50, 2));
	assert.deepEqual(comparableWallTimes(state.slots.parallel), [50]);
});

test('verdict: sequential can win, and missing data gives no verdict', () => {
	const side = (...wallMs: number[]) => ({wallMs, failed: 0});
	assert.equal(judge(side(100), side(150)).text, 'sequential 1.5× faster');
	assert.equal(judge(side(100), side(150)).winner, 'sequential');
	assert.equal(judge(side(1000), side(50)).text, 'parallel 20× faster');
	assert.equal(judge(side(1000), side(50)).speedup, 20);
	assert.equal(judge(undefined, side(50)).text, 'no verdict yet');
	assert.equal(judge(undefined, side(50)).speedup, undefined);
});

test('verdict: a strategy that failed images did less work, so no "faster", only why', () => {
	const failed = judge({wallMs: [1000], failed: 0}, {wallMs: [50], failed: 2});
	assert.equal(failed.text, 'no verdict: parallel had 2 failed images');
	assert.equal(failed.winner, undefined);
	assert.equal(failed.speedup, undefined);
	assert.equal(judge({wallMs: [1000], failed: 1}, {wallMs: [50], failed: 3}).text, 'no verdict: sequential had 1 failed image, parallel had 3 failed images');
});

test('odd case: a run where every image failed still summarizes', () => {
	const state = createSessionState({imageCount: 2, concurrency: 2});
	play(state, new EventScript('sequential', 2).at(0).started(0).at(10).failed(0).started(1).at(20).failed(1, 'ERR_IMGRACE_CONNECTION', 'connection refused').finished());
	play(state, race('parallel', 2, 10, 2));
	const view = buildSummary(state.slots.sequential, state.slots.parallel)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('images'), ['0 ok · 2 failed', '2 ok']);
	assert.equal(view.verdict, 'no verdict: sequential had 2 failed images');
	assert.equal(view.winner, undefined);
	assert.deepEqual(row('per image mean'), ['–', '10ms']);
	assert.deepEqual(row('first byte'), ['–', '20ms mean · 20ms p95']);
});

test('verdict in a session: none while the latest run failed images, back once a rerun does all the work', () => {
	const state = createSessionState({imageCount: 2, concurrency: 2});
	play(state, race('sequential', 2, 100));
	play(state, new EventScript('parallel', 2, {concurrency: 2}).at(0).started(0).at(10).failed(0).image(1, 1000, 10, 20).finished());
	const failed = buildSummary(state.slots.sequential, state.slots.parallel)!;
	assert.equal(failed.verdict, 'no verdict: parallel had 1 failed image');
	assert.equal(failed.winner, undefined);
	play(state, race('parallel', 2, 50, 2));
	const clean = buildSummary(state.slots.sequential, state.slots.parallel)!;
	assert.equal(clean.verdict, 'parallel 4.0× faster', 'the failed run is left out of the ratio');
	assert.equal(clean.winner, 'parallel');
});
