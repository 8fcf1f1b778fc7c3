import assert from 'node:assert/strict';
import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {listFiles, withTempDir} from './helpers/events.js';
import {runCli, startCli, verdictBetween} from './helpers/cli.js';

/** Embedded server settings that keep CLI tests fast. */
const fast = ['--latency', '20', '--jitter', '0', '--bandwidth', '2MB'];

function assertUsageError(result: {code: number | null; stderr: string}, pattern: RegExp) {
	assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
	const lines = result.stderr.split('\n').filter(line => line.trim() !== '');
	assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(result.stderr, /^\s+at |node:internal/m, 'no stack trace');
}

test('bad input: one clear line and exit 2', async () => {
	await withTempDir(async dir => {
		await writeFile(path.join(dir, 'not-a-dir'), '');
		await writeFile(path.join(dir, 'empty.txt'), '\n# nothing here\n');
		const cases: Array<[string[], RegExp]> = [
			[['--count', 'abc'], /--count must be a whole number, got 'abc'/],
			[['--count', '0'], /--count must be between 1/],
			[['--count', '-3'], /--count must be between 1/],
			[['--count', '10000000'], /--count must be between 1 and 100,000/],
			[['--concurrency', '0'], /--concurrency must be between 1/],
			[['--no-such-flag'], /unknown option --no-such-flag/],
			[['--url', 'not a url'], /not a valid URL/],
			[['--url', 'file:///etc/passwd'], /only http and https/],
			[['--url', 'ftp://127.0.0.1/x.jpg'], /only http and https/],
			[['--url', 'javascript:alert(1)'], /only http and https/],
			[['--urls', '/nonexistent/list.txt'], /--urls \/nonexistent\/list\.txt: no such file/],
			[['--urls', 'empty.txt'], /no URLs in the file/],
			[['--out', 'not-a-dir/sub', '--count', '1'], /--out not-a-dir\/sub: .*not a folder/],
			[['--out', 'not-a-dir', '--count', '1'], /--out not-a-dir: is a file, not a folder/],
			[['--mode', 'fast'], /--mode must be sequential, parallel, threads, processes, pipeline, both or all/],
			[['stuff'], /unknown command 'stuff'/],
		];
		for (const [args, pattern] of cases) {
			assertUsageError(await runCli(args, {cwd: dir}), pattern);
		}
	});
});

test('an unwritable --out is refused before any download', {skip: process.getuid?.() === 0 ? 'root can write anywhere' : false}, async () => {
	await withTempDir(async dir => {
		const locked = path.join(dir, 'locked');
		await mkdir(locked);
		await chmod(locked, 0o500);
		assertUsageError(await runCli(['--out', path.join(locked, 'x'), '--count', '1'], {cwd: dir}), /not writable/);
	});
});

test('a --urls file with bad lines reports each with its line number', async () => {
	await withTempDir(async dir => {
		await writeFile(path.join(dir, 'list.txt'), '# mine\nhttp://127.0.0.1:1/a.jpg\n\nnot a url\nfile:///etc/passwd\n');
		const result = await runCli(['--urls', 'list.txt'], {cwd: dir});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /list\.txt:4: 'not a url' is not a valid URL/);
		assert.match(result.stderr, /list\.txt:5: .*only http and https/);
		assert.doesNotMatch(result.stderr, /^\s+at /m);
	});
});

