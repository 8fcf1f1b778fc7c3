import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {measureEngine} from '../bench/measure.js';
import {imageUrls, writeUrlList} from '../bench/workload.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const benchPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'bench.js');
const workerPath = path.join(path.dirname(benchPath), 'engine-worker.js');

type Json = Record<string, unknown>;

function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function object(value: unknown, where: string): Json {
	assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${where} is an object`);
	return value as Json;
}

function numbers(value: unknown, where: string, names: readonly string[]): void {
	const record = object(value, where);
	for (const name of names) {
		assert.ok(isNumber(record[name]), `${where}.${name} is a number (got ${JSON.stringify(record[name])})`);
	}
}

// The shape only: no test asserts a performance target (they depend on the machine).
test('bench --quick exports the documented JSON shape', {timeout: 120_000}, async () => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'imgrace-bench-test-'));
	try {
		const file = path.join(directory, 'bench.json');
		const markdown = path.join(directory, 'bench.md');
		const child = spawn(process.execPath, [benchPath, '--quick', '--export-json', file, '--export-markdown', markdown], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, FORCE_COLOR: '0'},
			// A group of its own, so a timeout ends the engine workers, their children and the server too.
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 110_000);
		const code = await new Promise<number | null>(resolve => {
			child.on('close', resolve);
		});
		clearTimeout(timer);
		assert.equal(code, 0, `bench exited ${code}: ${stderr.slice(-2000)}`);
		assert.match(stdout, /Against the ideal/);
		assert.match(stdout, /Targets/);

		const results = object(JSON.parse(await readFile(file, 'utf8')), 'results');
		numbers(results['machine'], 'machine', ['cores', 'memoryGb']);
		assert.equal(typeof object(results['machine'], 'machine')['node'], 'string');

		const ideal = object(results['ideal'], 'ideal');
		for (const strategy of ['sequential', 'parallel']) {
			numbers(ideal[strategy], `ideal.${strategy}`, ['meanMs', 'sdMs', 'idealMs', 'ratio']);
		}

		assert.deepEqual((ideal['pooled'] as Json[]).map(pool => pool['strategy']), ['threads', 'processes'], 'threads and processes on the same downloads');
		for (const pool of ideal['pooled'] as Json[]) {
			numbers(pool, `ideal.pooled.${String(pool['strategy'])}`, ['workers', 'overParallel']);
			numbers(pool['startupMs'], `ideal.pooled.${String(pool['strategy'])}.startupMs`, ['mean']);
		}

		assert.ok((results['targets'] as Json[]).some(target => target['name'] === 'download: threads after start-up / parallel'), 'the I/O-bound pool target is reported');

		const scale = object(results['scale'], 'scale');
		numbers(scale['imgrace'], 'scale.imgrace', ['imagesPerSec', 'mbPerSec', 'cpuMs', 'peakRssMb']);
		if (scale['curl'] === null) {
			assert.equal(scale['ratio'], null);
		} else {
			numbers(scale['curl'], 'scale.curl', ['imagesPerSec', 'mbPerSec', 'cpuMs', 'peakRssMb']);
			assert.ok(isNumber(scale['ratio']), 'scale.ratio is a number');
		}

		assert.ok(Array.isArray(results['memory']) && results['memory'].length >= 2, 'memory has a point per count');
		for (const [index, point] of (results['memory'] as unknown[]).entries()) {
			numbers(point, `memory[${index}]`, ['count', 'peakRssMb']);
		}

		numbers(results['ui'], 'ui', ['wallRatio', 'cpuRatio', 'fps']);
		const startup = object(results['startup'], 'startup');
		for (const kind of ['threads', 'processes']) {
			numbers(startup[kind], `startup.${kind}`, ['ratio']);
			numbers(object(startup[kind], `startup.${kind}`)['imgraceMs'], `startup.${kind}.imgraceMs`, ['mean', 'sd', 'median']);
		}

		assert.ok((results['targets'] as Json[]).some(target => target['name'] === '10 threads ready / 10 empty'), 'the start-up target is reported');
		assert.match(await readFile(markdown, 'utf8'), /^\| Strategy \|/m);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
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
		const child = spawn(process.execPath, [workerPath, '--urls', 'list.txt', '--out', 'img', '--concurrency', '2', '--client', 'carrier-pigeon', '--result', 'result.json'], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		const code = await new Promise<number | null>(resolve => {
			child.on('close', resolve);
		});
		assert.deepEqual([code, stderr], [2, 'engine-worker: --client must be got or undici, got \'carrier-pigeon\'\n']);
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

		const child = spawn(process.execPath, [workerPath, '--urls', 'list.txt', '--out', 'img', '--concurrency', '2', '--strategy', 'parallel', '--result', 'result.json'], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		const code = await new Promise<number | null>(resolve => {
			child.on('close', resolve);
		});
		assert.equal(code, 1, stderr);
		assert.equal(stderr, `engine-worker: ${reason}\n`);
	});
});
