import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ImagePhases} from '../source/engine/events.js';
import {runFigures} from '../source/model/run-figures.js';
import {finishedRaceVerdict, raceVerdict, type RaceVerdict} from '../source/model/verdict.js';
import {buildJsonReport} from '../source/output/json-report.js';
import {verdictLines} from '../source/output/plain-lines.js';
import {fakeRun, phases, type FakeImage, type FakeRunOptions} from './helpers/show-records.js';

const cores = 2;

/** `count` images of 100 ms each (80 waiting, 18 receiving, 2 writing), each slot taking one after another from `from`. */
function images(count: number, slots: number, {from = 0, thumbnailMs}: {from?: number; thumbnailMs?: (index: number) => number} = {}): FakeImage[] {
	return Array.from({length: count}, (_, index) => {
		const each = 100 + (thumbnailMs ? thumbnailMs(0) : 0);
		const queuedMs = from + (Math.floor(index / slots) * each);
		const own: ImagePhases = {...phases(queuedMs, 80, 18, 2)};
		return {phases: thumbnailMs ? {...own, thumbnailMs: thumbnailMs(index)} : own};
	});
}

const run = (strategy: string, list: FakeImage[], options: FakeRunOptions = {}) => fakeRun(strategy, list, {concurrency: 4, ...options, runId: options.runId ?? `${strategy}-${Math.random()}`});

// Downloads: sequential one at a time, parallel and threads 4 at a time, threads after 290 ms of start-up.
const sequential = () => run('sequential', images(4, 1), {concurrency: 1});
const parallel = () => run('parallel', images(4, 4));
const threads = () => run('threads', images(4, 4, {from: 290}), {costs: {startupMs: 290}, workers: 4});

/** Every time in the verdict's list of times carries its strategy's name, in the order its words name them. */
function assertNamedTimes(verdict: RaceVerdict): void {
	const match = /^(?:means of [^:]+: )?([a-z]+) \S+ vs ([a-z]+) \S+$/.exec(verdict.times ?? '');
	assert.ok(match, `times: ${verdict.times}`);
	assert.deepEqual([match[1], match[2]], [verdict.winner, verdict.against]);
	assert.ok(verdict.text.includes(`(${verdict.times})`), verdict.text);
	assert.doesNotMatch(verdict.text, /\d(?:ms|s) vs \d/, 'no bare time beside another');
}

test('run figures: the downloads\' span counts overlaps once, their sum each time', () => {
	assert.deepEqual([runFigures(sequential()).downloadSpanMs, runFigures(sequential()).downloadSumMs], [400, 400]);
	assert.deepEqual([runFigures(parallel()).downloadSpanMs, runFigures(parallel()).downloadSumMs], [100, 400]);
	const gapped = runFigures(run('parallel', [{phases: phases(0, 80, 18, 2)}, {phases: phases(50, 80, 18, 2)}, {phases: phases(500, 80, 18, 2)}]));
	assert.equal(gapped.downloadSpanMs, 250, '[0, 150) and [500, 600)');
});

test('the winner against the fastest of the others: ratio ≥ 1, widths, each time named, why from the figures', () => {
	const verdict = raceVerdict([sequential(), parallel(), threads()], {cores});
	assert.equal(verdict.winner, 'parallel');
	assert.equal(verdict.against, 'threads', 'the runner-up, not the slowest');
	assert.equal(verdict.ratio, 3.9);
	assert.equal(verdict.spread, null);
	assert.equal(verdict.tie, false);
	assert.equal(verdict.text, 'parallel×4 3.9× faster than threads×4 (parallel 100ms vs threads 390ms): threads took 290ms to start');
	assertNamedTimes(verdict);
	assert.deepEqual(verdict.walls.map(wall => [wall.strategy, wall.concurrency, wall.runs, wall.meanMs]), [['sequential', 1, 1, 400], ['parallel', 4, 1, 100], ['threads', 4, 1, 390]]);
});

