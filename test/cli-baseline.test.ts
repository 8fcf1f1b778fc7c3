import assert from 'node:assert/strict';
import {access, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {runCli, type CliResult} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';

/** Small and quick: these tests check what is said, never how fast. */
const fast = ['--latency', '20', '--jitter', '0', '--bandwidth', '0'];

type Export = {schema: string; settings: Record<string, unknown>; strategies: Array<{strategy: string; wallMs: number[]}>};

/** Exit 2 with one line on stderr matching `pattern`, before any download. */
async function refused(result: CliResult, pattern: RegExp, out: string): Promise<void> {
	assert.equal(result.code, 2, result.stderr);
	const lines = result.stderr.trim().split('\n');
	assert.equal(lines.length, 1, result.stderr);
	assert.match(lines[0]!, pattern);
	assert.equal(result.stdout, '');
	await assert.rejects(access(out), 'nothing downloaded');
}

// Whether this machine times the same race alike twice is not the code's to promise (it is loaded, and other test
// files run beside this one): the baselines below are built so that any run of the race gets one verdict.
test('--runs 3 --warmup 1 --export-json, then --baseline: one whose runs spread too widely is no difference; one far faster than the race can run makes it slower, exit 1', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const base = ['--count', '3', '--latency', '100', '--jitter', '0', '--bandwidth', '0', '--mode', 'sequential', '--runs', '3', '--warmup', '1', '--out', path.join(dir, 'c')];
		const saved = path.join(dir, 'base.json');
		const first = await runCli([...base, '--export-json', saved, '--export-markdown', path.join(dir, 'r.md')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stdout, /^warm-up 1\/1 sequential: 3 ok/m);
		assert.equal(first.stdout.split('\n').filter(line => /^run \d\/3 sequential: 3 ok/.test(line)).length, 3);
		assert.match(first.stdout, /sequential: \d+ms ± \d+ms \(min \d+ … max \d+, 3 runs\)/);
		const exported = JSON.parse(await readFile(saved, 'utf8')) as Export;
		assert.equal(exported.schema, 'imgrace/race@2');
		assert.equal(exported.strategies[0]!.wallMs.length, 3, 'warm-up runs are not counted');
		assert.deepEqual([exported.settings['images'], exported.settings['latencyMs'], exported.settings['seed'], exported.settings['work']], [3, 100, 1, {name: 'download'}]);
		assert.match(await readFile(path.join(dir, 'r.md'), 'utf8'), /^\| Strategy \|/);

		// The same race, saved with runs from 1 ms to 100 s: no difference this race's runs could show is significant.
		const spread = path.join(dir, 'spread.json');
		await writeFile(spread, JSON.stringify({...exported, strategies: exported.strategies.map(side => ({...side, wallMs: [1, 50_000, 100_000]}))}));
		const same = await runCli([...base, '--baseline', spread, '--fail-on-regression'], {cwd: dir, timeoutMs: 60_000});
		assert.equal(same.code, 0, same.stdout);
		assert.match(same.stdout, /sequential: no difference shown · /, 'a test that found no difference did not show there is none');

		// The same race, saved as if it took 10 ms a run: each run waits 3 × 100 ms of latency, a real regression.
		const quick = path.join(dir, 'quick.json');
		await writeFile(quick, JSON.stringify({...exported, strategies: exported.strategies.map(side => ({...side, wallMs: [10, 11, 12]}))}));
		const slow = await runCli([...base, '--baseline', quick, '--fail-on-regression', '--json'], {cwd: dir, timeoutMs: 60_000});
		assert.equal(slow.code, 1, slow.stderr);
		const report = JSON.parse(slow.stdout) as {baseline: {strategies: Array<{verdict: string; reason: string}>}; repeat: {runs: number}};
		assert.equal(report.baseline.strategies[0]!.verdict, 'slower');
		assert.equal(report.repeat.runs, 3);
	});
});

test('--baseline of another race is one line naming what differs, exit 2, before anything downloads', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const four = path.join(dir, 'b4.json');
		const saved = await runCli(['--count', '4', ...fast, '--runs', '2', '--export-json', four, '--out', path.join(dir, 'b')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(saved.code, 0, saved.stderr);
		const out = path.join(dir, 'later');
		await refused(await runCli(['--count', '8', ...fast, '--runs', '2', '--baseline', four, '--fail-on-regression', '--out', out], {cwd: dir}),
			/^imgrace: --baseline .*b4\.json is another race: the baseline has 4 images, this race 8 images \(compare like with like\)$/, out);
		await refused(await runCli(['--count', '4', '--latency', '40', '--jitter', '0', '--bandwidth', '0', '--runs', '2', '--baseline', four, '--out', out], {cwd: dir}),
			/the baseline has --latency 20 ms, this race --latency 40 ms/, out);
		await refused(await runCli(['--count', '4', ...fast, '--mode', 'parallel', '--work', 'thumbnail', '--baseline', four, '--out', out], {cwd: dir}),
			/the baseline has --mode sequential,parallel, this race --mode parallel; the baseline has --work download, this race --work thumbnail/, out);
	});
});

