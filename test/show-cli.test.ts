import os from 'node:os';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {chartSize} from '../source/entry/scripted-race.js';
import {runCli, verdictBetween} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {hasScript, runOnTerminal} from './helpers/terminal.js';

/** Small and quick: these tests check what is said, never how fast. */
const fast = ['--latency', '20', '--jitter', '0', '--bandwidth', '0'];

type JsonImage = {index: number; endMs: number; phases: Record<string, number> | null; reusedConnection: boolean | null};
type JsonRun = {strategy: string; images: JsonImage[]; phases: Record<string, number>; eventLoopUtilization: number; clientBound: boolean};

test('--json: every image has phases that add up to its endMs within 1 ms, summed per run', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '4', ...fast, '--json', '--out', path.join(dir, 'a')], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {runs: JsonRun[]};
		assert.equal(report.runs.length, 2);
		for (const run of report.runs) {
			assert.equal(run.images.length, 4);
			for (const image of run.images) {
				assert.ok(image.phases, `${run.strategy} ${image.index}: no phases`);
				const sum = Object.values(image.phases).reduce((total, value) => total + value, 0);
				assert.ok(Math.abs(sum - image.endMs) <= 1, `${run.strategy} ${image.index}: ${sum} vs ${image.endMs}`);
				assert.equal(typeof image.reusedConnection, 'boolean');
			}

			assert.equal(run.phases['images'], 4);
			assert.equal(typeof run.eventLoopUtilization, 'number');
			assert.equal(typeof run.clientBound, 'boolean');
		}
	});
});

test('a CPU-bound race that keeps the loop busy is not called client-bound: busy is the point', {timeout: 60_000}, async () => {
	await withTempDir(async dir => {
		const args = ['--count', '4', '--latency', '0', '--bandwidth', '0', '--work', 'thumbnail', '--thumb-repeat', '2', '--mode', 'parallel', '--out', path.join(dir, 't')];
		const report = await runCli([...args, '--json'], {cwd: dir, timeoutMs: 50_000});
		assert.equal(report.code, 0, report.stderr);
		const run = (JSON.parse(report.stdout) as {runs: JsonRun[]}).runs[0]!;
		// Thumbnails made on the event loop's own thread keep it busy throughout.
		assert.ok(run.eventLoopUtilization > 0.5, `event loop ${run.eventLoopUtilization}`);
		assert.equal(run.clientBound, false);
		const plain = await runCli(args, {cwd: dir, timeoutMs: 50_000});
		assert.equal(plain.code, 0, plain.stderr);
		assert.doesNotMatch(plain.stdout, /client-bound/);
	});
});

test('plain output: where the time went, and with --timeline --histogram the charts after the results', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '3', ...fast, '--timeline', '--histogram', '--out', path.join(dir, 'b')], {cwd: dir, env: {COLUMNS: '72'}});
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.split('\n');
		assert.equal(lines.filter(line => line.startsWith('where the time went, ')).length, 2);
		const timeline = lines.indexOf('Timeline');
		assert.ok(timeline > lines.findIndex(line => verdictBetween(['parallel×3', 'sequential']).test(line)), 'the timeline comes after the results');
		assert.equal(lines.filter(line => /^(sequential|parallel) +#\d/.test(line)).length, 6);
		assert.ok(lines.slice(timeline).every(line => line.length <= 72), 'fits $COLUMNS');
		assert.equal(lines.filter(line => /p50 .*p90 .*p99 /.test(line)).length, 4, 'per-image time and first byte, per strategy');
	});
});

test('where the time went follows the order --mode named the strategies in, as they ran', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '2', ...fast, '--mode', 'parallel,sequential', '--out', path.join(dir, 'o')], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		const named = (prefix: RegExp) => result.stdout.split('\n').flatMap(line => prefix.exec(line)?.[1] ?? []);
		assert.deepEqual(named(/^(\w+)(?:×\d+)?: \d+ ok/), ['parallel', 'sequential'], 'ran in that order');
		assert.deepEqual(named(/^where the time went, (\w+)/), ['parallel', 'sequential']);
	});
});