test('a slower winner is named too: sequential can win; within half a percent is even', () => {
	const slow = run('parallel', images(4, 4, {from: 500}));
	const verdict = raceVerdict([sequential(), slow], {cores});
	assert.deepEqual([verdict.winner, verdict.against, verdict.ratio], ['sequential', 'parallel', 1.5]);
	assert.match(verdict.text, /^sequential 1\.50× faster than parallel×4 \(sequential 400ms vs parallel 600ms\)/);
	const even = raceVerdict([run('parallel', images(1, 1), {wallMs: 1000}), run('third', images(1, 1), {wallMs: 1003})], {cores});
	assert.deepEqual([even.winner, even.against, even.tie], ['parallel', 'third', true]);
	assert.ok(even.ratio! >= 1 && even.ratio! < 1.005);
	assert.equal(even.text, 'parallel×4 and third×4 even (parallel 1.00s vs third 1.00s)');
	assert.equal(even.why, null, 'no reason for a difference there is not');
	const near = raceVerdict([run('parallel', images(1, 1), {wallMs: 1000}), run('third', images(1, 1), {wallMs: 1030})], {cores});
	assert.match(near.headline, /^parallel×4 1\.03× faster than third×4$/, 'two digits near 1, never "1.0× faster"');
	// Either side of 1.05 the same two digits: a 5.1% gap is never rounded up to "1.1×".
	for (const [wallMs, amount] of [[1049, '1.05'], [1051, '1.05'], [1999, '2.00'], [2049, '2.0']] as const) {
		const close = raceVerdict([run('parallel', images(1, 1), {wallMs: 1000}), run('third', images(1, 1), {wallMs})], {cores});
		assert.equal(close.headline, `parallel×4 ${amount}× faster than third×4`, `${wallMs} against 1000`);
	}
});

test('why: overlapped downloads, and thumbnails on more cores, each only when its figures show it', () => {
	const two = raceVerdict([sequential(), parallel()], {cores});
	assert.equal(two.why, 'downloads overlapped (4.0 at a time against 1.0)');
	const thumbnail = (index: number) => 100 * (index + 1);
	const loop = run('parallel', images(4, 4, {thumbnailMs: thumbnail}), {work: 'thumbnail', costs: {cpuMs: 450}});
	const pipeline = run('pipeline', images(4, 4, {thumbnailMs: index => (index < 2 ? 100 : 200)}), {work: 'thumbnail', costs: {cpuMs: 560, startupMs: 10}, workers: 2});
	const verdict = raceVerdict([loop, pipeline], {cores});
	assert.equal(verdict.text, 'pipeline×4 1.67× faster than parallel×4 (pipeline 300ms vs parallel 500ms): thumbnails on 2 cores (1.9 busy against 0.9)');
	// Sixteen at a time, each stretched until downloading took as long as one at a time: that is no reason.
	const stretched = run('parallel', Array.from({length: 4}, () => ({phases: phases(0, 380, 18, 2)})));
	assert.equal(raceVerdict([run('sequential', images(4, 1), {concurrency: 1, wallMs: 1000}), stretched], {cores}).why, null);
	const busyAlike = raceVerdict([run('parallel', images(4, 4, {thumbnailMs: thumbnail}), {work: 'thumbnail', costs: {cpuMs: 900}}), pipeline], {cores});
	assert.equal(busyAlike.why, null, 'as busy as each other, and as overlapped: the figures say no why');
});

test('failed images, an aborted run or one that could not start: no winner, no ratio, the reason', () => {
	const failed = raceVerdict([sequential(), run('parallel', [{startMs: 0, failAt: 50}, ...images(1, 1)])], {cores});
	assert.deepEqual([failed.winner, failed.against, failed.ratio, failed.spread, failed.tie], [null, null, null, null, false]);
	assert.equal(failed.text, 'no verdict: parallel had 1 failed image');
	assert.deepEqual(failed.claim, []);
	assert.doesNotMatch(verdictLines(failed).join('\n'), /faster/);
	const aborted = raceVerdict([sequential(), run('parallel', images(4, 4), {state: 'aborted'})], {cores});
	assert.equal(aborted.text, 'no verdict: parallel was aborted');
	assert.equal(aborted.ratio, null);
	const unstarted = raceVerdict([sequential()], {cores, unstarted: ['parallel']});
	assert.equal(unstarted.text, 'no verdict: parallel could not start');
	assert.equal(unstarted.walls.length, 2);
	assert.equal(raceVerdict([sequential()], {cores}).text, 'no verdict until another strategy has run');
	assert.equal(raceVerdict([sequential()], {cores, settled: true}).text, 'no verdict: only sequential ran to its end', 'nothing more will run: no wait to announce');
});

