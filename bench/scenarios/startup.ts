import {fork} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Worker} from 'node:worker_threads';
import {sharedNow} from '../../source/engine/clock.js';
import {clientNames, type ClientName} from '../../source/engine/run-spec.js';
import {defaults} from '../../source/defaults.js';
import {checkedCodeCacheFile} from '../../source/executors/code-cache-file.js';
import {startWorker, workerModuleFor, type ExecutorKind} from '../../source/executors/worker-handle.js';
import {toStat, type StartupClient, type StartupKind, type StartupResult} from '../results.js';
import {eachRound, type ScenarioContext} from './context.js';

/** As many workers as `--mode threads` starts for 10 images. */
export const startupWorkers = 10;

/** The unbundled worker code, for the before/after: what a build without the bundle runs. */
const unbundledModule = new URL('../../source/executors/worker-loop.js', import.meta.url).href;

/** The floor: a worker that only makes its client (bench/client-alone.ts), bundled as the pool's are when the build bundled them. */
function clientAloneModule(client: ClientName): string {
	const bundled = new URL(`../bundle/client-alone-${client}.cjs`, import.meta.url);
	return existsSync(bundled) ? bundled.href : new URL('../client-alone.js', import.meta.url).href;
}

/** The setup a pool sends a worker of a run on `client`: its spec, which the worker builds its jobs and client from. */
function setupFor(client: ClientName) {
	const {retries, idleTimeoutMs, maxTimeMs, maxSize, keepAlive, maxRetryDelayMs, userAgent} = defaults;
	return {type: 'setup', existing: [], spec: {
		runId: 'startup0', strategy: 'threads', urls: [], folder: os.tmpdir(), slots: 1, startedAt: sharedNow(), work: {name: 'download'},
		download: {retries, idleTimeoutMs, maxTimeMs, maxSize, keepAlive, maxRetryDelayMs},
		client: {name: client, headers: {}, userAgent, insecure: false, ca: undefined},
	}} as const;
}

/** Until every one of `count` workers said it is ready; then they are stopped and waited for. */
async function readyAll(count: number, start: () => {ready: Promise<void>; stop: () => Promise<void>}): Promise<number> {
	const started = performance.now();
	const workers = Array.from({length: count}, start);
	try {
		await Promise.all(workers.map(async worker => worker.ready));
		return performance.now() - started;
	} finally {
		await Promise.all(workers.map(async worker => worker.stop()));
	}
}

/** A worker that does nothing but say it is ready, started with the pool's own options. */
function emptyWorker(kind: ExecutorKind, file: string) {
	if (kind === 'threads') {
		const worker = new Worker(file, {execArgv: []});
		return {
			ready: new Promise<void>((resolve, reject) => {
				worker.once('message', () => {
					resolve();
				});
				worker.once('error', reject);
			}),
			stop: async () => {
				await worker.terminate();
			},
		};
	}

	const child = fork(file, [], {serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: []});
	const exited = new Promise<void>(resolve => {
		child.once('exit', () => {
			resolve();
		});
	});
	return {
		ready: new Promise<void>((resolve, reject) => {
			child.once('message', () => {
				resolve();
			});
			child.once('error', reject);
		}),
		stop: async () => {
			child.kill('SIGKILL');
			await exited;
		},
	};
}

/** A pool worker as runPool starts it, ready once it has taken its setup (its HTTP client made). */
function poolWorker(kind: ExecutorKind, module: string, client: ClientName, cacheFile: string) {
	const worker = startWorker(kind, module, cacheFile);
	const gone = new Promise<void>(resolve => {
		worker.onGone(() => {
			resolve();
		});
	});
	const ready = new Promise<void>((resolve, reject) => {
		worker.onMessage(message => {
			if (message.type === 'ready') {
				resolve();
			}
		});
		void gone.then(() => {
			reject(new Error(`a ${kind} worker left before it was ready`));
		});
	});
	worker.send(setupFor(client));
	return {
		ready,
		// As the pool ends a run: told to finish, it leaves by itself (and saves V8's code for its file the
		// first time: executors/code-cache.cts); killed only if it does not.
		stop: async () => {
			worker.send({type: 'finish'});
			const late = setTimeout(() => {
				worker.kill();
			}, 5000);
			await gone;
			clearTimeout(late);
		},
	};
}

/**
 * One round's times of one kind of worker: empty, then on each client workers that only make the client
 * (`aloneMs`) and pool workers (`readyMs`), then pool workers unbundled on got.
 */
