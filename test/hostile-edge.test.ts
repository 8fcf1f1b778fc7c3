import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdir, readFile, readdir, realpath, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {displayEvent} from '../source/entry/display-gate.js';
import {displayText, redactCredentials, safeText} from '../source/format/safe-text.js';
import {cliPath, runCli, startCli, type CliResult} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {holdsOpen, until} from './helpers/process-state.js';
import {withServer} from './helpers/server.js';

const hostile = '\u001B]0;owned\u0007\u001B[31mRED\u001B[0m';

/** A raw server whose every answer is a 500 with `reason` as its reason phrase. */
async function withRawServer<T>(reason: string, fn: (base: string) => Promise<T>): Promise<T> {
	const server = net.createServer(socket => {
		socket.once('data', () => {
			socket.end(`HTTP/1.1 500 ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	try {
		return await fn(`127.0.0.1:${(server.address() as net.AddressInfo).port}`);
	} finally {
		server.close();
	}
}

/** Linux: fd 0 is in the event loop's epoll set (a `tfd: 0` line in /proc), i.e. imgrace reads stdin. */
async function readsStdin(pid: number): Promise<boolean> {
	const fds = await readdir(`/proc/${pid}/fdinfo`);
	const infos = await Promise.all(fds.map(async fd => readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '')));
	return infos.some(info => /^tfd:\s+0\s/m.test(info));
}

async function partFiles(dir: string): Promise<string[]> {
	try {
		return (await readdir(dir, {recursive: true})).filter(name => name.endsWith('.part'));
	} catch {
		return [];
	}
}

function assertUsageLine(result: CliResult, pattern: RegExp) {
	assert.equal(result.code, 2, result.stderr);
	const lines = result.stderr.split('\n').filter(line => line !== '');
	assert.equal(lines.length, 1, result.stderr);
	assert.match(lines[0]!, pattern);
}

test('safeText escapes C0, DEL, C1 and bidi controls and cuts long text', () => {
	assert.equal(safeText(`a${hostile}b`), String.raw`a\x1b]0;owned\x07\x1b[31mRED\x1b[0mb`);
	assert.equal(safeText('x\u007Fy\u009Bz\u202Ew'), String.raw`x\x7fy\x9bz\u202ew`);
	assert.equal(safeText('HTTP 404 Not Found'), 'HTTP 404 Not Found');
	assert.equal(safeText('é'.repeat(50), 10), `${'é'.repeat(9)}…`);
	assert.equal([...safeText('\u0001'.repeat(500), 40)].length, 40);
});

test('passwords in URLs are redacted wherever they stand in a text', () => {
	assert.equal(redactCredentials('http://user:s3cr3t@host/a.jpg'), 'http://user:***@host/a.jpg');
	assert.equal(redactCredentials('redirected to https://a:b@x.test/ and ftp://c:d@y/'), 'redirected to https://a:***@x.test/ and ftp://c:***@y/');
	assert.equal(redactCredentials('http://user@host/'), 'http://user@host/');
	assert.equal(displayText('http://u:p@h/\u001B'), String.raw`http://u:***@h/\x1b`);
	const event = displayEvent({type: 'image-failed', runId: 'r', at: 0, index: 0, url: 'http://u:p@h/x', code: 'ERR_IMGRACE_HTTP_STATUS', reason: `HTTP 500 ${hostile}`, retries: 0, totalMs: 1});
	assert.deepEqual([event.type === 'image-failed' && event.url, event.type === 'image-failed' && event.reason.includes('\u001B')], ['http://u:***@h/x', false]);
});

test('a reason phrase with escape sequences and a URL password never reach stdout or stderr raw', async () => {
	await withRawServer(`Bad ${hostile}`, async host => {
		await withTempDir(async dir => {
			const url = `http://user:s3cr3tpw@${host}/esc`;
			for (const json of [false, true]) {
				const result = await runCli(['--url', url, '--count', '1', '--mode', 'sequential', '--retries', '0', '--out', path.join(dir, 'o'), ...(json ? ['--json'] : [])]);
				assert.equal(result.code, 1, result.stderr);
				const all = result.stdout + result.stderr;
				assert.ok(!all.includes('\u001B') && !all.includes('\u0007'), 'no raw ESC or BEL');
				assert.doesNotMatch(all, /s3cr3tpw/, 'no password');
				assert.match(all, /user:\*\*\*@/);
				assert.match(json ? (JSON.parse(result.stdout) as {runs: Array<{images: Array<{error: string}>}>}).runs[0]!.images[0]!.error : result.stdout, /HTTP 500 Bad \\x1b\]0;owned/);
			}
		});
	});
});

test('SIGINT while --urls reads a FIFO that stays open ends imgrace with 130', async () => {
	await withTempDir(async dir => {
		const fifo = path.join(dir, 'list');
		execFileSync('mkfifo', [fifo]);
		const run = startCli(['--urls', fifo, '--out', path.join(dir, 'out')], {timeoutMs: 20_000});
		// A writer that never writes nor closes: the read can only end by the signal.
		const {open} = await import('node:fs/promises');
		const writer = await open(fifo, 'r+');
		try {
			const real = await realpath(fifo);
			await until('reading the FIFO', async () => holdsOpen(run.child.pid!, real));
			run.child.kill('SIGINT');
			const result = await run.done;
			assert.equal(result.signal, null, 'ended by itself, not SIGKILLed by the test deadline');
			assert.equal(result.code, 130, result.stderr);
		} finally {
			await writer.close();
		}
	});
});

test('SIGTERM while --urls - reads a silent stdin pipe ends imgrace with 143', async () => {
	await withTempDir(async dir => {
		const child = spawn(process.execPath, [cliPath, '--urls', '-', '--out', path.join(dir, 'out')], {env: {...process.env, CI: 'true'}, stdio: ['pipe', 'pipe', 'pipe']});
		const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		const done = new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
			child.on('close', (code, signal) => {
				resolve([code, signal]);
			});
		});
		await until('reading stdin', async () => readsStdin(child.pid!));
		child.kill('SIGTERM');
		const [code, signal] = await done;
		clearTimeout(killer);
		child.stdin.destroy();
		assert.deepEqual([code, signal], [143, null]);
	});
});

test('--urls - reads the list from stdin', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => {
		await withTempDir(async dir => {
			const child = spawn(process.execPath, [cliPath, '--urls', '-', '--mode', 'sequential', '--json', '--out', path.join(dir, 'out')], {env: {...process.env, CI: 'true'}, stdio: ['pipe', 'pipe', 'pipe']});
			let stdout = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
				stdout += chunk;
			});
			child.stdin.end(`${server.url}/image/1.jpg\n# a comment\n${server.url}/image/2.png\n`);
			const code = await new Promise<number | null>(resolve => {
				child.on('close', resolve);
			});
			assert.equal(code, 0);
			assert.equal((JSON.parse(stdout) as {runs: Array<{ok: number}>}).runs[0]!.ok, 2);
		});
	});
});

