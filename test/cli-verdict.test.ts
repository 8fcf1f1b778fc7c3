import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {imageUrl} from '../source/server/image-url.js';
import {runCli, startCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

/** Small and quick: these tests check what is said, never how fast. */
const fast = ['--latency', '20', '--jitter', '0', '--bandwidth', '0'];

/** Lines of plain output that give a verdict (or say why there is none), wherever they are; not the claim's sentences. */
const verdicts = (stdout: string) => stdout.split('\n').filter(line => /\bfaster\b|\beven\b|no verdict|^cannot tell/.test(line) && !/^(Waiting on the network|Computing):/.test(line));

test('--runs: one verdict, from the means with its spread, printed once after the repeated runs', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '2', ...fast, '--mode', 'both', '--runs', '3', '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 90_000});
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.split('\n');
		assert.deepEqual(verdicts(result.stdout).length, 1, `one verdict line:\n${result.stdout}`);
		const [verdict] = verdicts(result.stdout);
		// Which of the three this machine's timing gives is not the code's to promise.
		assert.match(verdict!, /^((parallel×2|sequential) ([\d.]+ ± [\d.]+× faster than (parallel×2|sequential)|and (parallel×2|sequential) even)|cannot tell (parallel×2|sequential) from (parallel×2|sequential) apart: [\d.]+ ± [\d.]+× is within the runs' noise) \(means of 3 runs: (parallel|sequential) \S+ vs (parallel|sequential) \S+\)/);
		assert.ok(lines.indexOf(verdict!) > lines.indexOf('Repeated runs:'), 'after the means it comes from');
		assert.equal(lines.filter(line => /^ {2}(parallel×2|sequential): .*3 runs\)$/.test(line)).length, 2, 'the repeat block keeps its line per strategy');

		const json = await runCli(['--count', '2', ...fast, '--mode', 'both', '--runs', '2', '--json', '--out', path.join(dir, 'j')], {cwd: dir, timeoutMs: 90_000});
		assert.equal(json.code, 0, json.stderr);
		const report = JSON.parse(json.stdout) as {verdict: {winner: string; against: string; ratio: number; spread: number | null; text: string; walls: Array<{runs: number}>}; repeat: Record<string, unknown>};
		assert.equal(typeof report.verdict.spread, 'number', 'two runs each: the ratio\'s σ');
		assert.ok(report.verdict.ratio >= 1);
		assert.deepEqual(report.verdict.walls.map(wall => wall.runs), [2, 2]);
		assert.match(report.verdict.text, /\(means of 2 runs: /);
		assert.equal(report.repeat['verdict'], undefined, 'the verdict is given once, at the top');
	});
});

test('one run each: the plain verdict names every time\'s strategy, in the order its words do', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '2', ...fast, '--mode', 'sequential,parallel,threads', '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		const [verdict, ...more] = verdicts(result.stdout);
		assert.deepEqual(more, []);
		const match = /^(\w+)(?:×\d+)? (?:[\d.]+× faster than|and) (\w+)(?:×\d+)?(?: even)? \((\w+) \S+ vs (\w+) \S+\)/.exec(verdict!);
		assert.ok(match, verdict);
		assert.deepEqual([match[3], match[4]], [match[1], match[2]], verdict);
		assert.doesNotMatch(result.stdout, /\d(ms|s) vs \d/, 'no time without its strategy');
	});
});

test('SIGINT during the second strategy: no "faster", the reason instead, exit 130', async () => {
	await withTempDir(async dir => {
		const {child, done, stdout} = startCli(['--count', '4', '--latency', '400', '--jitter', '0', '--bandwidth', '0', '--out', path.join(dir, 'o')], {cwd: dir, timeoutMs: 60_000});
		const deadline = performance.now() + 30_000;
		while (!/^parallel×4: 4 images/m.test(stdout()) && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		child.kill('SIGINT');
		const result = await done;
		assert.equal(result.code, 130, result.stderr);
		assert.doesNotMatch(result.stdout, /faster/);
		assert.match(result.stdout, /^no verdict: parallel was aborted$/m);
	});
});

test('one strategy, an image failed or not: no verdict in --json, the exports or the plain lines, as json.md has it', {timeout: 120_000}, async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		for (const failing of [false, true]) {
			const list = path.join(dir, `${failing}.txt`);
			await writeFile(list, `${imageUrl(server.url, 0, failing ? {status: 404} : undefined)}\n${imageUrl(server.url, 1)}\n`);
			const file = (name: string) => path.join(dir, `${failing}-${name}`);
			const race = ['--urls', list, '--mode', 'parallel', '--out', path.join(dir, 'o')];
			const json = await runCli([...race, '--json', '--export-json', file('e.json'), '--export-markdown', file('e.md'), '--export-html', file('e.html')], {cwd: dir});
			assert.equal(json.code, failing ? 1 : 0, json.stderr);
			assert.equal((JSON.parse(json.stdout) as {verdict: unknown}).verdict, null);
			assert.equal((JSON.parse(await readFile(file('e.json'), 'utf8')) as {verdict: unknown}).verdict, null);
			assert.match((await readFile(file('e.md'), 'utf8')).trimEnd().split('\n').at(-1)!, /^\| parallel \|/, 'nothing under the table');
			assert.doesNotMatch(await readFile(file('e.html'), 'utf8'), /class="verdict"|no verdict/);
			const plain = await runCli(race, {cwd: dir});
			assert.deepEqual(verdicts(plain.stdout), [], plain.stdout);
		}
	}));
});
