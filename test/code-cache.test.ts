import assert from 'node:assert/strict';
import {chmod, mkdir, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {Worker} from 'node:worker_threads';
import zlib from 'node:zlib';
import {sharedNow} from '../source/engine/clock.js';
import type {RunSpec} from '../source/engine/run-spec.js';
import {codeCacheSupported, functionHead, removeIfDamaged} from '../source/executors/code-cache.cjs';
import {checkedCodeCacheFile, codeCacheFile} from '../source/executors/code-cache-file.js';
import {startWorker} from '../source/executors/worker-handle.js';
import {imageUrl} from '../source/server/image-server.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';
import {clientSettings, downloadSettings} from './helpers/race.js';

const entry = new URL('../source/executors/worker-entry.cjs', import.meta.url);
/** Node before 22.3 has no zlib.crc32 to load when needed: no cache there (code-cache.cts). */
const noCrc = codeCacheSupported() ? false : 'this Node cannot check a cache';

/** A worker's file as the build makes one (CommonJS, its code in the function it exports): says `word`, then leaves, or stays until killed. */
async function writeWorkerFile(file: string, word: string, stay = false): Promise<void> {
	// Written beside and renamed over, as a build replaces a file.
	await writeFile(`${file}.new`, `${functionHead}\nconst {parentPort} = require('node:worker_threads');\nparentPort.postMessage(${JSON.stringify(word)});\n${stay ? 'setInterval(() => {}, 1000);\n' : ''}});\n`);
	await rename(`${file}.new`, file);
}

/** `file` run through the pool's bootstrap in a thread: what it said and its exit code (killed once it spoke, if `kill`). */
async function runThrough(file: string, cacheFile: string, kill = false): Promise<{said: unknown; exitCode: number}> {
	const worker = new Worker(entry, {argv: [pathToFileURL(file).href, cacheFile], execArgv: []});
	const exited = new Promise<number>(resolve => {
		worker.once('exit', resolve);
	});
	const said = await new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	if (kill) {
		await worker.terminate();
	}

	return {said, exitCode: await exited};
}

async function identity(file: string): Promise<string | undefined> {
	return stat(file).then(stats => `${stats.ino} ${stats.mtimeMs}`, () => undefined);
}

test('a worker\'s file runs with V8\'s code cached by the first worker that left, in a folder of this user only; a cache of another file or one V8 refuses is replaced, a damaged one removed, never run', {skip: noCrc}, async () => withTempDir(async dir => {
	const file = path.join(dir, 'worker.cjs');
	const cacheFile = path.join(dir, 'cache', 'worker.bin');
	await mkdir(path.dirname(cacheFile));
	await writeWorkerFile(file, 'one');
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'one', exitCode: 0});
	const cache = await readFile(cacheFile);
	assert.match(cache.subarray(0, 100).toString('latin1'), new RegExp(`^imgrace code cache 1 ${process.version} ${process.arch} `), 'stamped with the file and this Node');
	assert.equal((await stat(cacheFile)).mode & 0o777, 0o600);
	const saved = await identity(cacheFile);

	// Taken: the code runs, and a cache V8 took is left as it is.
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'one', exitCode: 0});
	assert.equal(await identity(cacheFile), saved, 'not written again');

	// The file rebuilt, its text as long as before: the old code is not run, and the cache is made anew
	// by one worker (another one's fresh temp file stops it: that one is writing); a save also removes
	// the temp files a day old of saves that never finished.
	const day = 24 * 60 * 60 * 1000;
	const daysAgo = (days: number) => new Date(performance.timeOrigin + performance.now() - (days * day));
	await writeWorkerFile(file, 'two');
	await writeFile(`${cacheFile}.tmp`, 'another worker writing');
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'two', exitCode: 0});
	assert.equal(await identity(cacheFile), saved, 'left to the other worker');
	const abandoned = path.join(path.dirname(cacheFile), 'other.bin.tmp');
	await writeFile(abandoned, 'x');
	await utimes(abandoned, daysAgo(2), daysAgo(2));
	await utimes(`${cacheFile}.tmp`, daysAgo(2), daysAgo(2));
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'two', exitCode: 0});
	assert.deepEqual(await readdir(path.dirname(cacheFile)), ['worker.bin'], 'both abandoned temp files removed');
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'two', exitCode: 0});
	assert.notEqual(await identity(cacheFile), saved, 'replaced');
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'two', exitCode: 0});

	// Code damaged on disk, its header whole (which V8 would take, and crash on): the pool removes it
	// before a worker reads it.
	const good = await readFile(cacheFile);
	const stampLength = good.indexOf(0x0A) + 1;
	assert.match(good.subarray(stampLength, stampLength + 9).toString(), /^[\da-f]{8}\n$/, 'a CRC-32 of the code');
	assert.equal(removeIfDamaged(cacheFile), 'intact', 'a whole cache is kept');
	const damaged = Buffer.from(good);
	damaged.fill(0xA5, Math.floor(good.length / 2), Math.floor(good.length / 2) + 64);
	await writeFile(cacheFile, damaged);
	assert.equal(removeIfDamaged(cacheFile), 'removed');
	assert.equal(await identity(cacheFile), undefined, 'removed');
	assert.equal(removeIfDamaged(cacheFile), 'removed', 'none: nothing to remove');

	// Code V8 refuses, its checksum right: the file still runs, and the cache is replaced.
	const refused = Buffer.alloc(good.length - stampLength - 9, 7);
	await writeFile(cacheFile, Buffer.concat([good.subarray(0, stampLength), Buffer.from(`${zlib.crc32(refused).toString(16).padStart(8, '0')}\n`), refused]));
	assert.equal(removeIfDamaged(cacheFile), 'intact');
	const before = await identity(cacheFile);
	assert.deepEqual(await runThrough(file, cacheFile), {said: 'two', exitCode: 0});
	assert.notEqual(await identity(cacheFile), before, 'replaced');
	assert.ok((await readFile(cacheFile)).subarray(stampLength + 9).some(byte => byte !== 7));
	assert.equal(removeIfDamaged(cacheFile), 'intact');
	assert.deepEqual(await readdir(path.dirname(cacheFile)), ['worker.bin'], 'no temp file left');
}));