test('SIGHUP mid-run exits 129 and leaves no .part file', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 200_000, imageBytes: 2_000_000}, async server => {
		await withTempDir(async dir => {
			const out = path.join(dir, 'hup');
			const run = startCli(['--url', `${server.url}/image/2.png`, '--count', '4', '--mode', 'parallel', '--out', out], {timeoutMs: 30_000});
			// Only once temp files exist does the signal test what it should.
			for (let tries = 0; (await partFiles(out)).length === 0 && tries < 200; tries++) {
				await delay(50);
			}

			assert.ok((await partFiles(out)).length > 0, 'downloads in flight');
			run.child.kill('SIGHUP');
			const result = await run.done;
			assert.equal(result.code, 129, result.stderr);
			assert.deepEqual(await partFiles(out), []);
		});
	});
});

test('SIGINT mid-race, and a closed stdout: the export files named keep what they held (a baseline is never overwritten by a race cut short)', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 200_000, imageBytes: 2_000_000}, async server => {
		await withTempDir(async dir => {
			const baseline = path.join(dir, 'baseline.json');
			const fresh = path.join(dir, 'fresh.har');
			await writeFile(baseline, '{"kept": true}\n');
			const out = path.join(dir, 'int');
			const run = startCli(['--url', `${server.url}/image/2.png`, '--count', '4', '--runs', '2', '--export-json', baseline, '--export-har', fresh, '--out', out], {timeoutMs: 30_000});
			for (let tries = 0; (await partFiles(out)).length === 0 && tries < 200; tries++) {
				await delay(50);
			}

			run.child.kill('SIGINT');
			const result = await run.done;
			assert.equal(result.code, 130, result.stderr);
			assert.equal(await readFile(baseline, 'utf8'), '{"kept": true}\n');
			await assert.rejects(readFile(fresh), {code: 'ENOENT'}, 'no export of a race that did not finish');
			// `| head -1`: the reader goes, the race stops (141), and the exports are left as they were.
			const piped = spawn('sh', ['-c', `'${process.execPath}' '${cliPath}' --url '${server.url}/image/2.png' --count 4 --export-json '${baseline}' --out '${path.join(dir, 'pipe')}' | head -1`], {env: {...process.env, CI: 'true'}, stdio: 'ignore'});
			await new Promise(resolve => piped.once('exit', resolve));
			assert.equal(await readFile(baseline, 'utf8'), '{"kept": true}\n');
		});
	});
});

