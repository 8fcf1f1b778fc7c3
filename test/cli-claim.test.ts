import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import path from 'node:path';
import {test} from 'node:test';
import {cliPath, runCli} from './helpers/cli.js';
import {listFiles, withTempDir} from './helpers/events.js';

const fast = ['--latency', '20', '--jitter', '0', '--bandwidth', '2MB'];

type JsonRun = {strategy: string; ok: number; work: string; speedup: number | null; startupMs: number; cpuMs: number; peakRssMb: number};

test('--json runs[] carry work, speedup against sequential, cpuMs, peakRssMb and startupMs; the verdict\'s claim in words', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--mode', 'sequential,threads,processes', '--count', '3', '--concurrency', '3', '--json', '--out', dir, ...fast], {timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {runs: JsonRun[]; speedup: number | null; verdict: {winner: string | null; against: string | null; claim: string[]}};
		assert.deepEqual(report.runs.map(run => [run.strategy, run.ok, run.work]), [['sequential', 3, 'download'], ['threads', 3, 'download'], ['processes', 3, 'download']]);
		for (const run of report.runs) {
			assert.ok(run.cpuMs > 0 && run.peakRssMb >= 0 && run.startupMs >= 0, JSON.stringify({...run, images: undefined}));
		}

		assert.equal(report.runs[0]!.speedup, 1);
		assert.equal(report.runs[0]!.startupMs, 0);
		assert.ok(report.runs[1]!.startupMs > 0 && report.runs[2]!.startupMs > 0, 'workers take time to start');
		assert.ok(typeof report.runs[1]!.speedup === 'number' && typeof report.runs[2]!.speedup === 'number');
		assert.equal(report.speedup, null, 'the top-level speedup is sequential over parallel: no parallel ran');
		assert.ok(report.verdict.winner !== null && report.verdict.against !== null, JSON.stringify(report.verdict));
		// A download race with a one-at-a-time run: the waiting half only (unless it would repeat the verdict), never "Computing".
		assert.ok(report.verdict.claim.length <= 1, report.verdict.claim.join('\n'));
		for (const sentence of report.verdict.claim) {
			assert.match(sentence, /^Waiting on the network: overlapping the downloads (made them [\d.]+× faster|did not make them faster) .*\((threads|processes)×3|sequential \S+ vs/);
		}
	});
});

test('--work thumbnail from the CLI: a thumbnail beside each image; the plain output gives the costs and the computing sentence', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--mode', 'parallel,processes', '--work', 'thumbnail', '--thumb-size', '48', '--thumb-repeat', '1', '--count', '2', '--out', dir, ...fast], {timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		for (const strategy of ['parallel', 'processes']) {
			assert.deepEqual((await listFiles(path.join(dir, strategy))).filter(file => file.endsWith('.thumb.jpg')).sort(), ['001.thumb.jpg', '002.thumb.jpg']);
		}

		assert.match(result.stdout, /^processes×2: 2 ok, 0 failed, .*; cpu \S+, \+[\d.]+ MB, start \S+$/m);
		assert.match(result.stdout, /^(processes×2|parallel×2) (and (processes×2|parallel×2) even|[\d.]+× faster than (processes×2|parallel×2)) \((processes|parallel) \S+ vs (processes|parallel) \S+\)/m);
		assert.match(result.stdout, /^Computing: .*processes×2.*parallel×2.*\.$/m, 'processes against the event loop, each named');
		assert.doesNotMatch(result.stdout, /^Waiting on the network/m, 'no one-at-a-time run: nothing to measure waiting against');
	});
});

test('--work and the thumbnail flags: bad values are one line and exit 2', async () => {
	for (const [args, pattern] of [
		[['--work', 'resize'], /--work must be one of download, thumbnail, got "resize"/],
		[['--work', 'thumbnail', '--thumb-size', '0'], /--thumb-size must be between 1 and 4,096, got 0/],
		[['--work', 'thumbnail', '--thumb-repeat', 'x'], /--thumb-repeat must be a whole number, got 'x'/],
		[['--thumb-repeat', '3'], /--thumb-repeat goes with --work thumbnail/],
	] as Array<[string[], RegExp]>) {
		const result = await runCli(args);
		assert.equal(result.code, 2, result.stderr);
		assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.match(result.stderr, pattern);
	}
});

test('SIGINT to the whole process group mid-run (Ctrl+C): exit 130, no temp file, no worker or child left', async () => {
	await withTempDir(async dir => {
		// Its own process group, as a shell gives a job: the signal reaches imgrace and its children at once.
		const child = spawn(process.execPath, [cliPath, '--mode', 'threads,processes', '--count', '8', '--concurrency', '2', '--out', dir, '--latency', '100', '--bandwidth', '300KB'], {detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, CI: 'true'}});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
		const deadline = performance.now() + 20_000;
		// The child processes' first image done: they are up and the rest of their images are in flight.
		while (!/^processes×2 \d{3} /m.test(stdout) && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		process.kill(-child.pid!, 'SIGINT');
		assert.equal(await exited, 130, stdout);
		// The children exit on their own signal, a moment after the parent perhaps: gone within 5 s, however busy the machine.
		const group = () => execFileSync('ps', ['-eo', 'pid=,pgid=,args='], {encoding: 'utf8'}).split('\n').filter(line => line.trim().split(/\s+/)[1] === String(child.pid));
		const gone = performance.now() + 5000;
		while (group().length > 0 && performance.now() < gone) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.deepEqual(group(), [], 'nothing of imgrace\'s process group is alive');
		const files = [...await listFiles(path.join(dir, 'threads')), ...await listFiles(path.join(dir, 'processes'))];
		assert.deepEqual(files.filter(file => !/^\d{3}\.(jpg|png)$/.test(file)), [], 'no temp file');
	});
});
