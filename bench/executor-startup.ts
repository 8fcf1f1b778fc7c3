import {fork} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {defaultSettings} from '../source/engine/controller.js';

/**
 * How long 10 pool workers take to be ready, against 10 that do nothing and 10 that only import got
 * (the figures in source/executors/index.ts). Not a test: timings on a shared 2-core machine are noisy.
 * Run: npm run build && node dist/bench/executor-startup.js [rounds]
 */
const rounds = Number(process.argv[2] ?? 5);
const count = 10;
const entry = fileURLToPath(new URL('../source/executors/worker-entry.js', import.meta.url));
const gotUrl = import.meta.resolve('got');
const setup = {type: 'setup', setup: {runId: 'probe000', outDir: `${os.tmpdir()}${path.sep}`, settings: defaultSettings, existing: []}};

type Kind = 'thread' | 'process';

async function startAll(kind: Kind, file: string, needsSetup: boolean): Promise<number> {
	const started = performance.now();
	const stops: Array<() => Promise<void>> = [];
	await Promise.all(Array.from({length: count}, async () => new Promise<void>((resolve, reject) => {
		if (kind === 'thread') {
			const worker = new Worker(file);
			worker.once('message', () => {
				resolve();
			});
			worker.once('error', reject);
			if (needsSetup) {
				worker.postMessage(setup);
			}

			stops.push(async () => {
				await worker.terminate();
			});
		} else {
			const child = fork(file, {serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
			child.once('message', () => {
				resolve();
			});
			child.once('error', reject);
			if (needsSetup) {
				child.send(setup);
			}

			stops.push(async () => new Promise(done => {
				if (child.exitCode !== null || child.signalCode !== null) {
					done();
					return;
				}

				child.once('exit', () => {
					done();
				});
				child.kill();
			}));
		}
	})));
	const elapsed = performance.now() - started;
	await Promise.all(stops.map(async stop => stop()));
	return elapsed;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-startup-'));
try {
	const empty = path.join(dir, 'empty.mjs');
	const got = path.join(dir, 'got.mjs');
	const send = `const {parentPort} = await import('node:worker_threads'); const post = m => parentPort ? parentPort.postMessage(m) : process.send(m); process.on('message', () => {});`;
	await writeFile(empty, `${send} post('ready');\n`);
	await writeFile(got, `${send} await import(${JSON.stringify(gotUrl)}); post('ready');\n`);
	const cases: Array<[string, string, boolean]> = [['empty', empty, false], ['got', got, false], ['entry', entry, true]];
	for (const kind of (process.argv[3] ?? 'thread,process').split(',') as Kind[]) {
		for (const [name, file, needsSetup] of cases) {
			const times: number[] = [];
			for (let round = 0; round < rounds; round++) {
				times.push(await startAll(kind, file, needsSetup));
			}

			times.sort((a, b) => a - b);
			console.log(`${kind.padEnd(7)} ${name.padEnd(5)} median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms  (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`);
		}
	}
} finally {
	await rm(dir, {recursive: true, force: true});
}

