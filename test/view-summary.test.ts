import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatDuration, formatSpeed} from '../source/format/format.js';
import {reduceSession, type SessionState} from '../source/model/session-state.js';
import {buildSummary, comparableWallTimes, summaryHeight, summaryInputs, verdictLines} from '../source/view/summary.js';
import {Snapshotter} from '../source/view/snapshot.js';
import {labelsForWork} from '../source/ui/live/strategy-labels.js';
import {testRegistry} from './helpers/race.js';
import {summaryVerdictLines} from '../source/view/summary-verdict.js';
import type {RaceVerdict} from '../source/model/verdict.js';
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
	assert.equal(summaryOf(state)!.verdict.text, 'parallel×4 2.0× faster than threads×4 (parallel 100ms vs threads 200ms)');
});

test('a summary from the first finished run: its column, and no verdict until another strategy has run', () => {
	const state = newSession({imageCount: 4, concurrency: 4});
	assert.equal(summaryOf(state), undefined);
	play(state, race('sequential', 4, 100));
	const one = summaryOf(state);
	assert.deepEqual(one?.titles, ['Sequential']);
	assert.equal(one?.verdict.text, 'no verdict until another strategy has run');
	play(state, new EventScript('parallel', 4, {concurrency: 4}).at(0).started(0).at(50).aborted());
	assert.deepEqual(summaryOf(state)?.titles, ['Sequential'], 'an aborted run is no result');
	play(state, race('parallel', 4, 100, 4));
	assert.deepEqual(summaryOf(state)?.titles, ['Sequential', 'Parallel ×4']);
	assert.match(summaryOf(state)?.verdict.text ?? '', /faster|even/);
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
	assert.equal(view.verdict.text, 'parallel×4 4.0× faster than sequential (parallel 100ms vs sequential 400ms)');
	assert.match(view.verdict.text, /[0-9.]+ ?[x×] faster/);
	assert.equal(view.verdict.winner, 'parallel');
	assert.deepEqual(view.verdict.claim, [], 'the claim\'s waiting sentence would only repeat the verdict');
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
	assert.equal(view.verdict.text, 'parallel×2 4.0 ± 0.6× faster than sequential (means of 2 runs and 3 runs: parallel 55ms vs sequential 220ms)');
});

test('several runs: every figure of a column over the runs its wall time counts (throughput, speedup, cpu, memory, start-up)', () => {
	const state = newSession({imageCount: 2, concurrency: 2, strategies: ['sequential', 'threads']});
	for (const each of [100, 120, 110]) {
		play(state, race('sequential', 2, each));
	}

	for (const [each, startupMs, cpuMs, peakRssMb] of [[100, 50, 10, 20], [150, 150, 30, 40]] as const) {
		const script = new EventScript('threads', 2, {concurrency: 2});
		script.image(0, 1000, 0, each).image(1, 1000, 0, each);
		play(state, script.at(each).finished({startupMs, cpuMs, peakRssMb}));
	}

	const view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('wall time'), ['220ms ± 20ms', '125ms ± 35ms']);
	// 2,000 bytes a run: 6,000 in 660 ms, 4,000 in 250 ms.
	assert.deepEqual(row('throughput'), [formatSpeed(6000 / 0.66), formatSpeed(4000 / 0.25)]);
	assert.deepEqual(row('speedup'), ['1.00×', '1.76×'], '220 ms over 125 ms, the means the verdict weighs');
	assert.deepEqual(row('cpu (with UI)')?.[1], '20ms');
	// Measured in MiB (a mean of 30), said in decimal MB as every size beside it: 31.5 MB.
	assert.deepEqual(row('memory (with UI)')?.[1], '+31 MB');
	assert.deepEqual(row('start-up')?.[1], '100ms');
	assert.match(view.verdict.text, /^threads×2 1\.76 ± \S+× faster than sequential \(means of 2 runs and 3 runs: threads 125ms vs sequential 220ms\)/);
});

test('costs without a sequential run: no speedup row, which would be dashes alone', () => {
	const state = newSession({imageCount: 2, concurrency: 2, strategies: ['parallel', 'threads']});
	play(state, race('parallel', 2, 100, 2));
	const script = new EventScript('threads', 2, {concurrency: 2});
	play(state, script.image(0, 1000, 0, 150).image(1, 1000, 0, 150).at(150).finished({startupMs: 40, cpuMs: 10, peakRssMb: 5}));
	const labels = summaryOf(state)!.rows.map(row => row.label);
	assert.ok(labels.includes('start-up') && !labels.includes('speedup'), labels.join(', '));
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

test('one run: the wall time reads as the panel writes it, rounded as every duration is', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	play(state, race('sequential', 1, 2716));
	play(state, race('parallel', 1, 1219, 1));
	const view = summaryOf(state)!;
	assert.deepEqual(view.rows.find(row => row.label === 'wall time')?.values, [formatDuration(2716), formatDuration(1219)]);
	assert.deepEqual(view.rows.find(row => row.label === 'wall time')?.values, ['2.72s', '1.22s']);
});

test('only runs at the latest concurrency count for the parallel totals', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, race('parallel', 2, 300, 1));
	play(state, race('parallel', 2, 50, 2));
	assert.deepEqual(comparableWallTimes(summaryInput(state, 'parallel')), [50]);
});