test('charts take the terminal\'s size; $COLUMNS and $LINES only for a pipe', () => {
	const env = {COLUMNS: '120', LINES: '40'};
	assert.deepEqual(chartSize({isTTY: true, columns: 80, rows: 24}, env), {width: 80, height: 24}, 'a terminal: its own size');
	assert.deepEqual(chartSize({isTTY: false, columns: 80, rows: 24}, env), {width: 120, height: 40}, 'a pipe: the shell\'s variables');
	assert.deepEqual(chartSize({isTTY: false, columns: 80, rows: 24}, {}), {width: 100, height: 50});
	assert.deepEqual(chartSize({isTTY: true, columns: 0, rows: 0}, env), {width: 120, height: 40}, 'a terminal that reports no size');
	assert.deepEqual(chartSize({isTTY: false, columns: 0, rows: 0}, {COLUMNS: '60', LINES: '12'}), {width: 60, height: 12}, 'a small one is taken as it is');
	assert.deepEqual(chartSize({isTTY: false, columns: 0, rows: 0}, {COLUMNS: 'wide', LINES: '0'}), {width: 100, height: 50}, 'no size');
});

/** Lines drawn by a chart (axis, bar, timeline glyphs), as a terminal shows them: a carriage return starts a line over (the progress line is redrawn so). */
function chartLines(output: string): string[] {
	return stripVTControlCharacters(output).split(/\r\n|\n|\r/).filter(line => /[│┴└┼─█▓▒░·●]/.test(line));
}

test('on an 80-column terminal the charts fit, whatever $COLUMNS says', {skip: !hasScript && 'needs script(1)', timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const env = {LANG: 'C.UTF-8', TERM: 'xterm-256color', COLUMNS: '120'};
		const race = await runOnTerminal(['--count', '6', ...fast, '--timeline', '--histogram', '--out', path.join(dir, 'r')], env, undefined, {columns: 80, rows: 24}, 60_000);
		assert.equal(race.code, 0, race.output);
		const raceCharts = chartLines(race.output);
		assert.ok(raceCharts.length >= 12, `timeline and histograms drawn: ${raceCharts.length} lines`);
		assert.deepEqual(raceCharts.filter(line => line.length > 80), [], '--timeline --histogram: no line wider than the terminal');
		const sweep = await runOnTerminal(['sweep', '--count', '4', '--levels', '1,2,4', ...fast, '--out', path.join(dir, 's')], env, undefined, {columns: 80, rows: 24}, 60_000);
		assert.equal(sweep.code, 0, sweep.output);
		const sweepCharts = chartLines(sweep.output);
		assert.ok(sweepCharts.some(line => line.includes('┴')), 'the sweep\'s axis drawn');
		assert.deepEqual(sweepCharts.filter(line => line.length > 80), [], 'sweep: no line wider than the terminal');
	});
});

test('a sweep of CPU-bound work has the core count as its ideal ceiling', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const args = ['sweep', '--levels', '1,4', '--count', '4', '--latency', '0', '--bandwidth', '0', '--work', 'thumbnail', '--thumb-repeat', '1', '--mode', 'threads', '--out', path.join(dir, 's')];
		const result = await runCli([...args, '--json'], {cwd: dir, timeoutMs: 100_000});
		assert.equal(result.code, 0, result.stderr);
		const sweep = JSON.parse(result.stdout) as {levels: Array<{concurrency: number; ideal: number}>; ideal: {cores: number}};
		assert.equal(sweep.ideal.cores, os.availableParallelism());
		assert.equal(sweep.levels.find(level => level.concurrency === 4)!.ideal, Math.min(4, os.availableParallelism()));
	});
});

test('sweep names where a 1 MB/s link stops paying, below the widest level', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const args = ['sweep', '--levels', '1,4,8', '--count', '8', '--latency', '100', '--jitter', '0', '--link-bandwidth', '1MB', '--out', path.join(dir, 's')];
		const result = await runCli([...args, '--json', '--export-csv', path.join(dir, 's.csv')], {cwd: dir, timeoutMs: 100_000});
		assert.equal(result.code, 0, result.stderr);
		const sweep = JSON.parse(result.stdout) as {levels: Array<{concurrency: number; speedup: number; ideal: number}>; stoppedPayingAt: number; ideal: {linkCap: number}};
		assert.deepEqual(sweep.levels.map(level => level.concurrency), [1, 4, 8]);
		// The first 8 images are about 1.2 MB: through 1 MB/s that takes 1.2 s however wide, one at a time
		// about 2.2 s, so the link allows about 1.8×, and four at a time fill it.
		assert.ok(sweep.ideal.linkCap > 1 && sweep.ideal.linkCap < 3, `link cap ${sweep.ideal.linkCap}`);
		assert.ok(sweep.stoppedPayingAt >= 1 && sweep.stoppedPayingAt < 8, `stopped paying at ${sweep.stoppedPayingAt}`);
		const stop = sweep.levels.find(level => level.concurrency === sweep.stoppedPayingAt)!;
		assert.ok(stop.speedup > 0.7 * sweep.ideal.linkCap, `where it stopped (${stop.speedup}×) the link is nearly full (${sweep.ideal.linkCap}×)`);
		const csv = await readFile(path.join(dir, 's.csv'), 'utf8');
		assert.match(csv.split('\r\n')[0]!, /^strategy,concurrency,runs,mean_ms/);
		assert.equal(csv.trimEnd().split('\r\n').length, 4);
	});
});

