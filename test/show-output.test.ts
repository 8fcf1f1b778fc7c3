import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseShowOptions, parseSweepOptions} from '../source/config/show-options.js';
import {UsageError} from '../source/config/usage-error.js';
import {asciiGlyphs} from '../source/format/glyphs.js';
import {raceNoise} from '../source/model/noise.js';
import {summariseRepeats} from '../source/model/repeats.js';
import {raceVerdict} from '../source/model/verdict.js';
import {sweepResult, type LevelRuns} from '../source/model/sweep-levels.js';
import {csvText, markdownText, timingCells} from '../source/output/export-table.js';
import {buildJsonReport, verdictOfRuns} from '../source/output/json-report.js';
import {clientBoundLine, phaseLine} from '../source/output/phase-lines.js';
import {lineForEvent} from '../source/output/plain-lines.js';
import {raceExport, raceSchema, raceTable, type ExportSettings} from '../source/output/race-export.js';
import {sweepCharts} from '../source/output/report/sweep-page.js';
import {sweepDocument, sweepLines} from '../source/output/sweep-report.js';
import {histogramText, timelineText} from '../source/view/race-charts.js';
import {timelineInput} from '../source/view/timeline-view.js';
import {fakeRun, phases} from './helpers/show-records.js';
import {clientSettings, downloadSettings} from './helpers/race.js';

test('timelineInput: one strategy per run, the engine\'s phases as they are, a failed image marked', () => {
	const record = fakeRun('parallel', [{phases: phases(0.3, 100, 10, 2, 0, 0)}, {startMs: 5, failAt: 50, retries: 2}]);
	const [strategy] = timelineInput([record]);
	assert.equal(strategy!.name, 'parallel');
	assert.equal(strategy!.wallMs, 112.3);
	assert.equal(strategy!.images[0]!.phases.retryMs, 0);
	assert.equal(strategy!.images[0]!.phases.queuedMs, 0.3);
	assert.equal(strategy!.images[1]!.failed, true);
});

