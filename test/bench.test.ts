import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {measureEngine} from '../bench/measure.js';
import {jsonExporter} from '../bench/report/json.js';
import {markdownExporter} from '../bench/report/markdown.js';
import {reportColumns, tableExporter} from '../bench/report/table.js';
import type {BenchResults} from '../bench/results.js';
import {exportProblems} from '../bench/shape.js';
import {imageUrls, writeUrlList} from '../bench/workload.js';
import {fixedResults} from './helpers/bench-results.js';
import {outputOf, runCli, type CliResult} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const benchPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'bench.js');
const workerPath = path.join(path.dirname(benchPath), 'engine-worker.js');

function targetOf(results: BenchResults, name: string) {
	const target = results.targets.find(candidate => candidate.name === name);
	assert.ok(target, `a target named '${name}' (have: ${results.targets.map(candidate => candidate.name).join('; ')})`);
	return target;
}

/** Lines of a text wider than the report's terminal. */
function tooWide(text: string): string[] {
	return text.split('\n').filter(line => [...line].length > reportColumns);
}

/** Run a built script of the bench on this Node in a process group of its own (a timeout ends its workers too). */
async function runScript(file: string, args: readonly string[], cwd?: string): Promise<CliResult> {
	const child = spawn(process.execPath, [file, ...args], {cwd, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, FORCE_COLOR: '0'}, detached: true});
	return outputOf(child, 100_000, () => process.kill(-child.pid!, 'SIGKILL')).done;
}

const runBench = async (args: readonly string[], cwd?: string) => runScript(benchPath, args, cwd);

// The shape and the judging, from fixed figures: no test asserts a measured performance target (they depend on the machine).
test('the export has the shape its readers depend on, and the report fits in 100 columns', async () => {
	const results = await fixedResults();
	const json: unknown = JSON.parse(jsonExporter.serialize(results));
	assert.deepEqual(exportProblems(json), []);

	const table = tableExporter.serialize(results);
	assert.deepEqual(tooWide(table), [], 'every line of the table fits the terminal');
	// A loaded machine misses targets: "(NOT met)" is the widest a target cell gets.
	const missed = {...results, targets: results.targets.map(target => ({...target, met: false}))};
	assert.deepEqual(tooWide(tableExporter.serialize(missed)), [], 'every line fits with every target missed');
	for (const row of ['got parallel×64', 'got threads×2', 'undici parallel×64', 'undici threads×2', 'undici threads×4', 'got parallel×64, tmpfs', 'undici parallel×64, tmpfs', 'curl --parallel×64', 'got parallel×64, before', 'threads, undici', 'threads, undici alone', 'processes, got unbundled', 'pipeline']) {
		assert.match(table, new RegExp(`^${row}  `, 'm'), `a row for ${row}`);
	}

	assert.match(markdownExporter.serialize(results), /^\| Target \| Goal \| Measured \| Before \| Result \|$/m);
});

test('issue 19 and 20\'s targets are judged on the right figures', async () => {
	const results = await fixedResults();
	// undici threads×2 made 1,125 images/s on average, curl 2,250: the best undici run, 0.5× curl.
	assert.equal(results.scale?.best, 'threads×2');
	assert.deepEqual([targetOf(results, 'undici best / curl (images/s)').measured, targetOf(results, 'undici best / curl (images/s)').met], [0.5, true]);
	// 0.9 against 2 ms of CPU per image, both parallel×64 to tmpfs; to disk 1.5 against 3, said beside it.
	assert.deepEqual([targetOf(results, 'undici / got CPU per image').measured, targetOf(results, 'undici / got CPU per image').met], [0.45, true]);
	assert.match(targetOf(results, 'undici / got CPU per image').note ?? '', /images to tmpfs/);
	assert.deepEqual([results.scale?.cpuPerImageOn, results.scale?.cpuPerImageRatioOnDisk], ['tmpfs', 0.5]);
	// The runs to tmpfs are never set against curl, which writes to disk.
	assert.deepEqual(results.scale?.onTmpfs?.map(run => [run.client, run.overCurl]), [['got', null], ['undici', null]]);
	// got parallel, 500 images/s, is what the ratio used to be: kept as a target of its own, under its old name too.
	const got = targetOf(results, 'got parallel / curl (images/s)');
	assert.deepEqual([got.measured?.toFixed(3), got.met, got.was], ['0.222', false, 'imgrace / curl (images/s)']);
	assert.equal(results.scale?.imgraceRatio, got.measured);
	// Threads ready ÷ empty per round, the median: got 1.3 and 1.4, undici 1.6 and 1.5.
	assert.deepEqual([targetOf(results, '10 threads ready / 10 empty (got)').measured, targetOf(results, '10 threads ready / 10 empty (got)').met], [1.35, true]);
	assert.deepEqual([targetOf(results, '10 threads ready / 10 empty (undici)').measured?.toFixed(2), targetOf(results, '10 threads ready / 10 empty (undici)').met], ['1.55', false]);
	// Workers that only make the client took 0.8× the pool's in every round: the floor, and what imgrace adds to it.
	const undiciThreads = results.startup?.threads.clients?.find(client => client.client === 'undici');
	assert.deepEqual([undiciThreads?.aloneRatio?.toFixed(2), undiciThreads?.overAlone?.toFixed(2)], [(1.55 * 0.8).toFixed(2), '1.25']);
	// The pipeline: 8,800 ÷ 5,000 ms on thumbnails at the server's defaults; on downloads 428 against 422 ms, no start-up.
	assert.deepEqual([targetOf(results, 'thumbnail, server defaults: pipeline / parallel').measured, targetOf(results, 'thumbnail, server defaults: pipeline / parallel').met], [1.76, true]);
	assert.equal(targetOf(results, 'download: pipeline / parallel (wall)').measured?.toFixed(3), (428 / 422).toFixed(3));
	assert.deepEqual([targetOf(results, 'download: pipeline start-up [ms]').measured, targetOf(results, 'download: pipeline start-up [ms]').met], [0, true]);
	// Memory, per client (each has its own heap policy): got 127 ÷ 100 MB, undici 117 ÷ 100; got's keeps its old name too.
	const memory = ['got', 'undici'].map(client => targetOf(results, `peak RSS 5000 / 100 images (${client})`));
	assert.deepEqual(memory.map(target => [target.measured, target.met]), [[1.27, true], [1.17, true]]);
	assert.equal(memory[0]?.was, 'peak RSS 5000 / 100 images');
	// Issue 12's thumbnail targets stay on the 20 ms variant.
	assert.equal(targetOf(results, 'thumbnail: threads / parallel in all').measured, 1.6);
	assert.equal(results.cpu?.server?.latencyMs, 20);
	assert.deepEqual(results.cpuAtDefaults?.server, {latencyMs: 350, jitterMs: 50, bandwidth: 1_000_000});
});