test('sweep: levels above the image count run once, as the image count, and the cap is not where paying stopped', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const args = ['sweep', '--levels', '1,2,8,16', '--count', '4', ...fast, '--out', path.join(dir, 's')];
		const json = await runCli([...args, '--json'], {cwd: dir, timeoutMs: 100_000});
		assert.equal(json.code, 0, json.stderr);
		type Level = {concurrency: number; asked: number[]; speedup: number};
		const sweep = JSON.parse(json.stdout) as {levels: Level[]; stoppedPayingAt: number | null; byStrategy: Array<{stoppedPayingAt: number | null; stillPayingAt: number | null}>};
		assert.deepEqual(sweep.levels.map(level => [level.concurrency, level.asked]), [[1, [1]], [2, [2]], [4, [8, 16]]]);
		// ×4 is every image at once: the end of the range, never a finding.
		const [parallel] = sweep.byStrategy;
		assert.notEqual(sweep.stoppedPayingAt, 4);
		assert.ok(parallel!.stoppedPayingAt === null ? parallel!.stillPayingAt === 4 : parallel!.stoppedPayingAt < 4, JSON.stringify(sweep.byStrategy));
		const html = path.join(dir, 'sweep.html');
		const plain = await runCli([...args, '--export-html', html], {cwd: dir, timeoutMs: 100_000});
		assert.equal(plain.code, 0, plain.stderr);
		assert.match(plain.stdout, /^Levels ×8, ×16 ran as ×4: never more slots than images \(4 images\)$/m);
		assert.match(await readFile(html, 'utf8'), /<div class="note">Levels ×8, ×16 ran as ×4: never more slots than images \(4 images\)<\/div>/, 'the HTML report says it too');
		assert.doesNotMatch(plain.stdout, /stopped paying at ×4/);
	});
});

test('sweep --help has its own help, and sweep refuses what it cannot vary', async () => {
	const help = await runCli(['sweep', '--help']);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /imgrace sweep \[options\]/);
	assert.match(help.stdout, /--levels LIST/);
	assert.doesNotMatch(help.stdout, /--port/);
	const seq = await runCli(['sweep', '--mode', 'sequential', '--count', '1']);
	assert.equal(seq.code, 2);
	assert.match(seq.stderr, /^imgrace: imgrace sweep varies the concurrency, and sequential always runs one image at a time/);
	const wrong = await runCli(['--levels', '1,2']);
	assert.equal(wrong.code, 2);
	assert.match(wrong.stderr, /--levels is for imgrace sweep/);
});

test('--export-csv - : stdout is the table alone, every relative cell a number; the results go to stderr', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '2', ...fast, '--runs', '2', '--export-csv', '-', '--out', path.join(dir, 'e')], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, /^run 2\/2 parallel×2: 2 ok/m);
		// The verdict goes to stderr too; which way it reads depends on a loaded machine's timing, not on this test.
		assert.match(result.stderr, verdictBetween(['parallel×2', 'sequential']));
		assert.doesNotMatch(result.stdout, /sequential \(|Repeated runs/);
		assert.ok(result.stdout.startsWith('strategy,'), result.stdout.slice(0, 200));
		const csv = result.stdout.trimEnd().split('\r\n').map(line => line.split(','));
		assert.deepEqual(csv[0], ['strategy', 'concurrency', 'runs', 'mean_ms', 'sd_ms', 'median_ms', 'min_ms', 'max_ms', 'relative', 'relative_sd']);
		assert.equal(csv.length, 3);
		for (const row of csv.slice(1)) {
			for (const cell of row.slice(8)) {
				assert.ok(cell.trim() !== '' && Number.isFinite(Number(cell)), `relative cell '${cell}' in ${row.join(',')}`);
			}
		}

		const json = await runCli(['--count', '2', ...fast, '--timeline', '--export-json', '-', '--out', path.join(dir, 'j')], {cwd: dir});
		assert.equal(json.code, 0, json.stderr);
		assert.equal((JSON.parse(json.stdout) as {schema: string}).schema, 'imgrace/race@2');
		assert.match(json.stderr, /^Timeline/m);
	});
});
