import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdir, readFile, readdir, realpath, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {writeExports} from '../source/output/exports.js';
import {ExportError} from '../source/output/write-export.js';
import {runCli, startCli, type CliResult} from './helpers/cli.js';
import {listFiles, withTempDir} from './helpers/events.js';
import {holdsOpen, until} from './helpers/process-state.js';
import {withServer} from './helpers/server.js';

/**
 * Files and folders the command line and the environment name, from outside imgrace's control: a home
 * that cannot hold its state, files that never end or never come, export targets that cannot be written.
 */

const quick = {latencyMs: 0, jitterMs: 0, bandwidth: 0};

function assertUsageLine(result: CliResult, pattern: RegExp): void {
	assert.equal(result.code, 2, result.stderr);
	const lines = result.stderr.split('\n').filter(line => line !== '');
	assert.equal(lines.length, 1, result.stderr);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(result.stderr, /^\s+at |node:internal/m, 'no stack trace');
}

test('a state folder that cannot be made (HOME=/proc/nonexistent): the images are saved, exit 0, and a note says where ownership went', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const out = path.join(dir, 'out');
		const env = {HOME: '/proc/nonexistent', XDG_STATE_HOME: '', IMGRACE_STATE_DIR: ''};
		const result = await runCli(['--url', `${server.url}/image/1.jpg`, '--count', '2', '--mode', 'sequential,parallel', '--out', out], {env, timeoutMs: 30_000});
		assert.equal(result.signal, null, 'ended by itself, not killed at the deadline');
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(await listFiles(out), ['parallel/001.jpg', 'parallel/002.jpg', 'sequential/001.jpg', 'sequential/002.jpg']);
		assert.match(result.stderr, /^imgrace: cannot use the state folder \/proc\/nonexistent\/\.local\/state\/imgrace \(the file system refuses to create it\): which files imgrace wrote is recorded in a hidden \.imgrace-manifest\.json in each strategy folder instead$/m);
		assert.deepEqual((await readdir(path.join(out, 'sequential'))).sort(), ['.imgrace-manifest.json', '001.jpg', '002.jpg']);
		const manifest = JSON.parse(await readFile(path.join(out, 'sequential', '.imgrace-manifest.json'), 'utf8')) as {files: Record<string, unknown>};
		assert.deepEqual(Object.keys(manifest.files), ['001.jpg', '002.jpg']);
	}));
});

for (const [flag, signal, code] of [['--cacert', 'SIGTERM', 143], ['--baseline', 'SIGINT', 130]] as const) {
	test(`${flag} FIFO that no one writes to: ${signal} ends imgrace with ${code}`, async () => {
		await withTempDir(async dir => {
			const fifo = path.join(dir, 'fifo');
			execFileSync('mkfifo', [fifo]);
			const run = startCli(['--url', 'http://127.0.0.1:9/x.jpg', '--count', '1', flag, fifo, '--out', path.join(dir, 'out')], {timeoutMs: 20_000});
			await until('reading the FIFO', async () => holdsOpen(run.child.pid!, await realpath(fifo)));
			run.child.kill(signal);
			const result = await run.done;
			assert.equal(result.signal, null, 'ended by itself, not SIGKILLed by the test deadline');
			assert.equal(result.code, code, result.stderr);
			assert.deepEqual(await listFiles(path.join(dir, 'out')), [], 'nothing downloaded');
		});
	});
}

test('--cacert and --baseline /dev/zero: one line, exit 2, after reading no more than a real file could hold', async () => {
	assertUsageLine(await runCli(['--url', 'http://127.0.0.1:9/x.jpg', '--cacert', '/dev/zero'], {timeoutMs: 20_000}), /^imgrace: --cacert \/dev\/zero: larger than 10 MiB, not a certificate file$/);
	assertUsageLine(await runCli(['--url', 'http://127.0.0.1:9/x.jpg', '--baseline', '/dev/zero'], {timeoutMs: 20_000}), /^imgrace: --baseline \/dev\/zero: larger than 16 MiB, not a file written by --export-json$/);
});