test('a worker that is killed saves no cache, and one whose cache cannot be written runs as well: nothing half-written is left', async () => withTempDir(async dir => {
	const file = path.join(dir, 'worker.cjs');
	await writeWorkerFile(file, 'stays', true);
	const cacheFile = path.join(dir, 'cache', 'worker.bin');
	await mkdir(path.dirname(cacheFile));
	assert.equal((await runThrough(file, cacheFile, true)).said, 'stays');
	assert.equal(await identity(cacheFile), undefined);

	await writeWorkerFile(file, 'leaves');
	await writeFile(path.join(dir, 'not-a-folder'), '');
	const blocked = path.join(dir, 'not-a-folder', 'worker.bin');
	assert.deepEqual(await runThrough(file, blocked), {said: 'leaves', exitCode: 0});
	assert.deepEqual(await runThrough(file, path.join(dir, 'no-folder', 'worker.bin')), {said: 'leaves', exitCode: 0}, 'a worker never makes the folder');
	assert.deepEqual((await readdir(dir)).toSorted(), ['cache', 'not-a-folder', 'worker.cjs']);
	assert.deepEqual(await readdir(path.join(dir, 'cache')), []);
}));

/** A pool worker of `kind` on undici, started with `cacheFile`, set up and told to finish once ready, as the pool ends a run. */
async function setUpAndFinish(kind: 'threads' | 'processes', module: string, cacheFile: string): Promise<string | undefined> {
	return withTempDir(async dir => {
		const worker = startWorker(kind, module, cacheFile);
		return new Promise<string | undefined>(resolve => {
			worker.onGone(resolve);
			worker.onMessage(message => {
				if (message.type === 'ready') {
					worker.send({type: 'finish'});
				}
			});
			const spec: RunSpec = {runId: 'cache000', strategy: kind, urls: [], folder: dir, slots: 1, download: downloadSettings(), client: clientSettings('undici'), work: {name: 'download'}, startedAt: sharedNow()};
			worker.send({type: 'setup', spec, existing: []});
		});
	});
}

/** `fn` with imgrace's state folder in a temp folder of its own (other test files share the test run's). */
async function withStateFolder<T>(fn: (folder: string) => Promise<T>): Promise<T> {
	const before = process.env['IMGRACE_STATE_DIR'];
	return withTempDir(async dir => {
		process.env['IMGRACE_STATE_DIR'] = path.join(dir, 'state');
		try {
			return await fn(path.join(dir, 'state'));
		} finally {
			process.env['IMGRACE_STATE_DIR'] = before;
		}
	});
}

