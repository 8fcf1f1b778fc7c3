import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {parseRaceConfig} from '../source/config/parse-options.js';
import {runRounds, type Round} from '../source/entry/run-rounds.js';
import {raceNoise, wideSpread} from '../source/model/noise.js';
import {summariseRepeats} from '../source/model/repeats.js';
import {roundOrder} from '../source/model/run-order.js';
import {noiseLines} from '../source/output/repeat-lines.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {fakeRunner, type FakeRunnerOptions} from './helpers/fake-runner.js';
import {fakeRun, phases} from './helpers/show-records.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

test('rounds interleave the strategies and reverse every other round: A B, B A, A B', () => {
	assert.deepEqual([0, 1, 2, 3].map(round => roundOrder(['a', 'b'], round).join('')), ['ab', 'ba', 'ab', 'ba']);
	assert.deepEqual(roundOrder(['a', 'b', 'c'], 1), ['c', 'b', 'a']);
	assert.deepEqual(roundOrder(['a'], 1), ['a']);
});

test('runRounds runs one of each strategy per round in that order, warm-ups first and not counted, sampling the load between rounds', async () => {
	const log: NonNullable<FakeRunnerOptions['log']> = [];
	const runner = fakeRunner({images: [{bytes: 100}], latencyMs: 1, log});
	const loads = [0.5, 1.5, 3.5, 2.5, 1];
	const seen: Round[] = [];
	const rounds = await runRounds({
		runner,
		registry,
		config: parseRaceConfig({}, registry),
		show: {runs: 3, warmup: 1},
		imageCount: 1,
		signal: new AbortController().signal,
		listenerFor(round) {
			seen.push(round);
			return {};
		},
		loadAverage: () => loads.shift()!,
	});
	assert.deepEqual(log.map(entry => entry.strategy), ['sequential', 'parallel', 'parallel', 'sequential', 'sequential', 'parallel', 'parallel', 'sequential']);
	assert.deepEqual(rounds.order, [
		{round: 1, warmup: true, strategies: ['sequential', 'parallel']},
		{round: 1, warmup: false, strategies: ['parallel', 'sequential']},
		{round: 2, warmup: false, strategies: ['sequential', 'parallel']},
		{round: 3, warmup: false, strategies: ['parallel', 'sequential']},
	]);
	assert.deepEqual(seen, rounds.order, 'each round gets its listener');
	assert.deepEqual(rounds.records.map(record => record.strategy), ['parallel', 'sequential', 'sequential', 'parallel', 'parallel', 'sequential'], 'the warm-up round is not counted');
	assert.equal(rounds.loads.size, 6);
	assert.deepEqual(rounds.loadAverages, [0.5, 1.5, 3.5, 2.5, 1]);
});

const repeats = (strategy: string, walls: number[], concurrency = 1) => walls.map((ms, index) => fakeRun(strategy, [{phases: phases(0, ms - 12)}], {runId: `${strategy}${index}`, concurrency}));

test('noise: a load average above the cores, and runs whose σ is over 10% of their mean', () => {
	const quiet = summariseRepeats([...repeats('sequential', [400, 404, 398]), ...repeats('parallel', [100, 130, 80], 4)]);
	const noise = raceNoise([0.4, 3.1, 2.2], 2, quiet.strategies);
	assert.equal(noise.loadAverage, 3.1);
	assert.equal(noise.busy, true);
	assert.deepEqual(noise.wide.map(side => side.strategy), ['parallel']);
	assert.ok(noise.wide[0]!.spread > wideSpread);
	assert.deepEqual(noiseLines(noise), [
		'Noise: the 1-minute load average reached 3.1 on 2 cores during the race (imgrace\'s own work counts too): other work may have stretched these times',
		`Noise: parallel×4's runs spread widely, their standard deviation ${Math.round(noise.wide[0]!.spread * 100)}% of the mean (over 10%): more --runs or a quieter machine would tell more`,
	]);
	const calm = raceNoise([0.4, 1.9], 2, summariseRepeats(repeats('sequential', [400, 404])).strategies);
	assert.deepEqual([calm.busy, calm.wide.length], [false, 0]);
	assert.deepEqual(noiseLines(calm), []);
	// Where the system keeps no load average (Windows: all zeros): no figure, and not "busy".
	assert.deepEqual([raceNoise([0, 0], 2, []).loadAverage, raceNoise([0, 0], 2, []).busy], [null, false]);
	// One run has no spread to judge.
	assert.equal(raceNoise([], 2, summariseRepeats(repeats('parallel', [100], 4)).strategies).wide.length, 0);
});

test('imgrace --runs 3: the runs alternate which strategy goes first, and the export records the order and the noise', {timeout: 90_000}, async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'x.json');
		const result = await runCli(['--count', '2', '--latency', '20', '--jitter', '0', '--bandwidth', '0', '--runs', '3', '--export-json', file, '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 80_000});
		assert.equal(result.code, 0, result.stderr);
		const runs = result.stdout.split('\n').filter(line => line.startsWith('run ')).map(line => /^run (\d)\/3 (\w+)/.exec(line)!.slice(1).join(' '));
		assert.deepEqual(runs, ['1 sequential', '1 parallel', '2 parallel', '2 sequential', '3 sequential', '3 parallel']);
		const exported = JSON.parse(await readFile(file, 'utf8')) as {order: Array<{round: number; warmup: boolean; strategies: string[]}>; noise: {loadAverage: number | null; cores: number; busy: boolean; wide: unknown[]}};
		assert.deepEqual(exported.order.map(round => round.strategies.join(',')), ['sequential,parallel', 'parallel,sequential', 'sequential,parallel']);
		assert.equal(exported.noise.cores, os.availableParallelism());
		assert.equal(exported.noise.busy, exported.noise.loadAverage !== null && exported.noise.loadAverage > exported.noise.cores);
		assert.ok(Array.isArray(exported.noise.wide));
		// The note is there exactly when the export says the machine was busy; a note, so on stderr.
		assert.equal(/^imgrace: Noise: the 1-minute load average reached/m.test(result.stderr), exported.noise.busy);
		assert.doesNotMatch(result.stdout, /Noise/);
	});
});

test('a noise note is a note: on stderr, never among the results on stdout', {timeout: 90_000}, async () => {
	const jpeg = await readFile(path.resolve('test/fixtures/b444.jpg'));
	// The second of three runs waits 400 ms for its one image, the others 5 ms: their spread is far over 10%.
	const delays = [5, 400, 5];
	let served = 0;
	const server = http.createServer((_, response) => {
		setTimeout(() => response.writeHead(200, {'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length}).end(jpeg), delays[served++] ?? 5);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	try {
		await withTempDir(async dir => {
			await writeFile(path.join(dir, 'urls.txt'), `http://127.0.0.1:${(server.address() as AddressInfo).port}/a.jpg\n`);
			const result = await runCli(['--urls', 'urls.txt', '--mode', 'sequential', '--runs', '3', '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
			assert.equal(result.code, 0, result.stderr);
			assert.equal(served, 3, 'the race\'s own three requests');
			assert.match(result.stderr, /^imgrace: Noise: sequential's runs spread widely/m);
			assert.doesNotMatch(result.stdout, /Noise/);
			assert.match(result.stdout, /^ {2}sequential: .*3 runs\)$/m, 'the results stay on stdout');
		});
	} finally {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	}
});
