import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {sharedNow} from '../source/engine/clock.js';
import {heapFlagsSet, keepYoungGenerationSmall} from '../source/engine/heap.js';
import {inspectImage} from '../source/engine/image-check.js';
import type {ClientName, RunSpec} from '../source/engine/run-spec.js';
import type {FromWorker} from '../source/executors/protocol.js';
import {startWorker, workerModuleFor, type ExecutorKind} from '../source/executors/worker-handle.js';
import {imageUrl} from '../source/server/image-server.js';
import {fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';
import {clients} from './helpers/clients.js';
import {clientSettings, downloadSettings} from './helpers/race.js';

const bundleOf = (client: ClientName) => new URL(`../source/executors/bundle/worker-${client}.cjs`, import.meta.url);
const unbundled = new URL('../source/executors/worker-loop.js', import.meta.url);

/** A run's spec as the controller makes one, for a worker to build its jobs from. */
function specFor(client: ClientName, folder: string, urls: readonly string[] = []): RunSpec {
	return {runId: 'bundle00', strategy: 'threads', urls, folder, slots: 1, download: downloadSettings(), client: clientSettings(client), work: {name: 'download'}, startedAt: sharedNow()};
}

test('the build makes one worker file per client, each with only its own client, and the pool loads the race\'s', async () => {
	const folder = new URL('../source/executors/bundle/', import.meta.url);
	assert.deepEqual((await readdir(folder)).filter(name => /\.c?js$/.test(name)).toSorted(), ['compute.js', 'worker-got.cjs', 'worker-undici.cjs']);
	for (const client of clients) {
		const bundle = bundleOf(client);
		assert.ok(existsSync(bundle), `${fileURLToPath(bundle)} exists after npm run build`);
		assert.equal(workerModuleFor(client), bundle.href);
		const code = await readFile(bundle, 'utf8');
		// One file: nothing beside it to load, nothing of the unbundled graph.
		assert.doesNotMatch(code, /\bfrom\s*["']\.{1,2}\/|\b(?:import|require)\(\s*["']\.{1,2}\//);
		assert.match(code, /ERR_IMGRACE_/, 'the engine is in it');
		const {sources} = JSON.parse(await readFile(new URL(`${bundle.href}.map`), 'utf8')) as {sources: string[]};
		const carries = (pattern: RegExp) => sources.some(source => pattern.test(source));
		assert.deepEqual([carries(/node_modules\/got\//), carries(/node_modules\/undici\//)], [client === 'got', client === 'undici'], `worker-${client}.cjs carries ${client} only`);
		assert.ok(!carries(/node_modules\/(http2-wrapper|cacheable-request|keyv)\//), 'none of what imgrace turns off');
		// Compiled when first called, as esbuild wrote them: the code a worker saves holds the ones that ran (code-cache.cts).
		assert.match(code, /(?:^|[;,])(?:var|let|const) [\w$]+=[\w$]+\(\([\w$]+,[\w$]+\)=>\{/m, 'CommonJS factories left as arrow functions');
		checkInterop(code);
	}

	// The compute threads' file has no such cache: its factories are compiled with the file (scripts/eager-factories.mjs).
	const compute = await readFile(new URL('compute.js', folder), 'utf8');
	assert.doesNotMatch(compute, /(?:^|[;,])(?:var|let|const) [\w$]+=[\w$]+\(\([\w$]+,[\w$]+\)=>\{/m, 'no CommonJS factory left as an arrow function');
	assert.match(compute, /=[\w$]+\(\(function\([\w$]+,[\w$]+\)\{/, 'factories written as parenthesized functions');
	checkInterop(compute);
});

/**
 * esbuild's `__toESM` as the build leaves it in a worker file (scripts/esm-interop.mjs): an object whose
 * prototype is the CommonJS module, answering as esbuild's copy of its exports would.
 */
function checkInterop(code: string): void {
	// Its minified name may be `$`, which \b would not start.
	const helper = /(?<![\w$])([\w$]+)=\(([\w$]+),([\w$]+)\)=>\2===Object\(\2\)\?Object\.create\(\2,\3\|\|!\2\.__esModule\?\{default:\{value:\2,enumerable:!0\}\}:\{\}\):\{default:\2\}/.exec(code);
	assert.ok(helper, 'the lighter interop is in the file');
	const toEsm = new Function(`return (${helper[0].slice(helper[1]!.length + 1)})`)() as (module: unknown, nodeMode?: number) => Record<string, unknown>;
	const module = {count: 1, get later() {
		return 'read when asked';
	}};
	const namespace = toEsm(module, 1);
	assert.equal(namespace['default'], module);
	assert.equal(namespace['later'], 'read when asked');
	module.count = 2;
	assert.equal(namespace['count'], 2, 'live, as esbuild\'s getters were');
	const transpiled = {__esModule: true, default: 'its own default', named: 'x'};
	assert.equal(toEsm(transpiled)['default'], 'its own default', 'a transpiled module\'s default, outside node mode');
	assert.equal(toEsm(transpiled, 1)['default'], transpiled, 'the module itself, in node mode');
	assert.deepEqual([toEsm('text', 1)['default'], toEsm(null, 1)['default'], toEsm(undefined)['default']], ['text', null, undefined]);
	const callable = () => 'called';
	assert.equal((toEsm(callable, 1)['default'] as () => string)(), 'called');
}

/** Node's own modules a thread has loaded once the bundle is imported and set up for `client`. */
async function loadedBy(client: ClientName): Promise<string[]> {
	const setup = {type: 'setup', spec: specFor(client, '/nonexistent'), existing: []};
	const probe = [
		// Run as the pool's bootstrap runs it: the file exports its code as a function (code-cache.cts).
		`const {runAsModule} = await import(${JSON.stringify(new URL('../source/executors/code-cache.cjs', import.meta.url).href)});`,
		`runAsModule((await import(${JSON.stringify(bundleOf(client).href)})).default, ${JSON.stringify(fileURLToPath(bundleOf(client)))});`,
		'const {parentPort} = await import(\'node:worker_threads\');',
		`parentPort.emit('message', ${JSON.stringify(setup)});`,
		'await new Promise(resolve => setTimeout(resolve, 300));',
		'process.stdout.write(JSON.stringify(process.moduleLoadList)); process.exit(0);',
	].join('\n');
	return new Promise<string[]>((resolve, reject) => {
		// Without the test runner's --import (its helper loads node:os), as a pool starts its workers.
		const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(probe)}`), {stdout: true, execArgv: []});
		let text = '';
		worker.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
		});
		worker.once('error', reject);
		worker.once('exit', () => {
			resolve(JSON.parse(text) as string[]);
		});
	});
}

for (const client of clients) {
	test(`a worker set up for ${client} loads its client and nothing it does not use: no http2, no https, tls or zlib before an https URL or a coded body, no crypto or fs/promises before a file, no dns before a host name, no os or timers/promises before a thumbnail, no assert before a failed assertion, no perf_hooks for the clock, no node:module; node:http on got only`, async () => {
		const loaded = await loadedBy(client);
		assert.ok(loaded.includes('NativeModule net'), 'the probe sees the modules loaded');
		for (const name of ['http2', 'https', 'zlib', 'crypto', 'fs/promises', 'dns', 'os', 'timers/promises', 'assert', 'perf_hooks', 'internal/perf/performance', 'module']) {
			assert.ok(!loaded.includes(`NativeModule ${name}`), `${name} is not loaded at start-up`);
		}

		// got makes every request with node:http, so its worker has it before the first image; undici never uses it.
		assert.equal(loaded.includes('NativeModule http'), client === 'got');
	});
}

type Finished = {messages: FromWorker[]; detail: string | undefined};

/** One worker started on `module`, given one job and then told to finish: every message it sent. */
async function oneJob(kind: ExecutorKind, module: string, url: string, dir: string, client: ClientName = 'got'): Promise<Finished> {
	const worker = startWorker(kind, module);
	const messages: FromWorker[] = [];
	const timer = setTimeout(() => {
		worker.kill();
	}, 20_000);
	try {
		return await new Promise<Finished>(resolve => {
			worker.onGone(detail => {
				resolve({messages, detail});
			});
			worker.onMessage(message => {
				messages.push(message);
				if (message.type === 'ready') {
					worker.send({type: 'job', index: 0});
				} else if (message.type === 'batch' && message.outcome) {
					worker.send({type: 'finish'});
				}
			});
			worker.send({type: 'setup', spec: specFor(client, dir, [url]), existing: []});
		});
	} finally {
		clearTimeout(timer);
	}
}

for (const kind of ['threads', 'processes'] as const) {
	for (const [name, moduleOf] of [['the bundle', (client: ClientName) => bundleOf(client).href], ['the unbundled modules', () => unbundled.href]] as const) {
		for (const client of clients) test(`${kind}: a worker started from ${name} downloads an image on ${client}`, async () => {
			const module = moduleOf(client);
			await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
				const url = imageUrl(server.url, 3);
				const {messages, detail} = await oneJob(kind, module, url, dir, client);
				assert.equal(detail, undefined, 'the worker left by itself, exit code 0');
				const batches = messages.filter(message => message.type === 'batch');
				assert.deepEqual(batches.at(-1)?.outcome, 'done');
				const done = batches.flatMap(batch => batch.events).find(event => event.type === 'image-done');
				assert.ok(done?.type === 'image-done', 'image-done sent');
				assert.deepEqual(await listFiles(dir), [done.path.split('/').at(-1)]);
				const file = await readFile(done.path);
				assert.equal(sha256(file), (await fetchHash(url)).sha256);
				assert.equal(inspectImage(file).contentType, done.contentType);
				assert.equal(messages.at(-1)?.type, 'usage', 'usage is the last message');
			}));
		});
	}
}

test('a child process is started with its race\'s heap flags, which it sets before its code loads (a thread shares its process\'s)', async () => {
	keepYoungGenerationSmall();
	assert.deepEqual(heapFlagsSet(), ['--semi-space-growth-factor=1']);
	const module = bundleOf('undici').href;
	const worker = startWorker('processes', module, '/nonexistent/cache.bin');
	try {
		let argv: string[] = [];
		// Until the fork has become the worker's own program.
		for (let tries = 0; tries < 200 && !argv.some(argument => argument.endsWith('worker-entry.cjs')); tries++) {
			argv = (await readFile(`/proc/${worker.id}/cmdline`, 'utf8')).split('\0').filter(Boolean);
			await new Promise(resolve => {
				setTimeout(resolve, 10);
			});
		}

		assert.deepEqual(argv.slice(-3), [module, '/nonexistent/cache.bin', '--semi-space-growth-factor=1']);
	} finally {
		worker.kill();
	}
});
