import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {chmod, mkdir, readdir, readFile, stat, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {Worker} from 'node:worker_threads';
import {sealed, unsealed} from '../source/executors/cache-seal.cjs';
import {runCachedBundle} from '../source/executors/code-cache.cjs';
import {withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const cli = new URL('../cli.js', import.meta.url).pathname;
let scripts = 0;

/** A script as scripts/bundle-workers.mjs writes one (key line, CommonJS), different every call so V8's in-memory cache never answers for it. */
async function writeScript(folder: string, name: string, key: string | null = 'a1b2c3d4e5f60718'): Promise<string> {
	const file = path.join(folder, name);
	const body = `'use strict';\nconst n = ${scripts++};\nfunction twice(x) { return x * 2 + n - n; }\nexports.value = twice(21);\nexports.file = __filename;\n`;
	await writeFile(file, key === null ? body : `// imgrace-bundle ${key}\n${body}`);
	return file;
}

test('a worker script runs from source the first time, saves its code, and runs from that code the next time', async () => withTempDir(async dir => {
	const cache = path.join(dir, 'cache');
	await mkdir(cache);
	const file = await writeScript(dir, 'worker-got.cjs');
	const first = runCachedBundle(file, cache);
	assert.equal(first.cached, false);
	assert.deepEqual(first.exports, {value: 42, file});
	assert.equal(first.cacheFile, path.join(cache, 'imgrace-worker-got-a1b2c3d4e5f60718.v8'));
	assert.deepEqual(await readdir(cache), [], 'nothing saved until asked');
	first.save();
	assert.deepEqual(await readdir(cache), ['imgrace-worker-got-a1b2c3d4e5f60718.v8']);
	assert.equal((await stat(first.cacheFile!)).mode & 0o777, 0o600);
	const second = runCachedBundle(file, cache);
	assert.equal(second.cached, true);
	assert.deepEqual(second.exports, {value: 42, file});
	const {mtimeMs} = await stat(first.cacheFile!);
	second.save();
	assert.equal((await stat(first.cacheFile!)).mtimeMs, mtimeMs, 'a script that ran from the cache does not write it again');
}));

test('a cache that is no sealed V8 code is replaced; the caches of earlier builds of the same script go, and its stale temp files, no other file does', async () => withTempDir(async dir => {
	const cache = path.join(dir, 'cache');
	await mkdir(cache);
	const file = await writeScript(dir, 'worker-undici.cjs', 'ffff0000ffff0000');
	const mine = path.join(cache, 'imgrace-worker-undici-ffff0000ffff0000.v8');
	await writeFile(mine, 'not V8 code');
	const others = ['imgrace-worker-undici-0123456789abcdef.v8', 'imgrace-worker-got-0123456789abcdef.v8', 'index.json', 'imgrace-worker-undici-notes.txt', 'imgrace-worker-undici-ffff0000ffff0000.v8.99-1.tmp', 'imgrace-worker-undici-ffff0000ffff0000.v8.98-0.tmp'];
	for (const name of others) {
		await writeFile(path.join(cache, name), 'x');
	}

	// A worker stopped between its write and its rename an hour ago; another may be writing this one now.
	const anHourAgo = new Date(performance.timeOrigin + performance.now() - 3_600_000);
	await utimes(path.join(cache, others[4]!), anHourAgo, anHourAgo);

	const run = runCachedBundle(file, cache);
	assert.equal(run.cached, false, 'rejected, so compiled from source');
	assert.equal(run.exports['value'], 42);
	run.save();
	assert.notEqual(await readFile(mine, 'utf8'), 'not V8 code');
	assert.deepEqual((await readdir(cache)).toSorted(), [path.basename(mine), ...others.slice(1, 4), others[5]!].toSorted());
	assert.equal(runCachedBundle(file, cache).cached, true);
}));

test('without a key line or a cache folder a script still runs, and saving it writes nothing; a folder it cannot write is no error', async () => withTempDir(async dir => {
	const cache = path.join(dir, 'cache');
	await mkdir(cache);
	const unkeyed = runCachedBundle(await writeScript(dir, 'worker-got.cjs', null), cache);
	assert.equal(unkeyed.cacheFile, undefined);
	assert.equal(unkeyed.exports['value'], 42);
	unkeyed.save();
	const noFolder = runCachedBundle(await writeScript(dir, 'worker-undici.cjs'), undefined);
	noFolder.save();
	assert.deepEqual(await readdir(cache), []);
	const missing = runCachedBundle(await writeScript(dir, 'worker-got.cjs'), path.join(dir, 'gone'));
	assert.doesNotThrow(() => {
		missing.save();
	});
	if (process.getuid?.() !== 0) {
		await chmod(cache, 0o500);
		const readOnly = runCachedBundle(await writeScript(dir, 'worker-got.cjs'), cache);
		assert.doesNotThrow(() => {
			readOnly.save();
		});
		await chmod(cache, 0o700);
	}
}));

/** The built CLI, racing `mode` against `url`, with Node's compile cache in `cache`. */
async function race(cache: string, mode: string, url: string, out: string): Promise<void> {
	const child = spawn(process.execPath, [cli, '--mode', mode, '--count', '2', '--url', url, '--out', out, '--json'], {env: {...process.env, CI: 'true', NODE_COMPILE_CACHE: cache}, stdio: ['ignore', 'ignore', 'inherit']});
	const code = await new Promise(resolve => child.once('exit', resolve));
	assert.equal(code, 0);
}

test('threads and processes keep their compiled code in Node\'s compile cache folder and start from it in the next race', async () => withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
	const cache = path.join(dir, 'node-cache');
	const url = `${server.url}/image/1.jpg`;
	await race(cache, 'threads,processes', url, path.join(dir, 'a'));
	const saved = async () => {
		const files = new Map<string, number>();
		for (const folder of await readdir(cache)) {
			for (const name of (await readdir(path.join(cache, folder))).filter(name => name.startsWith('imgrace-'))) {
				files.set(`${folder}/${name}`, (await stat(path.join(cache, folder, name))).mtimeMs);
			}
		}

		return files;
	};

	const first = await saved();
	// A thread has its process's V8 flags, a child Node's own: each kind's code where its Node looks for it.
	assert.ok([...first.keys()].some(name => /\/imgrace-worker-got-[\da-f]{16}\.v8$/.test(name)), [...first.keys()].join(', '));
	await race(cache, 'threads,processes', url, path.join(dir, 'b'));
	assert.deepEqual(await saved(), first, 'taken as it was: a cache V8 rejected or did not find would have been written again');
})));