export type StartupRound = {
	readonly emptyMs: number;
	readonly aloneMs: Readonly<Record<ClientName, number>>;
	readonly readyMs: Readonly<Record<ClientName, number>>;
	readonly unbundledMs: number;
};

/** A kind's figures from its measured rounds (pure): each client's ratio is per round, its median kept. */
export function summarizeStartupKind(kind: StartupKind['kind'], rounds: readonly StartupRound[]): StartupKind {
	const clients: StartupClient[] = clientNames.map(client => {
		const ratio = toStat(rounds.map(round => round.readyMs[client] / round.emptyMs));
		const alone = toStat(rounds.map(round => round.aloneMs[client] / round.emptyMs));
		const added = toStat(rounds.map(round => round.readyMs[client] / round.aloneMs[client]));
		return {
			client,
			readyMs: toStat(rounds.map(round => round.readyMs[client])),
			ratio: ratio.median,
			ratioStat: ratio,
			aloneMs: toStat(rounds.map(round => round.aloneMs[client])),
			aloneRatio: alone.median,
			overAlone: added.median,
		};
	});
	// got, the default client, is the figure this scenario had before there were two.
	const got = clients.find(entry => entry.client === 'got')!;
	return {
		kind,
		emptyMs: toStat(rounds.map(round => round.emptyMs)),
		imgraceMs: got.readyMs,
		unbundledMs: toStat(rounds.map(round => round.unbundledMs)),
		ratio: got.ratio,
		ratioStat: got.ratioStat,
		clients,
	};
}

/**
 * Scenario 6, worker start-up (issues 12 and 19): how long 10 pool workers take to be ready to
 * download, their client loaded, against 10 empty workers started the same way, side by side in
 * every round (empty, each client, got unbundled, in turn; the clients' order swaps every round), for
 * threads and processes. Beside each client's pool workers, workers that only make that client
 * (bench/client-alone.ts, bundled the same way; which of the two goes first swaps every round): the
 * floor, what loading the client costs whatever imgrace does around it. Each client's ratio per round
 * is its time ÷ the empty ones' of that round, so a load spike from other work on the machine hits
 * both sides of it alike. The unbundled run, on
 * got only, is the before of the worker bundle.
 */
export async function startupScenario(context: ScenarioContext): Promise<StartupResult> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'imgrace-startup-'));
	try {
		const empty = path.join(directory, 'empty.mjs');
		await writeFile(empty, "import {parentPort} from 'node:worker_threads';\nif (parentPort) parentPort.postMessage('ready'); else { process.on('message', () => {}); process.send('ready'); }\n");
		const kinds: StartupKind[] = [];
		for (const kind of ['threads', 'processes'] as const) {
			const rounds: StartupRound[] = [];
			await eachRound(context, async (label, measured, round) => {
				const emptyMs = await readyAll(startupWorkers, () => emptyWorker(kind, empty));
				const readyMs = {got: 0, undici: 0};
				const aloneMs = {got: 0, undici: 0};
				const sides = [[aloneMs, clientAloneModule], [readyMs, workerModuleFor]] as const;
				for (const client of round % 2 === 0 ? clientNames : clientNames.toReversed()) {
					for (const [times, moduleFor] of round % 2 === 0 ? sides : sides.toReversed()) {
						// As runPool names it, before its clock starts.
						const cacheFile = await checkedCodeCacheFile(kind, moduleFor(client));
						times[client] = await readyAll(startupWorkers, () => poolWorker(kind, moduleFor(client), client, cacheFile));
					}
				}

				const unbundledMs = await readyAll(startupWorkers, () => poolWorker(kind, unbundledModule, 'got', ''));
				const ready = clientNames.map(client => `${client} alone ${aloneMs[client].toFixed(0)}, ready ${readyMs[client].toFixed(0)} (${(readyMs[client] / emptyMs).toFixed(2)}×)`);
				context.log(`startup ${label}: ${startupWorkers} ${kind} [ms]: empty ${emptyMs.toFixed(0)}, ${ready.join(', ')}, unbundled ${unbundledMs.toFixed(0)}`);
				if (measured) {
					rounds.push({emptyMs, aloneMs, readyMs, unbundledMs});
				}
			});
			kinds.push(summarizeStartupKind(kind, rounds));
		}

		return {workers: startupWorkers, bundled: workerModuleFor('got') !== unbundledModule, threads: kinds[0]!, processes: kinds[1]!};
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}