const undiciBundle = new URL('../source/executors/bundle/worker-undici.cjs', import.meta.url).href;

test('the pool keeps the cache in imgrace\'s state folder (made 0700), one file per worker file and per set of V8 flags, saved by a child as by a thread; a damaged one never reaches a worker', {skip: noCrc}, async () => withStateFolder(async state => {
	const forThreads = codeCacheFile('threads', undiciBundle);
	const forChildren = codeCacheFile('processes', undiciBundle);
	assert.equal(path.dirname(forThreads), path.join(state, 'code-cache'));
	assert.match(path.basename(forThreads), /^worker-undici-[\da-f]{16}\.bin$/);
	assert.notEqual(forChildren, forThreads, 'a child runs under its own flags');
	assert.equal(await checkedCodeCacheFile('threads', new URL('../source/executors/worker-loop.js', import.meta.url).href), '', 'none for the unbundled modules: Node\'s compile cache has them');

	for (const [kind, cacheFile] of [['processes', forChildren], ['threads', forThreads]] as const) {
		assert.equal(await checkedCodeCacheFile(kind, undiciBundle), cacheFile);
		assert.equal((await stat(path.dirname(cacheFile))).mode & 0o777, 0o700);
		assert.equal(await setUpAndFinish(kind, undiciBundle, cacheFile), undefined, `a ${kind} worker left by itself`);
		const saved = await readFile(cacheFile);
		assert.equal(saved.subarray(0, 20).toString(), 'imgrace code cache 1', `saved by the ${kind} worker as it left`);
		// Damaged where only a checksum sees it: loaded, it would crash a thread's whole process.
		saved.fill(0xA5, saved.length >> 1, (saved.length >> 1) + 64);
		await writeFile(cacheFile, saved);
		assert.equal(await setUpAndFinish(kind, undiciBundle, await checkedCodeCacheFile(kind, undiciBundle)), undefined, `a ${kind} worker after the damage: ready, and left by itself`);
		assert.ok(!(await readFile(cacheFile)).equals(saved), 'the damaged cache was replaced');
	}
}));

test('no cache where another user could have put code: a folder or file others may write, a folder that is a link', {skip: noCrc}, async () => withStateFolder(async state => {
	const cacheFile = await checkedCodeCacheFile('threads', undiciBundle);
	const folder = path.dirname(cacheFile);
	assert.equal(path.dirname(folder), state);
	await chmod(folder, 0o777);
	assert.equal(await checkedCodeCacheFile('threads', undiciBundle), '');
	await chmod(folder, 0o700);
	await writeFile(cacheFile, 'planted', {mode: 0o666});
	await chmod(cacheFile, 0o666);
	assert.equal(await checkedCodeCacheFile('threads', undiciBundle), '');
	await rm(folder, {recursive: true});
	await mkdir(path.join(state, 'elsewhere'), {mode: 0o700});
	await symlink(path.join(state, 'elsewhere'), folder);
	assert.equal(await checkedCodeCacheFile('threads', undiciBundle), '');
	await rm(folder);
	await chmod(state, 0o777);
	assert.equal(await checkedCodeCacheFile('threads', undiciBundle), '', 'a state folder others may write');
	await chmod(state, 0o700);
	assert.equal(await checkedCodeCacheFile('threads', undiciBundle), cacheFile);
}));

test('races save the cache once and then only read it: the key holds the flags the workers run under', {skip: noCrc}, async () => withStateFolder(async state => withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
	const race = async (mode: string) => runCli(['--mode', mode, '--client', 'undici', '--count', '2', '--url', imageUrl(server.url, 1), '--json', '--out', path.join(dir, mode)], {env: {...process.env, IMGRACE_STATE_DIR: state}, timeoutMs: 60_000});
	const folder = path.join(state, 'code-cache');
	for (const mode of ['threads', 'processes']) {
		assert.equal((await race(mode)).code, 0);
	}

	const files = (await readdir(folder)).toSorted();
	assert.equal(files.length, 2, `one file for threads and one for processes: ${files.join(', ')}`);
	const saved = await Promise.all(files.map(async name => identity(path.join(folder, name))));
	for (const mode of ['threads', 'processes', 'threads']) {
		assert.equal((await race(mode)).code, 0);
	}

	assert.deepEqual(await Promise.all(files.map(async name => identity(path.join(folder, name)))), saved, 'taken, never written again');
}))));