test('repeated runs: one verdict from the means, with the ratio\'s spread; even when within it and the noise floor', () => {
	const runs = [0, 20, 40].flatMap(extra => [run('sequential', images(4, 1), {concurrency: 1, wallMs: 400 + extra}), run('parallel', images(4, 4), {wallMs: 100 + (extra / 4)})]);
	const verdict = raceVerdict(runs, {cores});
	assert.deepEqual([verdict.winner, verdict.against], ['parallel', 'sequential']);
	assert.ok(Math.abs(verdict.ratio! - (420 / 105)) < 1e-9, String(verdict.ratio));
	assert.ok(verdict.spread! > 0 && verdict.spread! < 0.5, String(verdict.spread));
	assert.match(verdict.text, /^parallel×4 4\.0 ± 0\.\d× faster than sequential \(means of 3 runs: parallel 105ms vs sequential 420ms\)/);
	assertNamedTimes(verdict);
	assert.deepEqual(verdict.walls.map(wall => wall.runs), [3, 3]);
	const close = [0, 10, 20].flatMap(extra => [run('parallel', images(1, 1), {wallMs: 1000 + extra}), run('third', images(1, 1), {wallMs: 1010 + extra})]);
	const within = raceVerdict(close, {cores});
	assert.deepEqual([within.tie, within.undecided], [true, false], `1.01 ± ${within.spread}: within the spread, and both under 5%`);
	assert.match(within.text, /^parallel×4 and third×4 even \(means of 3 runs: /);
});

test('repeated runs too noisy to tell: "cannot tell … apart", never "even", in every output', () => {
	// The tester's race, ×100: parallel 10 ms against sequential 25 ms, sequential's σ 62% of its mean over 2 runs.
	const noisy = [0, 1].flatMap(at => [run('sequential', images(1, 1), {concurrency: 1, wallMs: [1400, 3600][at]}), run('parallel', images(1, 1), {concurrency: 3, wallMs: 1000})]);
	const verdict = raceVerdict(noisy, {cores});
	assert.deepEqual([verdict.winner, verdict.against, verdict.tie, verdict.undecided], ['parallel', 'sequential', false, true]);
	assert.ok(verdict.ratio! - verdict.spread! <= 1, `${verdict.ratio} ± ${verdict.spread}`);
	assert.equal(verdict.headline, 'cannot tell parallel×3 from sequential apart');
	assert.match(verdict.text, /^cannot tell parallel×3 from sequential apart: 2\.5 ± 1\.\d× is within the runs' noise \(means of 2 runs: parallel 1\.00s vs sequential 2\.50s\)$/);
	assert.equal(verdict.why, null, 'no reason for a difference it could not tell');
	assert.doesNotMatch(verdict.text, /\beven\b|faster/);
	assert.deepEqual(verdictLines(verdict)[0], verdict.text, 'the plain line');
	const json = buildJsonReport(noisy, '0.0.0').verdict!;
	assert.deepEqual([json.tie, json.undecided, json.text], [false, true, verdict.text], '--json and the exports');
	// A small gap whose σ reaches past the 5% floor is no more shown even than a large one.
	const wide = [1000, 1100, 1200].flatMap(ms => [run('parallel', images(1, 1), {wallMs: ms}), run('third', images(1, 1), {wallMs: 1102})]);
	const small = raceVerdict(wide, {cores});
	assert.ok(small.ratio! < 1.005 && small.ratio! + small.spread! >= 1.05, `${small.ratio} ± ${small.spread}`);
	assert.deepEqual([small.tie, small.undecided], [false, true]);
	assert.match(small.text, /^cannot tell /);
});

test('claim, downloads: overlapping against one at a time, then threads once started; no "Computing"', () => {
	const verdict = raceVerdict([sequential(), parallel(), threads()], {cores});
	assert.deepEqual(verdict.claim, ['Waiting on the network: overlapping the downloads made them 4.0× faster (parallel×4); threads×4 did as well once started (290ms to start).']);
	const slowThreads = run('threads', images(4, 2, {from: 290}), {costs: {startupMs: 290}, workers: 2});
	assert.match(raceVerdict([sequential(), parallel(), slowThreads], {cores}).claim[0]!, /; threads×4 took 2\.0× as long even once started \(290ms to start\)\.$/);
	// Workers that came up one by one, each downloading at once: most of it before the last was up.
	const staggered = run('processes', [20, 90, 160, 230].map(from => ({phases: phases(from, 80, 18, 2)})), {costs: {startupMs: 290}, workers: 4, wallMs: 330});
	assert.match(raceVerdict([sequential(), parallel(), staggered], {cores}).claim[0]!, /; processes×4 took 3\.3× as long \(downloading while its workers started, 290ms until all were up\)\.$/, 'never "did as well once started" over the 40 ms after the last');
	assert.deepEqual(raceVerdict([parallel(), threads()], {cores}).claim, [], 'no one-at-a-time run: nothing to say about waiting');
	assert.deepEqual(raceVerdict([sequential(), parallel()], {cores}).claim, [], 'the same two as the verdict: it said so already');
	// A race of one image: every run one at a time, nothing overlapped, so nothing is said of overlapping.
	const single = (strategy: string, options: FakeRunOptions = {}) => run(strategy, images(1, 1), {concurrency: 1, ...options});
	assert.deepEqual(raceVerdict([single('sequential'), single('parallel'), single('threads', {costs: {startupMs: 90}, workers: 1})], {cores}).claim, []);
});

test('claim, thumbnails: waiting (with a one-at-a-time run) and computing (with an event-loop run)', () => {
	const work = {work: 'thumbnail'} as const;
	const loop = run('parallel', images(4, 4, {thumbnailMs: index => 100 * (index + 1)}), {...work, costs: {cpuMs: 450}});
	const pool = run('pipeline', images(4, 4, {thumbnailMs: index => (index < 2 ? 100 : 200)}), {...work, costs: {cpuMs: 560, startupMs: 10}, workers: 2});
	const workers = run('threads', images(4, 2, {from: 20, thumbnailMs: () => 100}), {...work, concurrency: 2, costs: {cpuMs: 800, startupMs: 20}, workers: 2});
	const one = run('sequential', images(4, 1, {thumbnailMs: () => 100}), {...work, concurrency: 1, costs: {cpuMs: 500}});
	const all = raceVerdict([one, loop, workers, pool], {cores});
	assert.equal(all.text, 'pipeline×4 1.40× faster than threads×2 (pipeline 300ms vs threads 420ms): downloads overlapped (4.0 at a time against 2.0)');
	assert.deepEqual(all.claim, [
		'Waiting on the network: overlapping the downloads made them 4.0× faster (parallel×4); threads×2 took 2.0× as long even once started (20ms to start).',
		'Computing: 2 cores made it 1.67× faster than one thread (pipeline×4 kept 1.9 cores busy, parallel×4 0.9).',
	]);
	const noOneAtATime = raceVerdict([loop, workers, pool], {cores});
	assert.deepEqual(noOneAtATime.claim.map(sentence => sentence.split(':')[0]), ['Computing']);
	const noLoop = raceVerdict([one, workers, pool], {cores});
	assert.deepEqual(noLoop.claim.map(sentence => sentence.split(':')[0]), ['Waiting on the network'], 'no event-loop run: nothing computed on one thread to hold the others against');
	const flat = run('threads', images(4, 2, {thumbnailMs: () => 140}), {...work, concurrency: 2, costs: {cpuMs: 500}, workers: 2});
	assert.match(raceVerdict([loop, flat], {cores}).claim[0]!, /^Computing: threads×2 on 2 cores was no faster than parallel×4 on one thread \(threads \S+ vs parallel 500ms\)\.$/);
	// One core (--mode all --count 1): the counts say "1 core", never "1 cores".
	const single = (strategy: string, thumbnailMs: number, options: FakeRunOptions) => run(strategy, images(1, 1, {thumbnailMs: () => thumbnailMs}), {...work, concurrency: 1, ...options});
	const [loopOfOne, poolOfOne] = [single('parallel', 100, {costs: {cpuMs: 100}}), single('pipeline', 100, {costs: {cpuMs: 100}, workers: 1})];
	assert.match(raceVerdict([loopOfOne, poolOfOne], {cores: 1}).claim[0]!, /^Computing: pipeline×1 on 1 core was no faster than parallel×1 on one thread /);
	const both = raceVerdict([single('parallel', 400, {costs: {cpuMs: 100}}), single('pipeline', 100, {costs: {cpuMs: 360}, workers: 1})], {cores: 1});
	assert.match(both.claim[0]!, /^Computing: 1 core made it 2\.\d+× faster than one thread /);
	assert.match(both.text, /: thumbnails on 1 core \(/);
	assert.doesNotMatch([both.text, ...both.claim].join(' '), /\b1 cores\b/);
});

test('a finished race\'s verdict: none for a single strategy, failed or not; one that could not start is judged once', () => {
	const notStarted = (strategy: string) => ({strategy, role: 'event-loop', client: 'got', concurrency: 4, work: 'download', outDir: `o/${strategy}`, images: 4, error: 'cannot create folder', code: 'ERR_IMGRACE_FOLDER'}) as const;
	assert.equal(finishedRaceVerdict([parallel()], {cores}), undefined, 'not "no verdict yet": nothing is still to come');
	assert.equal(finishedRaceVerdict([run('parallel', [{startMs: 0, failAt: 50}])], {cores}), undefined);
	assert.equal(finishedRaceVerdict([notStarted('parallel'), notStarted('parallel')], {cores}), undefined);
	const unstarted = finishedRaceVerdict([sequential(), notStarted('parallel'), sequential(), notStarted('parallel')], {cores});
	assert.equal(unstarted?.text, 'no verdict: parallel could not start');
	const once = finishedRaceVerdict([sequential(), parallel(), notStarted('parallel')], {cores});
	assert.deepEqual(once?.walls.map(wall => wall.strategy), ['sequential', 'parallel'], 'started in one round, not in another: one strategy still');
	assert.equal(once?.text, 'no verdict: parallel could not start');
	assert.equal(finishedRaceVerdict([sequential(), parallel()], {cores})?.text, raceVerdict([sequential(), parallel()], {cores}).text);
});

test('--json: the verdict is an object with winner, against, ratio, spread and text, the same as the plain words', () => {
	const report = buildJsonReport([sequential(), parallel(), threads()], '0.0.0');
	assert.deepEqual({...report.verdict, claim: undefined, walls: undefined}, {
		winner: 'parallel', against: 'threads', ratio: 3.9, spread: null, tie: false, undecided: false, claim: undefined, walls: undefined,
		text: 'parallel×4 3.9× faster than threads×4 (parallel 100ms vs threads 390ms): threads took 290ms to start',
		why: 'threads took 290ms to start',
	});
	assert.deepEqual(report.verdict!.walls.map(wall => [wall.strategy, wall.concurrency, wall.meanMs, wall.sdMs]), [['sequential', 1, 400, null], ['parallel', 4, 100, null], ['threads', 4, 390, null]]);
	const even = buildJsonReport([run('parallel', images(1, 1), {wallMs: 1000}), run('third', images(1, 1), {wallMs: 1003})], '0.0.0').verdict!;
	assert.deepEqual([even.winner, even.against, even.tie, even.ratio], ['parallel', 'third', true, 1]);
	const failed = buildJsonReport([sequential(), run('parallel', [{startMs: 0, failAt: 50}])], '0.0.0');
	assert.deepEqual([failed.verdict!.winner, failed.verdict!.against, failed.verdict!.ratio, failed.verdict!.spread, failed.verdict!.text], [null, null, null, null, 'no verdict: parallel had 1 failed image']);
	assert.equal(failed.speedup, null);
	const aborted = buildJsonReport([sequential(), run('parallel', images(4, 4), {state: 'aborted'})], '0.0.0').verdict!;
	assert.deepEqual([aborted.winner, aborted.ratio, aborted.text], [null, null, 'no verdict: parallel was aborted']);
	const repeated = buildJsonReport([100, 110, 90].flatMap(ms => [run('sequential', images(4, 1), {concurrency: 1, wallMs: ms * 4}), run('parallel', images(4, 4), {wallMs: ms})]), '0.0.0').verdict!;
	assert.equal(repeated.ratio, 4);
	assert.ok(typeof repeated.spread === 'number' && repeated.spread > 0, String(repeated.spread));
	assert.equal(buildJsonReport([sequential()], '0.0.0').verdict, null, 'one strategy: nothing to compare');
});

test('one image at a time on this thread each (sequential, parallel×1): a gap inside the noise floor is even, not "faster"', () => {
	const alike = raceVerdict([run('sequential', images(1, 1), {concurrency: 1, wallMs: 552}), run('parallel', images(1, 1), {concurrency: 1, wallMs: 533})], {cores});
	assert.equal(alike.tie, true);
	assert.equal(alike.headline, 'parallel×1 and sequential even: both fetched one image at a time');
	assert.equal(alike.why, null);
	// A gap past the floor is still told, and wider strategies keep the half-percent rule.
	const apart = raceVerdict([run('sequential', images(1, 1), {concurrency: 1, wallMs: 600}), run('parallel', images(1, 1), {concurrency: 1, wallMs: 533})], {cores});
	assert.match(apart.headline, /^parallel×1 1\.1\d× faster than sequential$/);
	const wide = raceVerdict([run('parallel', images(4, 4), {wallMs: 1000}), run('third', images(4, 4), {wallMs: 1030})], {cores});
	assert.equal(wide.tie, false);
	// A pool's start-up is a real difference even for one image: not alike.
	const pooled = raceVerdict([run('sequential', images(1, 1), {concurrency: 1, wallMs: 552}), run('threads', images(1, 1), {concurrency: 1, wallMs: 540, workers: 1})], {cores});
	assert.equal(pooled.tie, false);
});