/** In a new thread (a new V8 isolate, as a pool worker): run the build's worker script with `cache`, save, and say whether it ran from the cache. */
async function cachedInThread(client: string, cache: string): Promise<boolean> {
	const bundle = new URL(`../source/executors/bundle/worker-${client}.cjs`, import.meta.url).pathname;
	const probe = [
		`const {runCachedBundle} = await import(${JSON.stringify(new URL('../source/executors/code-cache.cjs', import.meta.url).href)});`,
		`const run = runCachedBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)});`,
		'run.save();',
		'(await import(\'node:worker_threads\')).parentPort.postMessage(run.cached);',
		'process.exit(0);',
	].join('\n');
	const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(probe)}`));
	const [cached] = await once(worker, 'message') as [boolean];
	await once(worker, 'exit');
	return cached;
}

for (const client of ['got', 'undici']) {
	test(`the build's ${client} worker script starts from the code an earlier thread saved`, async () => withTempDir(async cache => {
		assert.equal(await cachedInThread(client, cache), false, 'no cache yet');
		assert.equal((await readdir(cache)).length, 1);
		assert.equal(await cachedInThread(client, cache), true);
	}));
}

test('a saved cache is sealed: whole and intact it opens, cut, damaged or foreign it does not', () => {
	const data = Buffer.from(Array.from({length: 4099}, (_, index) => (index * 7) % 256));
	const frame = sealed(data);
	assert.deepEqual(unsealed(frame), data);
	// From a buffer at an odd offset, as a pooled read may give.
	const odd = Buffer.concat([Buffer.from([1]), frame]).subarray(1);
	assert.deepEqual(unsealed(odd), data);
	assert.equal(unsealed(frame.subarray(0, frame.length - 1)), undefined, 'cut short');
	for (const at of [frame.length - 1, frame.length - 2000, 30]) {
		const damaged = Buffer.from(frame);
		damaged[at]! ^= 0x10;
		assert.equal(unsealed(damaged), undefined, `byte ${at} flipped`);
	}

	const zeroed = Buffer.from(frame);
	zeroed.fill(0, 1024, 2048);
	assert.equal(unsealed(zeroed), undefined, 'a block zeroed');
	assert.equal(unsealed(data), undefined, 'not a frame at all');
	assert.equal(unsealed(Buffer.alloc(0)), undefined);
});

test('a cache file damaged on disk is never given to V8 (it crashed every worker): the worker compiles from source and saves it again', async () => withTempDir(async cache => {
	assert.equal(await cachedInThread('got', cache), false);
	const [name] = await readdir(cache);
	const file = path.join(cache, name!);
	const saved = await readFile(file);
	// A 4 KiB block zeroed in the middle, the header intact: what crashed V8 when the file was its own.
	const damaged = Buffer.from(saved);
	damaged.fill(0, 65_536, 65_536 + 4096);
	await writeFile(file, damaged);
	assert.equal(await cachedInThread('got', cache), false, 'compiled from source');
	assert.notDeepEqual(await readFile(file), damaged, 'saved again');
	assert.equal(await cachedInThread('got', cache), true);
}));
