import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {epochNow} from '../source/engine/clock.js';
import {inspectImage} from '../source/engine/image-check.js';
import type {ClientName, RunSpec} from '../source/engine/run-spec.js';
import type {FromWorker} from '../source/executors/protocol.js';
import {startWorker, workerModule, type ExecutorKind} from '../source/executors/worker-handle.js';
import {imageUrl} from '../source/server/image-server.js';
import {fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';
import {clients} from './helpers/clients.js';
import {clientSettings, downloadSettings} from './helpers/race.js';

const bundle = new URL('../source/executors/bundle/worker.js', import.meta.url);
const unbundled = new URL('../source/executors/worker-loop.js', import.meta.url);

/** A run's spec as the controller makes one, for a worker to build its jobs from. */
function specFor(client: ClientName, folder: string, urls: readonly string[] = []): RunSpec {
	return {runId: 'bundle00', strategy: 'threads', urls, folder, slots: 1, download: downloadSettings(), client: clientSettings(client), work: {name: 'download'}, startedAt: epochNow()};
}

test('the build makes the worker bundle, a chunk per client, and the pool loads it', async () => {
	assert.ok(existsSync(bundle), `${fileURLToPath(bundle)} exists after npm run build`);
	assert.equal(workerModule, bundle.href);
	const code = await readFile(bundle, 'utf8');
	// Every module of the worker is inside it or in a chunk beside it: nothing loads the unbundled graph.
	assert.doesNotMatch(code, /\bfrom\s*["']\.{2}\/|\bimport\(\s*["']\.{2}\//);
	assert.match(code, /ERR_IMGRACE_/, 'the engine is in it');
	const chunks = (await readdir(new URL('.', bundle))).filter(name => name.endsWith('.js.map'));
	const sources = await Promise.all(chunks.map(async name => (JSON.parse(await readFile(new URL(name, bundle), 'utf8')) as {sources: string[]}).sources));
	const carrying = (pattern: RegExp) => sources.filter(list => list.some(source => pattern.test(source))).length;
	assert.equal(carrying(/node_modules\/got\//), 1, 'got in one chunk');
	assert.equal(carrying(/node_modules\/undici\//), 1, 'undici in another');
	assert.equal(sources.filter(list => list.some(source => /node_modules\/got\//.test(source)) && list.some(source => /node_modules\/undici\//.test(source))).length, 0, 'never both in one chunk');
	assert.equal(carrying(/node_modules\/(http2-wrapper|cacheable-request|keyv)\//), 0, 'none of what imgrace turns off');
});

/** Node's own modules a thread has loaded once the bundle is imported and set up for `client`. */
async function loadedBy(client: ClientName): Promise<string[]> {
	const setup = {type: 'setup', spec: specFor(client, '/nonexistent'), existing: []};
	const probe = [
		`await import(${JSON.stringify(bundle.href)});`,
		'const {parentPort} = await import(\'node:worker_threads\');',
		`parentPort.emit('message', ${JSON.stringify(setup)});`,
		'await new Promise(resolve => setTimeout(resolve, 300));',
		'process.stdout.write(JSON.stringify(process.moduleLoadList)); process.exit(0);',
	].join('\n');
	return new Promise<string[]>((resolve, reject) => {
		const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(probe)}`), {stdout: true});
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
	test(`a worker set up for ${client} loads its client and nothing it does not use: no http2, no https, tls or zlib before an https URL or a coded body, no crypto or fs/promises before a file`, async () => {
		const loaded = await loadedBy(client);
		assert.ok(loaded.includes('NativeModule http'), 'the probe sees the modules loaded');
		for (const name of ['http2', 'https', 'zlib', 'crypto', 'fs/promises']) {
			assert.ok(!loaded.includes(`NativeModule ${name}`), `${name} is not loaded at start-up`);
		}
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
	for (const [name, module] of [['the bundle', bundle.href], ['the unbundled modules', unbundled.href]] as const) {
		for (const client of clients) test(`${kind}: a worker started from ${name} downloads an image on ${client}`, async () => {
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
