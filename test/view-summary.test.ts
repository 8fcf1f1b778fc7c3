import assert from 'node:assert/strict';
import {test} from 'node:test';
import {reduceSession, type SessionState} from '../source/model/session-state.js';
import {claimLines, comparableWallTimes, summaryHeight} from '../source/view/summary.js';
import {judge} from '../source/model/verdict.js';
import {EventScript} from './helpers/fake-runner.js';
import {newSession, summaryInput, summaryOf} from './helpers/session.js';

function play(state: SessionState, script: EventScript): void {
	for (const event of script.events) {
		reduceSession(state, event);
	}
}

/** n images of 1000 bytes one after another (sequential) or all at once (parallel), each `each` ms. */
function race(strategy: string, count: number, each: number, concurrency = 1): EventScript {
	const script = new EventScript(strategy, count, {concurrency});
	let end = 0;
	for (let index = 0; index < count; index++) {
		const from = strategy === 'sequential' ? index * each : 0;
		script.image(index, 1000, from, from + each);
		end = Math.max(end, from + each);
	}

	return script.at(end).finished();
}

test('among more than two strategies the verdict names the one it beat', () => {
	const state = newSession({imageCount: 4, concurrency: 4, strategies: ['sequential', 'parallel', 'threads']});
	play(state, race('sequential', 4, 100));
	play(state, race('parallel', 4, 100, 4));
	play(state, race('threads', 4, 200, 4));
	assert.equal(summaryOf(state)!.verdict, 'parallel 2.0× faster than threads');
});

test('no summary until both strategies have a finished run', () => {
	const state = newSession({imageCount: 4, concurrency: 4});
	assert.equal(summaryOf(state), undefined);
	play(state, race('sequential', 4, 100));
	assert.equal(summaryOf(state), undefined);
	play(state, new EventScript('parallel', 4, {concurrency: 4}).at(0).started(0).at(50).aborted());
	assert.equal(summaryOf(state), undefined, 'an aborted run is no result');
	play(state, race('parallel', 4, 100, 4));
	assert.ok(summaryOf(state));
});

test('summary of one run each: totals, per-image statistics and the verdict', () => {
	const state = newSession({imageCount: 4, concurrency: 4});
	play(state, race('sequential', 4, 100));
	play(state, race('parallel', 4, 100, 4));
	const view = summaryOf(state)!;
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
	const state = newSession({imageCount: 2, concurrency: 2});
	for (const each of [100, 120, 110]) {
		play(state, race('sequential', 2, each));
	}

	for (const each of [50, 60]) {
		play(state, race('parallel', 2, each, 2));
	}

	const view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('wall time'), ['220ms ± 20ms', '55ms ± 7ms']);
	assert.deepEqual(row('range'), ['200ms … 240ms (3 runs)', '50ms … 60ms (2 runs)']);
	assert.match(view.verdict, /^parallel 4\.0 ± 0\.6× faster$/);
	assert.deepEqual(view.samples, [3, 2]);
});

test('several runs of seconds: mean, σ and range in one unit, as every other duration is written', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	for (const each of [540, 555, 570]) {
		play(state, race('sequential', 2, each));
	}

	for (const each of [2575, 2600]) {
		play(state, race('parallel', 2, each, 2));
	}

	const view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label);
	assert.deepEqual(row('wall time')?.values, ['1.11s ± 0.03s', '2.59s ± 0.02s']);
	assert.deepEqual(row('wall time')?.shortValues, ['1.11s±0.03s', '2.59s±0.02s']);
	assert.deepEqual(row('range')?.values, ['1.08s … 1.14s (3 runs)', '2.58s … 2.60s (2 runs)']);
	assert.deepEqual(row('range')?.shortValues, ['1.08…1.14s', '2.58…2.60s']);
});

test('one run: the wall time reads as the panel writes it (cut, not rounded)', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	play(state, race('sequential', 1, 2716));
	play(state, race('parallel', 1, 1219, 1));
	const view = summaryOf(state)!;
	assert.deepEqual(view.rows.find(row => row.label === 'wall time')?.values, ['2.71s', '1.21s']);
});

test('only runs at the latest concurrency count for the parallel totals', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, race('parallel', 2, 300, 1));
	play(state, race('parallel', 2, 50, 2));
	assert.deepEqual(comparableWallTimes(summaryInput(state, 'parallel')), [50]);
});