test('--json prints the documented document and saves both races', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--json', '--count', '4', '--out', 'img', ...fast], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {version: string; speedup: number | null; runs: Array<Record<string, unknown> & {images: Array<Record<string, unknown>>}>};
		assert.match(report.version, /^\d+\.\d+\.\d+/);
		assert.deepEqual(report.runs.map(run => run.strategy), ['sequential', 'parallel']);
		assert.equal(typeof report.speedup, 'number');
		for (const run of report.runs) {
			for (const key of ['strategy', 'concurrency', 'wallMs', 'ok', 'failed', 'bytes', 'images']) {
				assert.ok(key in run, `run has ${key}`);
			}

			assert.equal(run['ok'], 4);
			for (const image of run.images) {
				for (const key of ['index', 'url', 'path', 'bytes', 'contentType', 'width', 'height', 'startMs', 'ttfbMs', 'endMs', 'retries', 'error']) {
					assert.ok(key in image, `image has ${key}`);
				}

				const file = await readFile(path.resolve(dir, image['path'] as string));
				assert.equal(file.length, image['bytes']);
			}
		}

		assert.equal(report.runs[1]!['concurrency'], 4);
		const files = await listFiles(path.join(dir, 'img'));
		assert.equal(files.length, 8, files.join(', '));
		assert.ok(files.every(file => /^(sequential|parallel)\/00[1-4]\.(jpg|png)$/.test(file)), files.join(', '));
	});
});

test('piped output prints one line per image, totals and the speedup', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '3', ...fast], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.trim().split('\n');
		assert.equal(lines.filter(line => /^sequential 00\d ✓/.test(line)).length, 3, result.stdout);
		assert.equal(lines.filter(line => /^parallel×3 00\d ✓/.test(line)).length, 3, result.stdout);
		assert.match(result.stdout, /^sequential: 3 ok, 0 failed/m);
		assert.match(result.stdout, /^parallel×3: 3 ok, 0 failed/m);
		assert.match(result.stdout, verdictBetween(['parallel×3', 'sequential']), 'who, against whom, the widths, each time named');
		assert.ok(!result.stdout.includes('\u001B['), 'no escape codes when not a terminal');
	});
});

test('SIGINT mid-run exits 130, leaves no partial file and keeps files imgrace did not create', async () => {
	await withTempDir(async dir => {
		await mkdir(path.join(dir, 'img', 'sequential'), {recursive: true});
		await writeFile(path.join(dir, 'img', 'mine.txt'), 'keep');
		await writeFile(path.join(dir, 'img', 'sequential', 'mine.txt'), 'keep');
		// Slow bandwidth: the interrupt lands while a large body is being streamed to its temp file.
		const {child, done, stdout} = startCli(['--mode', 'sequential', '--count', '5', '--out', 'img', '--latency', '10', '--jitter', '0', '--bandwidth', '300KB'], {cwd: dir});
		const deadline = performance.now() + 10_000;
		while (!/001 ✓/.test(stdout()) && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		await new Promise(resolve => setTimeout(resolve, 150));
		child.kill('SIGINT');
		const result = await done;
		assert.equal(result.code, 130, result.stderr);
		const files = await listFiles(path.join(dir, 'img'));
		assert.ok(files.includes('mine.txt') && files.includes(path.join('sequential', 'mine.txt')), 'foreign files kept');
		const others = files.filter(file => !file.endsWith('mine.txt'));
		assert.ok(others.length >= 1, 'the finished image is kept');
		assert.ok(others.every(file => /^sequential\/\d{3}\.(jpg|png)$/.test(file)), `only complete images: ${files.join(', ')}`);
	});
});

test('SIGTERM exits 143 and cleans up', async () => {
	await withTempDir(async dir => {
		const {child, done, stdout} = startCli(['--mode', 'parallel', '--count', '4', '--out', 'img', '--latency', '10', '--jitter', '0', '--bandwidth', '100KB'], {cwd: dir});
		const deadline = performance.now() + 10_000;
		// The smallest image is done while the larger ones are still streaming into their temp files.
		while (!/ 00\d ✓/.test(stdout()) && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		child.kill('SIGTERM');
		const result = await done;
		assert.equal(result.code, 143, result.stderr);
		const files = await listFiles(path.join(dir, 'img'));
		assert.ok(files.length >= 1, `the finished image is kept: ${result.stdout}`);
		assert.ok(files.every(file => /^parallel\/\d{3}\.(jpg|png)$/.test(file)), `only complete images: ${files.join(', ')}`);
	});
});
