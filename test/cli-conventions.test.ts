import assert from 'node:assert/strict';
import {access, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {runCli, startCli, verdictBetween, type CliResult} from './helpers/cli.js';
import {listFiles, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

/** Embedded server settings that keep CLI tests fast. */
const fast = ['--latency', '20', '--jitter', '0', '--bandwidth', '2MB'];

/** A server test that would start a race or a server on the old parser ends here instead of hanging. */
const short = {timeoutMs: 15_000};

function assertUsageError(result: CliResult, pattern: RegExp, args: readonly string[]) {
	const what = `imgrace ${args.join(' ')}`;
	assert.equal(result.code, 2, `${what}: exit code (stderr: ${result.stderr})`);
	const lines = result.stderr.split('\n').filter(line => line.trim() !== '');
	assert.equal(lines.length, 1, `${what}: one line on stderr, got: ${result.stderr}`);
	assert.match(lines[0]!, pattern, what);
	assert.doesNotMatch(result.stderr, /^\s+at |node:internal/m, `${what}: no stack trace`);
}

async function exists(file: string): Promise<boolean> {
	try {
		await access(file);
		return true;
	} catch {
		return false;
	}
}

test('short flags -n -c -m -o do what their long forms do', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['-n', '2', '-c', '1', '-m', 'parallel', '-o', 'shots', '--json', ...fast], {cwd: dir, ...short});
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout) as {runs: Array<{strategy: string; concurrency: number; ok: number}>};
		assert.deepEqual(report.runs.map(run => [run.strategy, run.concurrency, run.ok]), [['parallel', 1, 2]]);
		assert.deepEqual((await listFiles(path.join(dir, 'shots'))).map(file => file.replace(/\.(jpg|png)$/, '')), ['parallel/001', 'parallel/002']);
	});
});

test('-h, --help and -V, --version work anywhere on the line and run no race', async () => {
	await withTempDir(async dir => {
		for (const args of [['-h'], ['--help'], ['--count', '3', '--help'], ['-n', '3', '-h', '--mode', 'parallel']]) {
			const result = await runCli(args, {cwd: dir, ...short});
			assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stdout, /^Usage/m, args.join(' '));
			assert.match(result.stdout, /-n, --count N/, 'the short form is in the help');
			assert.equal(result.stderr, '');
		}

		for (const args of [['-V'], ['--version'], ['--count', '3', '--version']]) {
			const result = await runCli(args, {cwd: dir, ...short});
			assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/, args.join(' '));
		}

		assert.equal(await exists(path.join(dir, 'images')), false, 'no race ran: no ./images');
	});
});

test('LANG=C: every help is ASCII', async () => {
	for (const args of [['--help'], ['sweep', '--help'], ['serve', '--help']]) {
		const result = await runCli(args, {...short, env: {LC_ALL: 'C', LC_CTYPE: 'C', LANG: 'C'}});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^Usage/m);
		assert.deepEqual(result.stdout.split('\n').filter(line => /[^\p{ASCII}]/u.test(line)), [], args.join(' '));
	}
});

test('imgrace serve --help shows the options of serve, and only those', async () => {
	const result = await runCli(['serve', '--help'], short);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /^Usage/m);
	for (const flag of ['--port', '--latency', '--jitter', '--bandwidth', '--link-bandwidth', '--size', '--seed']) {
		assert.ok(result.stdout.includes(flag), `serve help lists ${flag}`);
	}

	for (const flag of ['--count', '--mode', '--json', '--concurrency']) {
		assert.ok(!result.stdout.includes(flag), `serve help does not list ${flag}`);
	}
});