test('a strategy folder that cannot be made is a reported run: the other run\'s results and the JSON survive', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => {
		await withTempDir(async dir => {
			const out = path.join(dir, 'o2');
			await mkdir(out);
			await writeFile(path.join(out, 'parallel'), 'x');
			const result = await runCli(['--url', `${server.url}/image/1.jpg`, '--count', '2', '--json', '--out', out]);
			assert.equal(result.code, 1, result.stderr);
			const report = JSON.parse(result.stdout) as {runs: Array<{strategy: string; ok: number; failed: number; error: string | null}>; verdict: {winner: string | null; text: string}};
			assert.deepEqual(report.runs.map(run => [run.strategy, run.ok, run.failed]), [['sequential', 2, 0], ['parallel', 0, 2]]);
			assert.equal(report.runs[0]!.error, null);
			assert.match(report.runs[1]!.error!, /cannot create folder .*parallel: a file is in the way/);
			assert.equal(report.verdict.text, 'no verdict: parallel could not start');
			assert.equal(report.verdict.winner, null);
			const plain = await runCli(['--url', `${server.url}/image/1.jpg`, '--count', '1', '--out', out]);
			assert.equal(plain.code, 1);
			assert.match(plain.stdout, /^parallel: not started .* a file is in the way$/m);
			assert.doesNotMatch(plain.stderr, /EEXIST|^\s+at /m);
		});
	});
});

test('a folder the file system refuses (/proc, as root) is a reported run, not a hang or a raw errno', {skip: process.getuid?.() === 0 ? false : 'needs root'}, async () => {
	const result = await runCli(['--url', 'http://127.0.0.1:9/x.jpg', '--count', '1', '--mode', 'sequential', '--out', '/proc/imgrace-test'], {timeoutMs: 20_000});
	assert.equal(result.code, 1, result.stderr);
	assert.match(result.stdout, /^sequential: not started .*cannot create folder \/proc\/imgrace-test\/sequential/m);
});

test('usage: --size over the server maximum and a --timeout under 1 ms are one line, exit 2', async () => {
	assertUsageLine(await runCli(['--size', '200GB']), /^imgrace: --size must be at most 100,000,000 bytes, got '200GB'$/);
	assertUsageLine(await runCli(['--timeout', '0.0001']), /^imgrace: --timeout must be at least 0\.001 seconds/);
	assertUsageLine(await runCli(['serve', '--count', '3']), /--count is not an option of imgrace serve/);
});

test('a binary --urls file is one line saying it is not a text list of URLs', async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'bin');
		const bytes = Buffer.alloc(200_000);
		for (let index = 0; index < bytes.length; index++) {
			// Deterministic noise, newlines included, escapes included.
			bytes[index] = (index * 7919 + (index >> 3)) % 256;
		}

		await writeFile(file, bytes);
		const result = await runCli(['--urls', file, '--out', path.join(dir, 'out')]);
		assertUsageLine(result, /^imgrace: --urls .*bin: not a text list of URLs \(it holds binary data\)$/);
		// eslint-disable-next-line no-control-regex -- looking for raw controls is the point.
		assert.doesNotMatch(result.stderr, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
	});
});