test('odd case: a run where every image failed still summarizes', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, new EventScript('sequential', 2).at(0).started(0).at(10).failed(0).started(1).at(20).failed(1, 'ERR_IMGRACE_CONNECTION', 'connection refused').finished());
	play(state, race('parallel', 2, 10, 2));
	const view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values;
	assert.deepEqual(row('images'), ['0 ok · 2 failed', '2 ok']);
	assert.equal(view.verdict.text, 'no verdict: sequential had 2 failed images');
	assert.equal(view.verdict.winner, null);
	assert.deepEqual(row('per image mean'), ['–', '10ms']);
	assert.deepEqual(row('first byte'), ['–', '20ms mean · 20ms p95']);
});

test('verdict in a session: none while the latest run failed images, back once a rerun does all the work', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, race('sequential', 2, 100));
	play(state, new EventScript('parallel', 2, {concurrency: 2}).at(0).started(0).at(10).failed(0).image(1, 1000, 10, 20).finished());
	const failed = summaryOf(state)!;
	assert.equal(failed.verdict.text, 'no verdict: parallel had 1 failed image');
	assert.equal(failed.verdict.winner, null);
	play(state, race('parallel', 2, 50, 2));
	const clean = summaryOf(state)!;
	assert.equal(clean.verdict.text, 'parallel×2 4.0× faster than sequential (parallel 50ms vs sequential 200ms)', 'the failed run is left out of the ratio');
	assert.equal(clean.verdict.winner, 'parallel');
});

const claimed: RaceVerdict = {
	winner: 'pipeline', against: 'parallel', ratio: 1.9, spread: null, tie: false, undecided: false,
	headline: 'pipeline×8 1.9× faster than parallel×8',
	times: 'pipeline 8.18s vs parallel 15.7s',
	why: 'thumbnails on 2 cores (1.7 busy against 1.0)',
	text: 'pipeline×8 1.9× faster than parallel×8 (pipeline 8.18s vs parallel 15.7s): thumbnails on 2 cores (1.7 busy against 1.0)',
	walls: [],
	claim: [
		'Waiting on the network: overlapping the downloads made them 7.9× faster (parallel×8); threads×8 did as well once started (460ms to start).',
		'Computing: 2 cores made it 1.9× faster than one thread (pipeline×8 kept 1.7 cores busy, parallel×8 1.0).',
	],
};

test('the verdict under the summary: the longest form that fits its lines whole, wrapped where there is room', () => {
	const one = summaryVerdictLines(claimed, {verdict: 1, claim: 0}, 60);
	assert.deepEqual(one, {verdict: ['→ pipeline×8 1.9× faster than parallel×8'], claim: []}, 'at 60 columns the words alone, "N× faster" kept');
	assert.deepEqual(summaryVerdictLines(claimed, {verdict: 1, claim: 0}, 80).verdict, ['→ pipeline×8 1.9× faster than parallel×8 (pipeline 8.18s vs parallel 15.7s)']);
	const wrapped = summaryVerdictLines(claimed, {verdict: 3, claim: 5}, 60);
	assert.equal(wrapped.verdict.length, 3);
	assert.ok(wrapped.verdict[0]!.startsWith('→ pipeline×8 1.9× faster'));
	assert.ok([...wrapped.verdict, ...wrapped.claim].every(line => [...line].length <= 60), [...wrapped.verdict, ...wrapped.claim].join('\n'));
	assert.equal(wrapped.verdict.map(line => line.slice(2)).join(' '), claimed.text, 'all of it, nothing lost');
	assert.equal(wrapped.claim.map(line => line.slice(2)).join(' '), claimed.claim.join(' '));
	assert.ok(wrapped.claim.every(line => line.startsWith('  ')));
	const second = summaryVerdictLines(claimed, {verdict: 2, claim: 2}, 60);
	assert.equal(second.claim.map(line => line.slice(2)).join(' '), `${claimed.claim[1]} …`, 'the sentence that fits whole, not the first one cut, and a mark that one was left out');
	const cut = summaryVerdictLines(claimed, {verdict: 2, claim: 1}, 60);
	assert.equal(cut.claim.length, 1, 'no sentence fits: the first, its last line carrying the rest (the terminal cuts it)');
	assert.ok(cut.claim[0]!.startsWith('  Waiting on the network:'));
	assert.deepEqual(summaryVerdictLines(claimed, {verdict: 3, claim: 4}, Number.POSITIVE_INFINITY), {verdict: [`→ ${claimed.text}`], claim: [`  ${claimed.claim.join(' ')}`]});
	// Two lines at 60 columns: all of it takes three, so the why without the times, whole, never cut.
	assert.deepEqual(summaryVerdictLines(claimed, {verdict: 2, claim: 0}, 60).verdict, [
		'→ pipeline×8 1.9× faster than parallel×8: thumbnails on 2',
		'  cores (1.7 busy against 1.0)',
	]);
});