test('verdict: sequential can win, and missing data gives no verdict', () => {
	const sides = (sequential: number, parallel: number) => [{strategy: 'sequential', wallMs: [sequential], failed: 0}, {strategy: 'parallel', wallMs: [parallel], failed: 0}];
	assert.equal(judge(sides(100, 150)).text, 'sequential 1.5× faster');
	assert.equal(judge(sides(100, 150)).winner, 'sequential');
	assert.equal(judge(sides(100, 150)).speedup, 100 / 150, 'sequential / parallel, whichever wins');
	assert.equal(judge(sides(1000, 50)).text, 'parallel 20× faster');
	assert.equal(judge(sides(1030, 1000)).text, 'parallel 1.03× faster', 'a near tie is not "1.0× faster"');
	assert.deepEqual([judge(sides(1003, 1000)).text, judge(sides(1003, 1000)).tie], ['parallel and sequential even', true], 'within half a percent: even');
	assert.equal(judge(sides(1000, 50)).speedup, 20);
	assert.equal(judge(sides(1000, 50).slice(1)).text, 'no verdict yet');
	assert.equal(judge(sides(1000, 50).slice(1)).speedup, undefined);
	assert.equal(judge([{strategy: 'sequential', wallMs: [], failed: 0}, ...sides(1000, 50).slice(1)]).text, 'no verdict yet');
});

test('verdict over three: the fastest against the next fastest, the ratio in list order', () => {
	const verdict = judge([
		{strategy: 'sequential', wallMs: [1000], failed: 0},
		{strategy: 'parallel', wallMs: [100], failed: 0},
		{strategy: 'third', wallMs: [50], failed: 0},
	]);
	assert.equal(verdict.text, 'third 2.0× faster');
	assert.equal(verdict.winner, 'third');
	assert.equal(verdict.runnerUp, 'parallel');
	assert.equal(verdict.speedup, 2);
});

test('verdict: a strategy that failed images did less work, so no "faster", only why', () => {
	const failed = judge([{strategy: 'sequential', wallMs: [1000], failed: 0}, {strategy: 'parallel', wallMs: [50], failed: 2}]);
	assert.equal(failed.text, 'no verdict: parallel had 2 failed images');
	assert.equal(failed.winner, undefined);
	assert.equal(failed.speedup, undefined);
	assert.equal(judge([{strategy: 'sequential', wallMs: [1000], failed: 1}, {strategy: 'parallel', wallMs: [50], failed: 3}]).text, 'no verdict: sequential had 1 failed image, parallel had 3 failed images');
});

test('odd case: a run where every image failed still summarizes', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, new EventScript('sequential', 2).at(0).started(0).at(10).failed(0).started(1).at(20).failed(1, 'ERR_IMGRACE_CONNECTION', 'connection refused').finished());
	play(state, race('parallel', 2, 10, 2));
	const view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('images'), ['0 ok · 2 failed', '2 ok']);
	assert.equal(view.verdict, 'no verdict: sequential had 2 failed images');
	assert.equal(view.winner, undefined);
	assert.deepEqual(row('per image mean'), ['–', '10ms']);
	assert.deepEqual(row('first byte'), ['–', '20ms mean · 20ms p95']);
});

test('verdict in a session: none while the latest run failed images, back once a rerun does all the work', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, race('sequential', 2, 100));
	play(state, new EventScript('parallel', 2, {concurrency: 2}).at(0).started(0).at(10).failed(0).image(1, 1000, 10, 20).finished());
	const failed = summaryOf(state)!;
	assert.equal(failed.verdict, 'no verdict: parallel had 1 failed image');
	assert.equal(failed.winner, undefined);
	play(state, race('parallel', 2, 50, 2));
	const clean = summaryOf(state)!;
	assert.equal(clean.verdict, 'parallel 4.0× faster', 'the failed run is left out of the ratio');
	assert.equal(clean.winner, 'parallel');
});

test('the claim wraps under the verdict at spaces, two columns in, at most three lines, and the height counts them', () => {
	const claim = 'thumbnail: parallel 1.2×, threads 1.8× (+229 MB, +66 ms start; 1.8× after it), processes 1.9× (+535 MB, +96 ms start; 1.9× after it) sequential on 2 cores; CPU half held: processes 1.6× the event loop (parallel), threads 1.5×';
	const lines = claimLines(claim, 80);
	assert.equal(lines.length, 3);
	assert.ok(lines.slice(0, -1).every(line => line.startsWith('  ') && [...line].length <= 80), lines.join('\n'));
	assert.equal(lines.map(line => line.trim()).join(' '), claim, 'nothing lost: the last line carries the rest (the terminal cuts it)');
	assert.deepEqual(claimLines(claim, 400), [`  ${claim}`], 'one line where it fits');
	assert.equal(claimLines(claim, 160).length, 2);
	assert.deepEqual(claimLines(undefined, 80), []);
});