test('two exports to one file are a usage error before anything downloads: the --out folder is not even made', async () => {
	await withTempDir(async dir => {
		const out = path.join(dir, 'out');
		const same = await runCli(['--url', 'http://127.0.0.1:9/x.jpg', '--count', '1', '--export-json', 'report', '--export-markdown', './report', '--out', out], {cwd: dir});
		assertUsageLine(same, /^imgrace: --export-json and --export-markdown would both write \.\/report; give each export its own file$/);
		// Two names for one file, found when the targets are checked.
		await writeFile(path.join(dir, 'a.txt'), 'old');
		await symlink(path.join(dir, 'a.txt'), path.join(dir, 'b.txt'));
		const linked = await runCli(['--url', 'http://127.0.0.1:9/x.jpg', '--count', '1', '--export-markdown', 'a.txt', '--export-csv', 'b.txt', '--out', out], {cwd: dir});
		assertUsageLine(linked, /^imgrace: --export-markdown a\.txt and --export-csv b\.txt name the same file: give each export its own file$/);
		assert.deepEqual(await readdir(dir), ['a.txt', 'b.txt'], 'no --out folder, no export written');
		assert.equal(await readFile(path.join(dir, 'a.txt'), 'utf8'), 'old');
	});
});

test('an export target that cannot be written is refused before the race, in words; a disk that fills at the end is said in words', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const out = path.join(dir, 'out');
		const race = ['--url', `${server.url}/image/1.jpg`, '--count', '1', '--mode', 'sequential', '--out', out];
		const proc = process.getuid?.() === 0 ? 'the file system refuses to create it' : 'permission denied';
		const cases: Array<[string[], RegExp]> = [
			[['--export-json', dir], /^imgrace: --export-json \/.*: is a folder, not a file$/],
			[['--export-csv', path.join(dir, 'missing', 'r.csv')], /^imgrace: --export-csv \/.*\/missing\/r\.csv: the folder \/.*\/missing does not exist$/],
			[['--export-markdown', '/proc/imgrace-report.md'], new RegExp(`^imgrace: --export-markdown /proc/imgrace-report\\.md: ${proc}$`)],
			[['--export-html', dir], /^imgrace: --export-html \/.*: is a folder, not a file$/],
			[['--export-json', path.join(dir, 'newdir') + path.sep], /^imgrace: --export-json \/.*\/newdir\/: ends in a separator, so it names a folder: give a file name$/],
			[['--export-har', path.join(dir, 'missing', 'r.har')], /^imgrace: --export-har \/.*\/missing\/r\.har: the folder \/.*\/missing does not exist$/],
		];
		for (const [flags, pattern] of cases) {
			assertUsageLine(await runCli([...race, ...flags]), pattern);
		}

		assert.deepEqual(await readdir(dir), [], 'nothing downloaded, no probe left behind');
		const table = path.join(dir, 'r.csv');
		const full = await runCli([...race, '--export-json', '/dev/full', '--export-csv', table]);
		assert.equal(full.code, 1, full.stderr);
		assert.match(full.stdout, /^sequential: 1 ok/m, 'the race ran and reported first');
		// After the note of where the images come from: one line, no stack trace.
		assert.deepEqual(full.stderr.split('\n').filter(line => line !== '').slice(1), ['imgrace: --export-json /dev/full: no space left on the device'], full.stderr);
		assert.match(await readFile(table, 'utf8'), /^strategy,/, 'the export after it is written all the same');
		const written = path.join(dir, 'r.json');
		assert.equal((await runCli([...race, '--export-json', written])).code, 0);
		assert.equal((JSON.parse(await readFile(written, 'utf8')) as {schema: string}).schema, 'imgrace/race@2');
	}));
});

test('writeExports: every export is tried; those that could not be written are one ExportError, a line each', {skip: process.platform === 'linux' ? false : '/dev/full is Linux\'s'}, async () => {
	await withTempDir(async dir => {
		const markdown = path.join(dir, 'r.md');
		const contents = {document: {}, table: {columns: [{key: 'a', label: 'A'}], rows: [[1]]}};
		const failed = await writeExports({json: '/dev/full', markdown, csv: '/dev/full'}, contents).then(() => undefined, (error: unknown) => error);
		assert.ok(failed instanceof ExportError, String(failed));
		assert.equal(failed.code, 'ERR_IMGRACE_EXPORT');
		assert.deepEqual(failed.message.split('\n'), ['--export-json /dev/full: no space left on the device', '--export-csv /dev/full: no space left on the device']);
		assert.match(await readFile(markdown, 'utf8'), /\| A \|/, 'the one between them written');
	});
});

