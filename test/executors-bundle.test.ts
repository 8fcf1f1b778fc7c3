import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {defaultSettings} from '../source/engine/controller.js';
import {inspectImage} from '../source/engine/image-check.js';
import type {FromWorker} from '../source/executors/protocol.js';
import {startWorker, workerModule, type ExecutorKind} from '../source/executors/worker-handle.js';
import {imageUrl} from '../source/server/image-server.js';
import {fetchHash, listFiles, sha256, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const bundle = new URL('../source/executors/worker.bundle.js', import.meta.url);
const unbundled = new URL('../source/executors/worker-loop.js', import.meta.url);

test('the build makes the one-file worker bundle, self-contained, and the pool loads it', async () => {
	assert.ok(existsSync(bundle), `${fileURLToPath(bundle)} exists after npm run build`);
	assert.equal(workerModule, bundle.href);
	const code = await readFile(bundle, 'utf8');
	// Every module of the worker is inside: an import of a file next to it would load the unbundled graph.
	assert.doesNotMatch(code, /\bfrom\s*["']\.{1,2}\/|\bimport\(\s*["']\.{1,2}\//);
	assert.match(code, /ERR_IMGRACE_/, 'the engine is in it');
});

test('the worker bundle carries the node transport, not got, and a worker loads no https, tls or zlib to start', async () => {
	const map = JSON.parse(await readFile(new URL('worker.bundle.js.map', bundle), 'utf8')) as {sources: string[]};
	assert.ok(map.sources.some(source => source.endsWith('engine/transport/node.ts')), 'the node transport is in it');
	assert.deepEqual(map.sources.filter(source => /node_modules\/(got|http2-wrapper|decompress-response)\//.test(source)), []);
	// Which of Node's own modules a thread has loaded once the bundle is imported and set up (when it
	// makes its HTTP client and says it is ready).
	const setup = {type: 'setup', setup: {runId: 'probe000', outDir: '/nonexistent/', settings: defaultSettings, existing: []}};
	const probe = [
		`await import(${JSON.stringify(bundle.href)});`,
		`(await import('node:worker_threads')).parentPort.emit('message', ${JSON.stringify(setup)});`,
		'process.stdout.write(JSON.stringify(process.moduleLoadList)); process.exit(0);',
	].join('\n');
	const loaded = await new Promise<string[]>((resolve, reject) => {
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
	assert.ok(loaded.includes('NativeModule http'), 'the probe sees the modules loaded');
	for (const name of ['https', 'tls', 'zlib', 'http2']) {
		assert.ok(!loaded.includes(`NativeModule ${name}`), `${name} is not loaded at start-up`);
	}
});

type Finished = {messages: FromWorker[]; detail: string | undefined};

/** One worker started on `module`, given one job and then told to finish: every message it sent. */
async function oneJob(kind: ExecutorKind, module: string, url: string, dir: string): Promise<Finished> {
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
					worker.send({type: 'job', index: 0, url, baseName: '000'});
				} else if (message.type === 'batch' && message.outcome) {
					worker.send({type: 'finish'});
				}
			});
			worker.send({type: 'setup', setup: {runId: 'bundle00', outDir: `${dir}/`, settings: defaultSettings, existing: []}});
		});
	} finally {
		clearTimeout(timer);
	}
}

for (const kind of ['threads', 'processes'] as const) {
	for (const [name, module] of [['the bundle', bundle.href], ['the unbundled modules', unbundled.href]] as const) {
		test(`${kind}: a worker started from ${name} downloads an image`, async () => {
			await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
				const url = imageUrl(server.url, 3);
				const {messages, detail} = await oneJob(kind, module, url, dir);
				assert.equal(detail, undefined, 'the worker left by itself, exit code 0');
				const batches = messages.filter(message => message.type === 'batch');
				assert.deepEqual(batches.at(-1)?.outcome?.status, 'done');
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
