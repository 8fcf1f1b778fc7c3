import os from 'node:os';
import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {chartSize} from '../source/entry/scripted-race.js';
import {runCli} from './helpers/cli.js';
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

test('plain output: where the time went, and with --timeline --histogram the charts after the results', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '3', ...fast, '--timeline', '--histogram', '--out', path.join(dir, 'b')], {cwd: dir, env: {COLUMNS: '72'}});
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.split('\n');
		assert.equal(lines.filter(line => line.startsWith('where the time went, ')).length, 2);
		const timeline = lines.indexOf('Timeline');
		assert.ok(timeline > lines.findIndex(line => /faster than/.test(line)), 'the timeline comes after the results');
		assert.equal(lines.filter(line => /^(sequential|parallel) +#\d/.test(line)).length, 6);
		assert.ok(lines.slice(timeline).every(line => line.length <= 72), 'fits $COLUMNS');
		assert.equal(lines.filter(line => /p50 .*p90 .*p99 /.test(line)).length, 4, 'per-image time and first byte, per strategy');
	});
});

test('charts take the terminal\'s size; $COLUMNS and $LINES only for a pipe', () => {
	const env = {COLUMNS: '120', LINES: '40'};
	assert.deepEqual(chartSize({isTTY: true, columns: 80, rows: 24}, env), {width: 80, height: 24}, 'a terminal: its own size');
	assert.deepEqual(chartSize({isTTY: false, columns: 80, rows: 24}, env), {width: 120, height: 40}, 'a pipe: the shell\'s variables');
	assert.deepEqual(chartSize({isTTY: false, columns: 80, rows: 24}, {}), {width: 100, height: 50});
	assert.deepEqual(chartSize({isTTY: true, columns: 0, rows: 0}, env), {width: 120, height: 40}, 'a terminal that reports no size');
});

/** Lines drawn by a chart (axis, bar, timeline glyphs), as a terminal shows them. */
function chartLines(output: string): string[] {
	return stripVTControlCharacters(output).split(/\r?\n/).filter(line => /[│┴└┼─█▓▒░·●]/.test(line));
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

test('--runs 3 --warmup 1 --export-json, then --baseline: same settings no difference, doubled latency slower and exit 1', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const base = ['--count', '3', '--jitter', '0', '--bandwidth', '0', '--runs', '3', '--warmup', '1', '--out', path.join(dir, 'c')];
		const saved = path.join(dir, 'base.json');
		const first = await runCli([...base, '--latency', '100', '--mode', 'sequential', '--export-json', saved, '--export-markdown', path.join(dir, 'r.md')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stdout, /^warm-up 1\/1 sequential: 3 ok/m);
		assert.equal(first.stdout.split('\n').filter(line => /^run \d\/3 sequential: 3 ok/.test(line)).length, 3);
		assert.match(first.stdout, /sequential: \d+ms ± \d+ms \(min \d+ … max \d+, 3 runs\)/);
		const exported = JSON.parse(await readFile(saved, 'utf8')) as {schema: string; strategies: Array<{wallMs: number[]}>};
		assert.equal(exported.schema, 'imgrace/race@1');
		assert.equal(exported.strategies[0]!.wallMs.length, 3, 'warm-up runs are not counted');
		assert.match(await readFile(path.join(dir, 'r.md'), 'utf8'), /^\| Strategy \|/);

		const same = await runCli([...base, '--latency', '100', '--mode', 'sequential', '--baseline', saved, '--fail-on-regression'], {cwd: dir, timeoutMs: 60_000});
		assert.equal(same.code, 0, same.stdout);
		assert.match(same.stdout, /sequential: no difference/);

		const slow = await runCli([...base, '--latency', '200', '--mode', 'sequential', '--baseline', saved, '--fail-on-regression', '--json'], {cwd: dir, timeoutMs: 60_000});
		assert.equal(slow.code, 1, slow.stderr);
		const report = JSON.parse(slow.stdout) as {baseline: {strategies: Array<{verdict: string; reason: string}>}; repeat: {runs: number}};
		assert.equal(report.baseline.strategies[0]!.verdict, 'slower');
		assert.equal(report.repeat.runs, 3);
	});
});

test('a baseline that is not an export: one line, exit 2, before anything downloads', async () => {
	await withTempDir(async dir => {
		await writeFile(path.join(dir, 'race.json'), JSON.stringify({version: '0.1.0', runs: []}));
		await writeFile(path.join(dir, 'bad.json'), '{not json');
		const cases: Array<[string, RegExp]> = [
			['race.json', /--baseline race\.json: no schema, want 'imgrace\/race@1'/],
			['bad.json', /--baseline bad\.json: not JSON/],
			['missing.json', /--baseline missing\.json: no such file/],
		];
		for (const [file, message] of cases) {
			const result = await runCli(['--count', '1', ...fast, '--baseline', file, '--out', 'x'], {cwd: dir});
			assert.equal(result.code, 2, result.stderr);
			const lines = result.stderr.trim().split('\n');
			assert.equal(lines.length, 1, result.stderr);
			assert.match(lines[0]!, message);
			assert.equal(result.stdout, '');
		}
	});
});

test('--export-csv - writes the table to stdout after the results', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '2', ...fast, '--export-csv', '-', '--out', path.join(dir, 'e')], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /\nstrategy,concurrency,runs,mean_ms,sd_ms,median_ms,min_ms,max_ms,relative\r\nsequential,1,1,/);
	});
});