test('a proxy variable that is no URL is one line naming it, before the race; one the race would not use is left alone', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const race = ['--url', `${server.url}/image/1.jpg`, '--count', '1', '--mode', 'sequential', '--out', path.join(dir, 'out')];
		// Every variable proxy-from-env reads, blanked first: the machine's own must not decide the test.
		const none = Object.fromEntries(['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap(name => [[name, ''], [name.toUpperCase(), '']]));
		const bad = {...none, HTTP_PROXY: 'not a url'};
		assertUsageLine(await runCli(race, {env: bad}), /^imgrace: HTTP_PROXY='not a url' is not a proxy URL imgrace can use \(want http:\/\/host:port or https:\/\/host:port\): fix it, or unset it to connect directly$/);
		assertUsageLine(await runCli(race, {env: {...bad, HTTP_PROXY: '', ALL_PROXY: 'socks5://127.0.0.1:1080'}}), /^imgrace: ALL_PROXY='socks5:\/\/127\.0\.0\.1:1080' is not a proxy URL/);
		assert.deepEqual(await listFiles(path.join(dir, 'out')), [], 'nothing downloaded');
		// https only, or exempted by NO_PROXY: this race never uses it.
		assert.equal((await runCli(race, {env: {...bad, HTTP_PROXY: '', HTTPS_PROXY: 'not a url'}})).code, 0);
		assert.equal((await runCli(race, {env: {...bad, NO_PROXY: '127.0.0.1'}})).code, 0);
	}));
});

test('--size below what the server can make, and --max-size -5MB: one line, exit 2', async () => {
	assertUsageLine(await runCli(['--size', '1', '--count', '1']), /^imgrace: --size must be at least 1,000 bytes, got '1'$/);
	assertUsageLine(await runCli(['--max-size', '-5MB', '--count', '1']), /^imgrace: --max-size must be greater than 0, got '-5MB'$/);
});

test('a file that is not imgrace\'s where an image or its thumbnail would go: kept, and the line says how to go on (--out)', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const out = path.join(dir, 'out');
		await mkdir(path.join(out, 'sequential'), {recursive: true});
		await writeFile(path.join(out, 'sequential', '001.jpg'), 'my photo');
		await writeFile(path.join(out, 'sequential', '002.thumb.jpg'), 'my thumbnail');
		const result = await runCli(['--url', `${server.url}/image/1.jpg`, '--count', '3', '--mode', 'sequential', '--work', 'thumbnail', '--thumb-repeat', '1', '--out', out], {env: {IMGRACE_STATE_DIR: path.join(dir, 'state')}});
		assert.equal(result.code, 1, result.stderr);
		const refused = result.stdout.split('\n').filter(line => / ✗ /.test(line));
		assert.equal(refused.length, 2, result.stdout);
		for (const line of refused) {
			assert.match(line, /not written by imgrace: not replaced; move it away, or race into another folder \(--out\) \[ERR_IMGRACE_WRITE\]$/);
		}

		assert.equal(await readFile(path.join(out, 'sequential', '001.jpg'), 'utf8'), 'my photo');
		assert.equal(await readFile(path.join(out, 'sequential', '002.thumb.jpg'), 'utf8'), 'my thumbnail');
	}));
});

test('imgrace serve --port that another program holds: one line, exit 2', async () => {
	const {createServer} = await import('node:net');
	const taken = createServer();
	await new Promise<void>(resolve => {
		taken.listen(0, '127.0.0.1', resolve);
	});
	try {
		const {port} = taken.address() as {port: number};
		assertUsageLine(await runCli(['serve', '--port', String(port)]), new RegExp(`^imgrace: --port ${port}: already in use on 127\\.0\\.0\\.1; choose another, or --port 0 for a free one$`));
	} finally {
		taken.close();
	}
});