test('without a pipeline strategy its targets are not applicable, and the report says why', async () => {
	const results = await fixedResults({pipeline: false});
	for (const name of ['download: pipeline / parallel (wall)', 'download: pipeline start-up [ms]', 'thumbnail, server defaults: pipeline / parallel']) {
		assert.deepEqual([targetOf(results, name).met, targetOf(results, name).note], [null, 'no pipeline strategy in this build']);
	}

	assert.deepEqual(results.cpuAtDefaults?.strategies.map(run => run.strategy), ['parallel', 'threads', 'processes']);
	assert.match(tableExporter.serialize(results), /pipeline: no such strategy in this build, no row/);
	assert.deepEqual(exportProblems(JSON.parse(jsonExporter.serialize(results))), []);
});

test('the shape check finds what a reader would miss', async () => {
	const json = JSON.parse(jsonExporter.serialize(await fixedResults())) as {scale: Record<string, unknown>; ui: unknown};
	delete json.scale['ratio'];
	json.ui = null;
	assert.deepEqual(exportProblems(json), ['scale.ratio is not a number (undefined)', 'ui is not an object (null)']);
	assert.deepEqual(exportProblems(json, ['startup']).slice(0, 1), ['ideal was not run, yet is {"images":10,"imageBytes":200000,"latenc']);
});

// A real run of the bench (its export, its printed report, the comparison with bench/before.json) is the
// smoke run's, in .ci/run (scripts/bench-smoke.mjs): a benchmark, even --quick, is not a unit test (issue 21).

test('a --before that cannot be read is one line and exit 2, before anything is measured', async () => {
	await withTempDir(async dir => {
		await writeFile(path.join(dir, 'not.json'), '{"machine":');
		const missing = await runBench(['--before', 'nowhere.json'], dir);
		assert.deepEqual([missing.code, missing.stdout, missing.stderr], [2, '', 'imgrace bench: cannot read --before nowhere.json: ENOENT\n']);
		const broken = await runBench(['--before', 'not.json'], dir);
		assert.deepEqual([broken.code, broken.stderr], [2, 'imgrace bench: not.json is not JSON\n']);
	});
});

// Issue 19: the benchmark measures the client it names. The worker's run record says which one it used.
test('measureEngine runs the engine on the client it is given', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const urlsFile = path.join(dir, 'urls.txt');
		await writeUrlList(urlsFile, imageUrls(server.url, 2));
		for (const client of ['undici', 'got'] as const) {
			const outDir = path.join(dir, client);
			await mkdir(outDir);
			const sample = await measureEngine({urlsFile, outDir, concurrency: 2, strategy: 'parallel', client, resultFile: path.join(dir, 'result.json')});
			assert.deepEqual([sample.client, sample.ok, sample.failed], [client, 2, 0]);
		}
	}));
});

test('the benchmark worker refuses what the CLI refuses, in one line', async () => {
	await withTempDir(async dir => {
		const worker = await runScript(workerPath, ['--urls', 'list.txt', '--out', 'img', '--concurrency', '2', '--client', 'carrier-pigeon', '--result', 'result.json'], dir);
		assert.deepEqual([worker.code, worker.stderr], [2, 'engine-worker: --client must be got or undici, got \'carrier-pigeon\'\n']);
	});
});

// The worker measures what `imgrace --json` does only if it opens the race as the CLI does: the runner
// bound by source/entry/ makes each run's folder and turns a folder that cannot be made into a run that
// did not start, with a reason in words. A runner bound by hand would fail on the engine's own error.
test('the benchmark worker races through the CLI\'s entry layer: a run that cannot start fails alike', async () => {
	await withTempDir(async dir => {
		// Never contacted: the run stops at its folder.
		await writeFile(path.join(dir, 'list.txt'), 'http://127.0.0.1:9/a.jpg\n');
		await mkdir(path.join(dir, 'img'));
		await writeFile(path.join(dir, 'img', 'parallel'), 'in the way');
		const cli = await runCli(['--json', '--urls', 'list.txt', '--out', 'img', '--mode', 'parallel'], {cwd: dir});
		assert.equal(cli.code, 1, cli.stderr);
		const report = JSON.parse(cli.stdout) as {runs: Array<{error: string | null}>};
		const reason = report.runs[0]?.error;
		assert.match(reason ?? '', /^cannot create folder img\/parallel: a file is in the way$/);

		const {code, stderr} = await runScript(workerPath, ['--urls', 'list.txt', '--out', 'img', '--concurrency', '2', '--strategy', 'parallel', '--result', 'result.json'], dir);
		assert.equal(code, 1, stderr);
		assert.equal(stderr, `engine-worker: ${reason}\n`);
	});
});