test('--baseline with one run on a side cannot decide and does not fail the build', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const once = path.join(dir, 'once.json');
		const saved = await runCli(['--count', '2', ...fast, '--export-json', once, '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(saved.code, 0, saved.stderr);
		// Saved as if it had been ten times faster: one run against one run still proves nothing.
		const exported = JSON.parse(await readFile(once, 'utf8')) as Export;
		await writeFile(once, JSON.stringify({...exported, strategies: exported.strategies.map(side => ({...side, wallMs: side.wallMs.map(ms => ms / 10)}))}));
		const result = await runCli(['--count', '2', ...fast, '--baseline', once, '--fail-on-regression', '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stdout);
		assert.match(result.stdout, /^ {2}sequential: cannot decide · .*one run on a side is no sample to test: use --runs 2 or more on both\)$/m);
		assert.doesNotMatch(result.stdout, /slower/);
		// One run has no spread, said alike everywhere: no "± 0.00", a null σ in the export, an empty one in the CSV.
		assert.doesNotMatch(result.stdout, /± 0\.00/);
		assert.ok(exported.strategies.every(side => (side as unknown as {sdMs: number | null}).sdMs === null), JSON.stringify(exported.strategies));
		const csv = await runCli(['--count', '2', ...fast, '--export-csv', '-', '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		assert.ok(csv.stdout.trimEnd().split('\r\n').slice(1).every(row => /^\w+,\d+,1,[\d.]+,,[\d.]+,[\d.]+,[\d.]+,[\d.]+,$/.test(row)), csv.stdout);
	});
});

test('an export from before the settings were recorded is compared, with a note naming what it lacks', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'old.json');
		const saved = await runCli(['--count', '2', ...fast, '--runs', '2', '--export-json', file, '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(saved.code, 0, saved.stderr);
		const exported = JSON.parse(await readFile(file, 'utf8')) as Export;
		// What imgrace/race@1 recorded at first.
		const {images, mode, concurrency, runs, warmup, source, latencyMs, jitterMs, bandwidth, linkBandwidth} = exported.settings;
		await writeFile(file, JSON.stringify({...exported, settings: {images, mode, concurrency, runs, warmup, source, latencyMs, jitterMs, bandwidth, linkBandwidth}}));
		const result = await runCli(['--count', '2', ...fast, '--runs', '2', '--baseline', file, '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, /^imgrace: --baseline .*old\.json does not record sourceFingerprint, keepAlive, client, work, seed, imageBytes \(an older export\): compared as if they matched$/m);
		assert.match(result.stdout, /^Against the baseline /m);
		// Still checked: what it does record.
		const other = await runCli(['--count', '3', ...fast, '--runs', '2', '--baseline', file, '--out', path.join(dir, 'x')], {cwd: dir, timeoutMs: 60_000});
		await refused(other, /the baseline has 2 images, this race 3 images/, path.join(dir, 'x'));
	});
});

test('a baseline that is not an export: one line, exit 2, before anything downloads', async () => {
	await withTempDir(async dir => {
		await writeFile(path.join(dir, 'race.json'), JSON.stringify({version: '0.1.0', runs: []}));
		await writeFile(path.join(dir, 'bad.json'), '{not json');
		await writeFile(path.join(dir, 'later.json'), JSON.stringify({schema: 'imgrace/race@3', strategies: [{strategy: 'sequential', wallMs: [100]}]}));
		// An export edited by hand (jq '.strategies[0].wallMs=[1e308,1e308,1e308]'): the comparison would say NaN.
		const edited = (wallMs: number[]) => JSON.stringify({schema: 'imgrace/race@2', settings: {}, strategies: [{strategy: 'sequential', wallMs}, {strategy: 'parallel', wallMs: [100, 101, 102]}]});
		await writeFile(path.join(dir, 'huge.json'), edited([1e308, 1e308, 1e308]));
		await writeFile(path.join(dir, 'zero.json'), edited([0, 0, 0]));
		await writeFile(path.join(dir, 'year.json'), edited([100, 365 * 24 * 3600 * 1000]));
		const cases: Array<[string, RegExp]> = [
			['race.json', /--baseline race\.json: no schema, want 'imgrace\/race@2' or an earlier one/],
			['later.json', /--baseline later\.json: schema 'imgrace\/race@3', want 'imgrace\/race@2' or an earlier one/],
			['bad.json', /--baseline bad\.json: not JSON/],
			['missing.json', /--baseline missing\.json: no such file/],
			['huge.json', /^imgrace: --baseline huge\.json: sequential has a wall time of 1e\+308 ms, which must be at most a week \(604,800,000 ms\) \(want a file written by --export-json\)$/],
			['zero.json', /^imgrace: --baseline zero\.json: sequential has a wall time of 0 ms, which must be above 0 \(want a file written by --export-json\)$/],
			['year.json', /--baseline year\.json: sequential has a wall time of 31536000000 ms, which must be at most a week/],
		];
		for (const [file, message] of cases) {
			await refused(await runCli(['--count', '1', ...fast, '--baseline', file, '--out', 'x'], {cwd: dir}), message, path.join(dir, 'x'));
		}
	});
});

test('--export-json writes imgrace/race@2 with the verdict object; --baseline still reads an imgrace/race@1 export', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const args = ['--count', '2', ...fast, '--mode', 'both', '--runs', '2', '--out', path.join(dir, 'o')];
		const saved = path.join(dir, 'new.json');
		const first = await runCli([...args, '--export-json', saved, '--export-markdown', path.join(dir, 'r.md')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(first.code, 0, first.stderr);
		const exported = JSON.parse(await readFile(saved, 'utf8')) as Export & {verdict: {winner: string | null; against: string | null; ratio: number | null; spread: number | null; text: string}};
		assert.equal(exported.schema, 'imgrace/race@2');
		assert.ok(['sequential', 'parallel'].includes(exported.verdict.winner!), JSON.stringify(exported.verdict));
		assert.deepEqual(new Set([exported.verdict.winner, exported.verdict.against]), new Set(['sequential', 'parallel']));
		assert.ok(typeof exported.verdict.ratio === 'number' && exported.verdict.ratio >= 1);
		assert.ok(typeof exported.verdict.spread === 'number', 'two runs each: the ratio has a spread');
		assert.ok(first.stdout.includes(exported.verdict.text), 'the export\'s words are the ones printed');
		assert.ok((await readFile(path.join(dir, 'r.md'), 'utf8')).includes(exported.verdict.text.split(' (')[0]!), 'the Markdown export gives the verdict under its table');

		// What imgrace/race@1 wrote: the verdict a string.
		const old = path.join(dir, 'old.json');
		await writeFile(old, JSON.stringify({...exported, schema: 'imgrace/race@1', verdict: 'parallel 3.2 ± 0.2× faster'}));
		const against = await runCli([...args, '--baseline', old], {cwd: dir, timeoutMs: 60_000});
		assert.equal(against.code, 0, against.stderr);
		assert.match(against.stdout, /^Against the baseline .*old\.json:$/m);
		assert.match(against.stdout, /^ {2}parallel×2: (no difference|no difference shown|faster|slower|cannot decide) /m);
	});
});

test('a race whose runs could not start: --json says why with its code, the export lists its strategies with no time, --baseline refuses it in words that fit', async () => {
	await withTempDir(async dir => {
		// A file in the way of each strategy's folder, as /proc is for root.
		const out = path.join(dir, 'o');
		await mkdir(out);
		await writeFile(path.join(out, 'sequential'), 'x');
		await writeFile(path.join(out, 'parallel'), 'x');
		const saved = path.join(dir, 'none.json');
		const result = await runCli(['--count', '2', ...fast, '--json', '--export-json', saved, '--out', out], {cwd: dir});
		assert.equal(result.code, 1, result.stderr);
		const report = JSON.parse(result.stdout) as {runs: Array<Record<string, unknown>>};
		for (const run of report.runs) {
			assert.deepEqual([run['wallMs'], run['failed'], run['code'], run['phases'], run['eventLoopUtilization'], run['clientBound']], [null, 2, 'ERR_IMGRACE_FOLDER', null, null, null]);
			assert.match(run['error'] as string, /a file is in the way/);
		}

		const exported = JSON.parse(await readFile(saved, 'utf8')) as {strategies: Array<{strategy: string; wallMs: number[]; leftOut: number; failedImages: number}>};
		assert.deepEqual(exported.strategies.map(side => [side.strategy, side.wallMs, side.leftOut, side.failedImages]), [['sequential', [], 1, 2], ['parallel', [], 1, 2]]);
		await refused(await runCli(['--count', '2', ...fast, '--baseline', saved, '--out', path.join(dir, 'x')], {cwd: dir}), /^imgrace: --baseline .*none\.json: no run of that race was counted \(each failed an image or could not start\), so it holds no time to compare with$/, path.join(dir, 'x'));
	});
});