test('unknown, repeated, misplaced and valueless flags: one line, exit 2', async () => {
	await withTempDir(async dir => {
		const cases: Array<[string[], RegExp]> = [
			[['-Z'], /unknown option -Z/],
			[['-X', 'x'], /unknown option -X/],
			[['-H', 'x'], /--header "x": want 'Name: value'/],
			// Framing and connection headers are the client's: each client broke the race its own way with them.
			[['-H', 'Content-Length: 5'], /^imgrace: --header "Content-Length: 5": content-length is the HTTP client's to set/],
			[['-H', 'transfer-encoding: chunked'], /transfer-encoding is the HTTP client's to set/],
			[['-H', 'Connection: close'], /connection is the HTTP client's to set .*; --no-keep-alive closes each connection/],
			[['-c', '3', '-Q'], /unknown option -Q/],
			[['--count', '1', '--count', '2'], /--count was given more than once/],
			[['-n', '1', '--count', '2'], /--count was given more than once/],
			[['--retries', '1', '--retries', '2'], /--retries was given more than once/],
			[['--mode', 'sequential', '-c'], /-c needs a value/],
			[['-c', '--json'], /-c needs a value/],
			// The next flag was taken as the value, and the word after it left stray.
			[['--count', '-o', 'x'], /^imgrace: --count needs a value$/],
			[['sweep', '--levels', '-n', '2'], /^imgrace: --levels needs a value$/],
			[['--json=yes'], /--json takes no value/],
			[['--no-json'], /unknown option --no-json/],
			[['serve', '--count', '3'], /--count is not an option of imgrace serve/],
			[['serve', '--mode', 'parallel'], /--mode is not an option of imgrace serve/],
			[['serve', '--json'], /--json is not an option of imgrace serve/],
			[['serve', '-n', '3'], /-n is not an option of imgrace serve/],
			// Charts are plain text: --json would drop them unsaid.
			[['--count', '2', '--json', '--timeline', '--histogram'], /^imgrace: --timeline and --histogram do not go with --json: the JSON has no charts/],
			[['--json', '--histogram'], /^imgrace: --histogram does not go with --json/],
			// A switch and its --no- form say opposite things: not "given more than once".
			[['--no-keep-alive', '--keep-alive'], /^imgrace: --keep-alive and --no-keep-alive contradict each other; give one of them$/],
			[['--keep-alive', '--no-keep-alive'], /^imgrace: --keep-alive and --no-keep-alive contradict each other/],
			[['--no-keep-alive', '--no-keep-alive'], /^imgrace: --no-keep-alive was given more than once; give it once$/],
			// After `--` every word is an argument, none a flag or a command: not "unknown command '--count'".
			[['--', '--count', '2'], /^imgrace: imgrace reads no arguments after -- \(got '--count 2'\): drop the -- to give them as options$/],
			[['-n', '1', '--', 'sweep'], /^imgrace: imgrace reads no arguments after -- \(got 'sweep'\)/],
		];
		for (const [args, pattern] of cases) {
			assertUsageError(await runCli(args, {cwd: dir, ...short}), pattern, args);
		}

		assert.equal(await exists(path.join(dir, 'images')), false, 'no race ran');
	});
});

test('stdout closed by the reader (imgrace | head -1): the race stops quietly and leaves no temp file', async () => {
	await withTempDir(async dir => {
		// Enough images one after another that the race is still writing when the reader goes.
		const {child, done} = startCli(['--count', '50', '--mode', 'sequential', '--out', 'img', '--latency', '50', '--jitter', '0'], {cwd: dir});
		// Gone after the first finished image, so at least one file is there to check.
		let seen = '';
		child.stdout!.on('data', (chunk: string) => {
			seen += chunk;
			if (/ 001 ✓/.test(seen)) {
				child.stdout!.destroy();
			}
		});
		const result = await done;
		assert.doesNotMatch(result.stderr, /EPIPE|^\s+at |node:internal/m, 'no stack trace');
		assert.equal(result.code, 141, `exit 128 + SIGPIPE (stderr: ${result.stderr})`);
		const files = await listFiles(path.join(dir, 'img'));
		assert.ok(files.length >= 1 && files.length < 50, `the race was cut short after the first image: ${files.join(', ')}`);
		assert.ok(files.every(file => /^sequential\/\d{3}\.(jpg|png)$/.test(file)), `only complete images: ${files.join(', ')}`);
	});
});

test('notes go to stderr, stdout carries only results', async () => {
	await withTempDir(async dir => {
		const result = await runCli(['--count', '2', ...fast], {cwd: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.doesNotMatch(result.stdout, /^imgrace:|embedded server/m);
		assert.match(result.stderr, /^imgrace: embedded server http:\/\/127\.0\.0\.1:\d+/m);
		assert.match(result.stdout, /^sequential 00[12] ✓/m);
		assert.match(result.stdout, verdictBetween(['parallel×2', 'sequential']));
		// With --json the document is the whole answer: stdout and stderr together still parse.
		const json = await runCli(['--count', '2', '--json', ...fast], {cwd: dir});
		assert.equal(json.code, 0, json.stderr);
		assert.equal(json.stderr, '');
		assert.equal((JSON.parse(json.stdout) as {runs: unknown[]}).runs.length, 2);
	});
});

test('failed images: no "faster" claim, the reason instead, and JSON speedup null', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => {
		await withTempDir(async dir => {
			const url = `${server.url}/image/1.jpg?status=500`;
			const plain = await runCli(['--url', url, '--count', '2', '--retries', '0'], {cwd: dir});
			assert.equal(plain.code, 1, plain.stderr);
			assert.doesNotMatch(plain.stdout, /faster/);
			assert.match(plain.stdout, /^no verdict: sequential had 2 failed images, parallel had 2 failed images$/m);

			const json = await runCli(['--url', url, '--count', '2', '--retries', '0', '--json'], {cwd: dir});
			assert.equal(json.code, 1, json.stderr);
			const report = JSON.parse(json.stdout) as {speedup: number | null; verdict: {winner: string | null; ratio: number | null; text: string}};
			assert.equal(report.speedup, null);
			assert.deepEqual([report.verdict.winner, report.verdict.ratio], [null, null]);
			assert.equal(report.verdict.text, 'no verdict: sequential had 2 failed images, parallel had 2 failed images');
		});
	});
});

test('one image is "1 image", one URL is "1 URL"', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => {
		await withTempDir(async dir => {
			const counted = await runCli(['--count', '1', ...fast], {cwd: dir});
			assert.equal(counted.code, 0, counted.stderr);
			assert.match(counted.stdout, /^sequential: 1 image, 1 at a time/m);
			assert.doesNotMatch(counted.stdout + counted.stderr, /\b1 images\b/);

			await writeFile(path.join(dir, 'one.txt'), `${server.url}/image/1.jpg\n`);
			const listed = await runCli(['--urls', 'one.txt', '--out', 'listed'], {cwd: dir});
			assert.equal(listed.code, 0, listed.stderr);
			assert.match(listed.stderr, /^imgrace: 1 URL from one\.txt, client got$/m);
			assert.doesNotMatch(listed.stdout + listed.stderr, /\b1 (images|URLs)\b/);
		});
	});
});
