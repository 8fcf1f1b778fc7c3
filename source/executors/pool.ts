import {readdir} from 'node:fs/promises';
import path from 'node:path';
import type {DownloadSettings, WorkSettings} from '../engine/controller-types.js';
import type {EngineEvent, EventListener} from '../engine/events.js';
import type {FolderGuard} from '../engine/folder-guard.js';
import type {HttpOptions} from '../engine/http-client.js';
import type {FromWorker} from './protocol.js';
import {meterUsage} from './run-usage.js';
import {startWorker, type ExecutorKind, type WorkerHandle} from './worker-handle.js';

/** What a pooled run needs; all of it but `emit`, `signal`, `folder` and `baseName` crosses to the workers. */
export type PoolPlan = {
	readonly runId: string;
	readonly urls: readonly string[];
	/** Workers to start, each downloading one image at a time. */
	readonly slots: number;
	/** The run's folder (created and guarded by the caller). */
	readonly outDir: string;
	/** File name without extension for image `index` ("007"). */
	readonly baseName: (index: number) => string;
	readonly settings: DownloadSettings;
	readonly http?: HttpOptions;
	readonly emit: EventListener;
	readonly signal?: AbortSignal;
	/** The run's folder guard: the workers ask it about names that existed, and report the names they wrote. */
	readonly folder: FolderGuard;
	/** The work after each download, done in the worker (default none). */
	readonly work?: WorkSettings;
	/** run-started's `at` (this thread's clock), so each image's queued phase counts from the run's start. */
	readonly runStartedAt?: number;
};

export type PoolResult = {
	readonly ok: number;
	readonly failed: number;
	readonly bytes: number;
	readonly aborted: boolean;
	/** Run start (this call) until the last worker was ready to take an image; part of the wall time. */
	readonly startupMs: number;
	readonly cpuMs: number;
	readonly peakRssMb: number;
};

/** What the pool knows of one worker: the image it holds, and the timer that ends it once told to finish. */
type Holding = {index: number | undefined; leaving?: NodeJS.Timeout};

/** How long workers get to stop their download and remove its temp file before they are killed. */
export const graceMs = 3000;

/**
 * Run the images on `slots` workers pulling from one queue held here: a worker gets the next image
 * only when it reports the last one done, so each downloads one after another, as the seed's threads.
 *
 * Event times: each event's `at` is moved onto this thread's clock (worker `at` + its timeOrigin −
 * ours), then clamped between the last `at` emitted and now. The conversion keeps when things really
 * happened (a batch arrives up to a turn of the worker's loop late); the clamp keeps the merged
 * stream in order, which consumers rely on and which batches from several workers would otherwise
 * break by a fraction of a millisecond. Durations inside events (ttfbMs, totalMs) are the worker's own.
 */
export async function runPool(kind: ExecutorKind, plan: PoolPlan): Promise<PoolResult> {
	const started = performance.now();
	const meter = meterUsage(kind);
	const {urls, emit, folder} = plan;
	const outPrefix = path.join(plan.outDir, path.sep);
	const existing = await readdir(plan.outDir).catch(() => []);
	let next = 0;
	let ok = 0;
	let failed = 0;
	let bytes = 0;
	let ready = 0;
	let startupMs = 0;
	let lastAt = started;
	let aborted = plan.signal?.aborted ?? false;
	const live = new Set<WorkerHandle>();
	const count = Math.max(1, Math.min(plan.slots, urls.length));
	const reEmit = (event: EngineEvent, offset: number) => {
		const now = performance.now();
		lastAt = Math.min(now, Math.max(lastAt, event.at + offset));
		emit({...event, at: lastAt});
	};

	const handOut = (worker: WorkerHandle, current: Holding) => {
		if (aborted || next >= urls.length) {
			current.index = undefined;
			worker.send({type: 'finish'});
			// With nothing in flight a worker leaves within milliseconds; one that has not within the
			// grace is killed, so the run never waits on a worker that will not go.
			current.leaving ??= setTimeout(() => {
				worker.kill();
			}, graceMs);
			return;
		}

		const index = next++;
		current.index = index;
		worker.send({type: 'job', index, url: urls[index]!, baseName: plan.baseName(index)});
	};

	const setup = {
		runId: plan.runId, outDir: outPrefix, settings: plan.settings, ...(plan.http ? {http: plan.http} : {}), existing,
		...(plan.work ? {work: plan.work} : {}),
		...(plan.runStartedAt === undefined ? {} : {runStartedAtEpoch: performance.timeOrigin + plan.runStartedAt}),
	};
	// Children are killed if this process exits while they run (a thread ends with its process anyway).
	const killAll = () => {
		for (const worker of live) {
			worker.kill();
		}
	};

	process.on('exit', killAll);
	let grace: NodeJS.Timeout | undefined;
	const onAbort = () => {
		aborted = true;
		for (const worker of live) {
			worker.send({type: 'abort'});
		}

		grace ??= setTimeout(killAll, graceMs);
	};

	plan.signal?.addEventListener('abort', onAbort, {once: true});
	const exits: Array<Promise<void>> = [];
	for (let i = 0; i < count && !aborted; i++) {
		const worker = startWorker(kind);
		live.add(worker);
		const current: Holding = {index: undefined};
		exits.push(new Promise(resolve => {
			worker.onGone(detail => {
				live.delete(worker);
				clearTimeout(current.leaving);
				// A worker that died with an image in hand: that image failed, the others go on.
				if (current.index !== undefined && detail !== undefined && !aborted) {
					failed++;
					reEmit({type: 'image-failed', runId: plan.runId, at: performance.now(), index: current.index, url: urls[current.index]!, code: 'ERR_IMGRACE_CONNECTION', reason: `worker stopped (${detail})`, retries: 0, totalMs: 0}, 0);
				}

				resolve();
			});
		}));
		worker.onMessage((message: FromWorker) => {
			switch (message.type) {
				case 'ready': {
					if (++ready === count) {
						startupMs = performance.now() - started;
						meter.sample();
					}

					handOut(worker, current);
					break;
				}

				case 'batch': {
					const offset = message.timeOrigin - performance.timeOrigin;
					for (const event of message.events) {
						reEmit(event, offset);
					}

					for (const claim of message.claims) {
						folder.claim(claim);
					}

					if (message.outcome) {
						if (message.outcome.status === 'done') {
							ok++;
							bytes += message.outcome.bytes;
						} else if (message.outcome.status === 'failed') {
							failed++;
						}

						handOut(worker, current);
					}

					break;
				}

				case 'place': {
					void folder.place(message.temp, message.name).catch((error: unknown) => `cannot write ${message.name} (${(error as NodeJS.ErrnoException).code ?? 'error'})`).then(refusal => {
						worker.send({type: 'placed', id: message.id, refusal});
					});
					break;
				}

				case 'usage': {
					meter.add(message.usage);
					break;
				}
			}
		});
		worker.send({type: 'setup', setup});
		if (aborted) {
			worker.send({type: 'abort'});
		}
	}

	try {
		await Promise.all(exits);
	} finally {
		clearTimeout(grace);
		plan.signal?.removeEventListener('abort', onAbort);
		process.removeListener('exit', killAll);
	}

	const usage = meter.finish();
	return {ok, failed, bytes, aborted, startupMs, ...usage};
}