test('the summary\'s height counts the verdict\'s lines of each variant', () => {
	const state = newSession({imageCount: 4, concurrency: 4});
	play(state, race('sequential', 4, 100));
	play(state, race('parallel', 4, 100, 4));
	const view = {...summaryOf(state)!, verdict: claimed};
	for (const variant of ['full', 'compact', 'verdict'] as const) {
		const lines = verdictLines(view, variant, 60);
		const table = variant === 'verdict' ? 0 : (variant === 'full' ? view.rows.length : view.compactRows.length) + 1;
		assert.equal(summaryHeight(view, variant, 60), table + lines.verdict.length + lines.claim.length, variant);
	}

	assert.equal(verdictLines(view, 'compact', 60).verdict.length, 1);
	assert.ok(verdictLines(view, 'full', 60).claim.length > 1);
});

test('a column that is not its strategy\'s latest run, which was aborted, is said to be its earlier runs\'', () => {
	const state = newSession({imageCount: 4, concurrency: 4});
	play(state, race('sequential', 4, 100));
	play(state, race('parallel', 4, 100, 4));
	play(state, new EventScript('sequential', 4, {runId: 'seq-again', start: 1000}).at(1000).started(0).at(1050).aborted());
	const inputs = summaryInputs(new Snapshotter(labelsForWork(testRegistry(), undefined)).take(state, 1100).strategies);
	assert.deepEqual(inputs.map(input => [input.strategy, input.latestAborted]), [['sequential', true], ['parallel', false]]);
	const view = buildSummary(inputs);
	assert.equal(view?.note, 'sequential\'s latest run was aborted: its column is its earlier runs\'');
	assert.equal(summaryHeight(view!, 'full', 80), summaryHeight({...view!, note: undefined}, 'full', 80) + 1, 'its line is counted');
	assert.equal(buildSummary(inputs.map(input => ({...input, latestAborted: false})))?.note, undefined);
});

test('a rerun that failed images counts in no time of its column: wall, range, throughput and costs are the runs that did all the work, and a note says so', () => {
	const state = newSession({imageCount: 2, concurrency: 2});
	play(state, race('sequential', 2, 100));
	play(state, race('parallel', 2, 20, 2));
	// A rerun of parallel in which both images fail after 900 ms: no byte saved.
	play(state, new EventScript('parallel', 2, {concurrency: 2, start: 1000}).at(0).started(0).started(1).at(900).failed(0, 'ERR_IMGRACE_CONNECTION', 'connection refused').failed(1, 'ERR_IMGRACE_CONNECTION', 'connection refused').finished());
	let view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values[1];
	assert.equal(row('wall time'), '20ms');
	assert.equal(row('range'), undefined, 'one counted run: no range');
	assert.equal(row('images'), '0 ok · 2 failed');
	assert.equal(row('throughput'), formatSpeed(2000 / 0.02));
	assert.equal(view.note, 'parallel\'s latest run failed images: its times are its earlier runs\'');
	// A good rerun: the failed run stays out of the mean.
	play(state, race('parallel', 2, 40, 2));
	view = summaryOf(state)!;
	assert.equal(row('wall time'), '30ms ± 14ms');
	assert.equal(view.note, undefined);
});

test('a strategy whose every run failed images has no throughput, and its wall time is its latest run\'s', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	play(state, race('sequential', 1, 100));
	play(state, new EventScript('parallel', 1).at(0).started(0).at(926).failed(0, 'ERR_IMGRACE_CONNECTION', 'connection refused').finished());
	const view = summaryOf(state)!;
	const row = (label: string) => view.rows.find(candidate => candidate.label === label)?.values[1];
	assert.equal(row('wall time'), '926ms');
	assert.equal(row('bytes'), '0 B');
	assert.equal(row('throughput'), '–');
	assert.equal(view.note, undefined);
});

test('a strategy named with an s has its possessive whole', () => {
	const state = newSession({imageCount: 2, concurrency: 2, strategies: ['sequential', 'processes']});
	play(state, race('sequential', 2, 100));
	const script = new EventScript('processes', 2, {concurrency: 2});
	script.image(0, 1000, 0, 50).image(1, 1000, 0, 50);
	play(state, script.at(50).finished({startupMs: 10, cpuMs: 5, peakRssMb: 1}));
	play(state, new EventScript('processes', 2, {concurrency: 2, start: 1000}).at(0).started(0).at(50).failed(0, 'ERR_IMGRACE_CONNECTION', 'connection refused').started(1).at(60).failed(1, 'ERR_IMGRACE_CONNECTION', 'connection refused').finished());
	assert.equal(summaryOf(state)!.note, 'processes\' latest run failed images: its times are its earlier runs\'');
});