test('the plain timeline: a staircase for sequential, a stack for parallel, within 40 columns', () => {
	const sequential = fakeRun('sequential', [{phases: phases(0, 90)}, {phases: phases(102, 90)}, {phases: phases(204, 90)}]);
	const parallel = fakeRun('parallel', [{phases: phases(0, 90)}, {phases: phases(0, 90)}, {phases: phases(0, 90)}]);
	const lines = timelineText([sequential, parallel], {width: 40, height: 20, glyphs: asciiGlyphs});
	assert.equal(lines[0], 'Timeline');
	assert.ok(lines.every(line => line.length <= 40), lines.join('\n'));
	const rows = lines.filter(line => /#\d/.test(line));
	assert.equal(rows.length, 6);
	const firstBusy = (line: string) => line.slice(line.indexOf('#') + 3).search(/[-#w]/);
	const stairs = rows.slice(0, 3).map(line => firstBusy(line));
	assert.ok(stairs[0]! < stairs[1]! && stairs[1]! < stairs[2]!, `staircase: ${stairs.join(', ')}`);
	const stack = rows.slice(3).map(line => firstBusy(line));
	assert.equal(new Set(stack).size, 1, `stack: ${stack.join(', ')}`);
});

test('histograms per strategy: per-image time and time to first byte with p50/p90/p99', () => {
	const lines = histogramText([fakeRun('parallel', [{phases: phases(0, 90)}, {phases: phases(0, 110)}])], {width: 60});
	assert.ok(lines.includes('Per-image time, parallel'));
	assert.ok(lines.includes('Time to first byte, parallel'));
	assert.equal(lines.filter(line => /p50 .* p90 .* p99 /.test(line)).length, 2);
	assert.ok(lines.every(line => line.length <= 60));
});

test('where the time went names the phases with their shares, and the reused connections', () => {
	const line = phaseLine(fakeRun('parallel', [{phases: phases(0, 90, 10, 0)}, {phases: phases(0, 90, 10, 0), reused: true}]))!;
	assert.match(line, /^where the time went, parallel \(2 images, summed\): waiting 180ms 90%, receive 20ms 10%; 1 of 2 over a reused connection$/);
	assert.equal(phaseLine(fakeRun('parallel', [])), undefined);
});

test('client-bound is said only for a client-bound run', () => {
	const record = fakeRun('parallel', [{phases: phases(0, 1)}]);
	assert.match(clientBoundLine(record, {eventLoopUtilization: 0.97, busyShare: 0.9, clientBound: true})!, /client-bound: this measured imgrace, not the network \(event loop 97% busy/);
	assert.equal(clientBoundLine(record, {eventLoopUtilization: 0.3, busyShare: 0, clientBound: false}), undefined);
	assert.equal(clientBoundLine(record, undefined), undefined);
});

test('the client-bound line quotes only the figures that bear it out, never "98% busy, 0% of the run over 90%"', () => {
	const record = fakeRun('parallel', [{phases: phases(0, 1)}]);
	// A run shorter than one 100 ms sample: judged on the whole-run figure alone.
	const short = clientBoundLine(record, {eventLoopUtilization: 0.98, busyShare: 0, clientBound: true})!;
	assert.match(short, /\(event loop 98% busy over the run\)$/);
	assert.doesNotMatch(short, /0%/);
	const both = clientBoundLine(record, {eventLoopUtilization: 0.97, busyShare: 0.8, clientBound: true})!;
	assert.match(both, /\(event loop 97% busy over the run, over 90% busy in 80% of it\)$/);
	const bySamples = clientBoundLine(record, {eventLoopUtilization: 0.7, busyShare: 0.6, clientBound: true})!;
	assert.match(bySamples, /\(event loop over 90% busy in 60% of it, 70% on average\)$/);
});

test('--json speedup of each run: against sequential\'s run of the same round, so sequential\'s own are 1', () => {
	const images = [{phases: phases(0, 50)}, {phases: phases(0, 50)}];
	const run = (strategy: string, wallMs: number, round: number) => fakeRun(strategy, images, {runId: `${strategy}${round}`, wallMs, concurrency: strategy === 'parallel' ? 2 : 1});
	// Two rounds, the order alternating as --runs does.
	const report = buildJsonReport([run('sequential', 200, 1), run('parallel', 100, 1), run('parallel', 110, 2), run('sequential', 220, 2)], '0.0.0');
	assert.deepEqual(report.runs.map(entry => [entry.strategy, entry.speedup]), [['sequential', 1], ['parallel', 2], ['parallel', 2], ['sequential', 1]]);
});

test('--json gains phases per image and per run, the loop load and extra sections', () => {
	const record = fakeRun('parallel', [{phases: phases(1.005, 90)}, {startMs: 3, failAt: 40}], {runId: 'r1'});
	const report = buildJsonReport([record], '0.0.0', {loads: new Map([['r1', {eventLoopUtilization: 0.9549, busyShare: 1, clientBound: true}]]), sections: {repeat: {runs: 2}}});
	const run = report.runs[0]!;
	assert.equal(run.clientBound, true);
	assert.equal(run.eventLoopUtilization, 0.95, 'two decimals, as every figure of a race: the plain line says it as a whole percent');
	// A failed image has every phase key: its time is all queued and failed attempts, the rest 0.
	const failed = run.images[1]!.phases!;
	assert.deepEqual(Object.keys(failed), Object.keys(run.images[0]!.phases!));
	assert.deepEqual(Object.entries(failed).filter(([, ms]) => ms > 0).map(([key]) => key), ['queuedMs', 'retryMs']);
	assert.equal(run.phases!['images'], 2);
	for (const image of run.images) {
		const sum = Object.values(image.phases!).reduce((total, value) => total + value, 0);
		assert.ok(Math.abs(sum - image.endMs!) <= 0.05, `image ${image.index}: ${sum} vs ${image.endMs}`);
	}

	assert.equal(run.images[0]!.reusedConnection, false);
	assert.equal(run.images[1]!.reusedConnection, null);
	assert.deepEqual((report as unknown as {repeat: unknown}).repeat, {runs: 2});
});

const notStarted = {strategy: 'parallel', role: 'event-loop', client: 'got', concurrency: 4, work: 'thumbnail', outDir: 'o/parallel', images: 3, error: 'cannot create folder o/parallel: a file is in the way', code: 'ERR_IMGRACE_FOLDER'} as const;

test('--json: a run that could not start has every key a run has, its error\'s code, null for what it never measured', () => {
	const started = fakeRun('sequential', [{phases: phases(0, 90)}], {runId: 's1'});
	const report = buildJsonReport([started, notStarted], '0.0.0');
	const [ran, unstarted] = report.runs;
	assert.deepEqual(Object.keys(unstarted!).sort(), Object.keys(ran!).sort());
	assert.deepEqual(unstarted, {
		strategy: 'parallel', client: 'got', concurrency: 4, wallMs: null, ok: 0, failed: 3, bytes: 0, aborted: false, work: 'thumbnail', speedup: null,
		startupMs: null, cpuMs: null, peakRssMb: null, outDir: 'o/parallel', error: notStarted.error, code: 'ERR_IMGRACE_FOLDER', images: [], phases: null,
		eventLoopUtilization: null, clientBound: null,
	});
	assert.deepEqual([ran!.error, ran!.code, ran!.eventLoopUtilization, ran!.clientBound], [null, null, null, null], 'no load measured: null, not a missing key');
	assert.equal(report.verdict?.text, 'no verdict: parallel could not start');
});

const settings: ExportSettings = {mode: ['sequential', 'parallel'], asked: 0, url: undefined, urlsFile: undefined, download: downloadSettings(), work: {name: 'download'}, client: {...clientSettings(), cacertFile: undefined}, server: {latencyMs: 100, jitterMs: 0, bandwidth: 0, linkBandwidth: 0, seed: 1, imageBytes: undefined}, urls: ['http://127.0.0.1:1/a.jpg'], runs: 2, warmup: 1};

test('the race export is versioned, carries the verdict object, and its table renders as Markdown and CSV', () => {
	const runs = [
		fakeRun('sequential', [{phases: phases(0, 400)}], {runId: 's1'}),
		fakeRun('sequential', [{phases: phases(0, 420)}], {runId: 's2'}),
		fakeRun('parallel', [{phases: phases(0, 100)}], {runId: 'p1', concurrency: 4}),
		fakeRun('parallel', [{phases: phases(0, 104)}], {runId: 'p2', concurrency: 4}),
	];
	const summary = summariseRepeats(runs);
	const verdict = raceVerdict(runs, {cores: 2});
	const measures = {order: [{round: 1, warmup: false, strategies: ['sequential', 'parallel']}, {round: 2, warmup: false, strategies: ['parallel', 'sequential']}], noise: raceNoise([3.456], 2, summary.strategies), verdict};
	const exported = raceExport(summary, settings, '1.2.3', measures);
	assert.equal(exported.schema, 'imgrace/race@2');
	assert.deepEqual([exported.verdict?.winner, exported.verdict?.against, exported.verdict?.ratio, exported.verdict?.text], ['parallel', 'sequential', 3.7, verdict.text]);
	assert.ok(typeof exported.verdict?.spread === 'number');
	assert.deepEqual(exported.order, measures.order);
	assert.deepEqual(exported.noise, {loadAverage: 3.46, cores: 2, busy: true, wide: []});
	assert.equal(exported.schema, raceSchema);
	assert.deepEqual(exported.strategies.map(side => side.wallMs), [[412, 432], [112, 116]]);
	assert.equal(exported.settings.latencyMs, 100);
	assert.equal(exported.settings.seed, 1);
	assert.equal(exported.settings.sourceFingerprint, null, 'the embedded server\'s URLs name a port of the day');
	const listed = raceExport(summary, {...settings, urlsFile: 'list.txt', urls: ['https://example.test/a.jpg', 'https://example.test/b.jpg']}, '1.2.3', measures).settings;
	assert.match(listed.sourceFingerprint!, /^[\da-f]{16}$/);
	assert.equal(listed.latencyMs, null);
	assert.notEqual(raceExport(summary, {...settings, urlsFile: 'list.txt', urls: ['https://example.test/b.jpg', 'https://example.test/a.jpg']}, '1.2.3', measures).settings.sourceFingerprint, listed.sourceFingerprint);
	const table = raceTable(summary);
	const markdown = markdownText(table).split('\n');
	assert.match(markdown[0]!, /^\| Strategy \| Concurrency \| Runs \| Mean \[ms\] .* Relative \| Relative σ \|$/);
	assert.match(markdown[1]!, /^\|:---\|---:\|/);
	assert.match(markdown[3]!, /^\| parallel \| 4 \| 2 \| 114 \|.*\| 1 \| 0\.0\d \|$/);
	const csv = csvText(table).trimEnd().split('\r\n');
	assert.equal(csv[0], 'strategy,concurrency,runs,mean_ms,sd_ms,median_ms,min_ms,max_ms,relative,relative_sd');
	// Numbers a spreadsheet reads as numbers: the ratio and its σ apart, not "3.70 ± 0.14".
	assert.match(csv[1]!, /^sequential,1,2,422,14\.14,422,412,432,3\.7,0\.1\d$/);
	assert.deepEqual(timingCells('parallel', 4, 1, {mean: 114.2, sd: 0}), ['parallel', 4, 1, 114.2, null], 'one run: no σ, not a σ of 0');
});

test('the export lists a strategy that could not start, with no time; a race of one strategy has no verdict in it', () => {
	const runs = [fakeRun('sequential', [{phases: phases(0, 400)}], {runId: 's1'}), notStarted];
	const summary = summariseRepeats(runs);
	const measures = (verdict: ReturnType<typeof verdictOfRuns>) => ({order: [{round: 1, warmup: false, strategies: ['sequential', 'parallel']}], noise: raceNoise([0.1], 2, summary.strategies), verdict});
	const exported = raceExport(summary, settings, '1.2.3', measures(verdictOfRuns(runs)));
	assert.deepEqual(exported.strategies.map(side => [side.strategy, side.concurrency, side.wallMs, side.meanMs, side.leftOut, side.failedImages]), [['sequential', 1, [412], 412, 0, 0], ['parallel', 4, [], null, 1, 3]]);
	assert.equal(exported.verdict?.text, 'no verdict: parallel could not start');
	assert.deepEqual(csvText(raceTable(summary)).split('\r\n')[2], 'parallel,4,0,,,,,,,');
	const alone = summariseRepeats([runs[0]!]);
	assert.equal(raceExport(alone, settings, '1.2.3', measures(verdictOfRuns([runs[0]!]))).verdict, null, 'as --json has it: one strategy, no verdict');
});

test('the plain total line says the run\'s memory in decimal MB, as its bytes beside it', () => {
	const record = fakeRun('parallel', [{phases: phases(0, 90)}], {runId: 'm1'});
	const line = lineForEvent(record, {type: 'run-finished', runId: 'm1', at: 1100, wallMs: 100, ok: 1, failed: 0, bytes: 1_400_000, cpuMs: 12, peakRssMb: 1.9, startupMs: 0});
	assert.match(line!, /, 1\.4 MB in 100ms .*; cpu 12ms, \+2\.0 MB, start 0ms$/);
});

test('CSV and Markdown quote what would break them', () => {
	const table = {columns: [{key: 'a', label: 'A'}], rows: [['x,"y"'], ['p|q']]};
	assert.equal(csvText(table), 'a\r\n"x,""y"""\r\np|q\r\n');
	assert.match(markdownText(table), /\| p\\\|q \|/);
});

test('sweep document and chart: levels, stoppedPayingAt, the ideal; ASCII within 40 columns', () => {
	const level = (concurrency: number, ms: number): LevelRuns => ({strategy: 'parallel', asked: [concurrency], concurrency, wallMs: [ms], bytes: [1_000_000], failedImages: 0});
	const one = level(1, 2000);
	const result = sweepResult({levels: [one, level(2, 1100), level(4, 1000), level(8, 1010)], reference: new Map([['parallel', one]]), images: 8, linkBandwidth: 1_000_000});
	const document = sweepDocument(result, {version: '1', images: 8, rounds: 1});
	assert.equal(document.levels.length, 4);
	assert.equal(document.stoppedPayingAt, 4);
	assert.equal(document.ideal.linkCap, 2);
	const lines = sweepLines(result, {width: 40, height: 14, glyphs: asciiGlyphs});
	assert.ok(lines.every(line => line.length <= 40), lines.join('\n'));
	assert.match(lines.join(' '), /stopped paying at x4/);
});

test('a sweep whose widest levels ran as the image count says so, and does not call the cap where paying stopped', () => {
	const one: LevelRuns = {strategy: 'parallel', asked: [1], concurrency: 1, wallMs: [1000], bytes: [1], failedImages: 0};
	const ten: LevelRuns = {strategy: 'parallel', asked: [16, 32], concurrency: 10, wallMs: [125], bytes: [1], failedImages: 0};
	const result = sweepResult({levels: [one, ten], reference: new Map([['parallel', one]]), images: 10});
	const lines = sweepLines(result, {width: 80, height: 14, glyphs: asciiGlyphs});
	assert.ok(lines.includes('Levels x16, x32 ran as x10: never more slots than images (10 images)'), lines.join('\n'));
	assert.doesNotMatch(lines.join('\n'), /stopped paying/);
	assert.match(lines.join(' '), /still paid at x10, the widest level run: 8\.0x/);
	const document = sweepDocument(result, {version: '1', images: 10, rounds: 1});
	assert.equal(document.stoppedPayingAt, null);
	assert.deepEqual(document.byStrategy, [{strategy: 'parallel', stoppedPayingAt: null, stillPayingAt: 10}]);
	assert.deepEqual(document.levels.map(entry => entry.asked), [[1], [16, 32]]);
	// The HTML report says it under the strategy's chart, in the same words.
	assert.equal(sweepCharts(result)[0]!.note, 'Levels ×16, ×32 ran as ×10: never more slots than images (10 images)');
	assert.equal(sweepCharts(sweepResult({levels: [one], reference: new Map([['parallel', one]]), images: 10}))[0]!.note, undefined, 'nothing to say: no note');
});

test('a sweep draws no conclusion from levels whose images failed; where the first level failed, none at all', () => {
	const level = (concurrency: number, ms: number, failedImages = 0): LevelRuns => ({strategy: 'parallel', asked: [concurrency], concurrency, wallMs: [ms], bytes: [1], failedImages});
	const failedFirst = level(1, 20, 2);
	const none = sweepResult({levels: [failedFirst, level(2, 10, 2)], reference: new Map([['parallel', failedFirst]]), images: 2});
	assert.deepEqual(sweepDocument(none, {version: '1', images: 2, rounds: 1}).byStrategy, [{strategy: 'parallel', stoppedPayingAt: null, stillPayingAt: null}]);
	const lines = sweepLines(none, {width: 80, height: 14, glyphs: asciiGlyphs}).join('\n');
	assert.match(lines, /No conclusion: too few levels did all their work \(images failed\)/);
	assert.doesNotMatch(lines, /still paid|stopped paying/);
	assert.match(lines, /Levels with failed images did less work, their speedup says little: x1 \(2 failed\), x2 \(2 failed\)/);
	// A failed level in the middle is left out of the finding, the others still make one.
	const one = level(1, 1000);
	const some = sweepResult({levels: [one, level(2, 500), level(4, 100, 3), level(8, 490)], reference: new Map([['parallel', one]]), images: 8});
	assert.deepEqual(sweepDocument(some, {version: '1', images: 8, rounds: 1}).byStrategy, [{strategy: 'parallel', stoppedPayingAt: 2, stillPayingAt: null}]);
});

test('show flags: ranges, and two documents on stdout refused', () => {
	assert.deepEqual(parseShowOptions({}), {timeline: false, histogram: false, runs: 1, warmup: 0, exports: {}, baseline: undefined, failOnRegression: false});
	assert.equal(parseShowOptions({runs: '3', warmup: '1'}).runs, 3);
	assert.equal(parseShowOptions({timeline: true, 'export-json': '-'}).timeline, true, 'with an export on stdout the charts go to stderr');
	const refused: Array<[Record<string, string | boolean>, RegExp]> = [
		[{runs: '0'}, /--runs must be between 1/],
		[{warmup: 'x'}, /--warmup must be a whole number/],
		[{'fail-on-regression': true}, /--fail-on-regression needs --baseline/],
		[{json: true, 'export-json': '-'}, /--json and --export-json - would both write to stdout/],
		[{'export-csv': '-', 'export-markdown': '-'}, /would both write to stdout/],
		[{json: true, timeline: true}, /^--timeline does not go with --json: the JSON has no charts/],
		[{json: true, histogram: true}, /^--histogram does not go with --json/],
		[{json: true, timeline: true, histogram: true}, /^--timeline and --histogram do not go with --json/],
	];
	for (const [flags, message] of refused) {
		assert.throws(() => parseShowOptions(flags), (error: unknown) => error instanceof UsageError && message.test(error.message));
	}

	assert.deepEqual(parseSweepOptions({levels: '8, 1,2'}).levels, [1, 2, 8]);
	assert.throws(() => parseSweepOptions({levels: '4,2,4'}), /^UsageError: --levels names 4 twice: each level runs once a round \(to run them again, use --rounds N\)$/, 'refused as --mode refuses a name given twice');
	assert.deepEqual(parseSweepOptions({}).levels, [1, 2, 4, 8, 16, 32]);
	for (const levels of ['', '0,2', '1,x', '1.5']) {
		assert.throws(() => parseSweepOptions({levels}), /--levels must be concurrency levels/);
	}

	assert.throws(() => parseSweepOptions({concurrency: '4'}), /--concurrency does not go with imgrace sweep/);
});
