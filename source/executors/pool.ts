import {readdir} from 'node:fs/promises';
import {setImmediate as nextTurn} from 'node:timers/promises';
import path from 'node:path';
import {clockOrigin} from '../engine/clock.js';
import {DownloadError} from '../engine/errors.js';
import type {EngineEvent, RunCosts} from '../engine/events.js';
import {fileSystemReason, removeFile} from '../engine/file-io.js';
import type {RunContext, RunSpec} from '../engine/run-spec.js';
import type {FromWorker} from './protocol.js';
import {meterUsage} from './run-usage.js';
import {startRoom} from './worker-budget.js';
import {checkedCodeCacheFile} from './code-cache-file.js';
import {startWorker, workerModuleFor, type ExecutorKind, type WorkerHandle} from './worker-handle.js';

/**
 * What the pool knows of one worker: the image it holds, whether it has started, the timer that ends it
 * once told to finish, the signal that reached it alone, if one did (it then gets no more images), and
 * the image's deadline (`overdue` once it passed and the worker was killed for it).
 */
type Holding = {index: number | undefined; ready: boolean; leaving?: NodeJS.Timeout; signalled?: string; deadline?: NodeJS.Timeout; overdue?: DownloadError};

/** How long workers get to stop their download and remove its temp file before they are killed. */
export const graceMs = 3000;

/** The longest this thread starts workers without letting its event loop turn. */
const startTurnMs = 50;

/**
 * Run the spec's images on `slots` workers pulling from one queue held here: a worker gets the next
 * image only when it reports the last one done, so each downloads one after another, as the seed's
 * threads. Each worker builds its jobs from the spec itself (worker-loop.ts). Resolves with the run's
 * costs once every worker has gone.
 *
 * Event times: each event's `at` is moved onto this thread's clock (worker `at` + its clock origin −
 * ours, engine/clock.ts), which keeps when things really happened (a batch arrives up to a turn of the worker's loop
 * late), then held between the same image's last `at` and now, so that each image's events stay in
 * order. Across images the true times stand: an image's batch can arrive after another image's later
 * event, or after the pool's own word that the workers are ready. Holding every event after the last
 * one emitted instead moved images started by the first workers up to the last one's readiness, and
 * their rows then read shorter than their time to first byte. Durations inside events (ttfbMs,
 * totalMs) are the worker's own.
 * `module`: what each worker runs (worker-handle.ts), another one only in tests.
 */
export async function runPool(kind: ExecutorKind, spec: RunSpec, context: RunContext, module = workerModuleFor(spec.client.name)): Promise<RunCosts> {
	const started = performance.now();
	const meter = meterUsage(kind);
	const {urls} = spec;
	const {emit, folder, signal} = context;
	const [existing, cacheFile] = await Promise.all([readdir(spec.folder).catch(() => []), checkedCodeCacheFile(kind, module)]);
	let next = 0;
	let ready = 0;
	let startupMs = 0;
	let aborted = signal.aborted;
	let lastLoss: string | undefined;
	let startLoss: string | undefined;
	const live = new Map<WorkerHandle, Holding>();
	// No more than can start here now (worker-budget.ts): a worker that cannot start may take the whole
	// process down (a thread's address space) or hang (a child's threads), so none is tried.
	const room = startRoom(kind);
	const count = Math.min(room.count, spec.slots, urls.length);
	const lastAtOf = new Map<number, number>();
	const reEmit = (event: EngineEvent, offset: number) => {
		const index = 'index' in event ? event.index : undefined;
		const at = Math.min(performance.now(), Math.max(index === undefined ? started : lastAtOf.get(index) ?? started, event.at + offset));
		if (index !== undefined) {
			lastAtOf.set(index, at);
		}

		emit({...event, at});
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

		current.index = next++;
		worker.send({type: 'job', index: current.index});
		// The worker ends an image at --max-time itself; one that has not said so a grace later is hung
		// (a stopped child, a blocked event loop) and would hold the run forever: killed, the image failed
		// as the worker would have failed it. Counted from here, before the worker's own clock starts.
		const {maxTimeMs} = spec.download;
		if (maxTimeMs > 0 && Number.isFinite(maxTimeMs)) {
			current.deadline = setTimeout(() => {
				current.overdue = DownloadError.gaveUp(maxTimeMs);
				worker.kill();
			}, maxTimeMs + graceMs);
		}
	};

	/**
	 * An image whose worker went away with it (or that no worker was left to take): failed, and its temp
	 * files, which the worker would have removed, removed here.
	 */
	const lost = async (index: number, error: DownloadError, taken: boolean) => {
		const now = performance.now();
		if (!taken) {
			reEmit({type: 'image-started', runId: spec.runId, at: now, index, url: urls[index]!}, 0);
		}

		reEmit({type: 'image-failed', runId: spec.runId, at: now, index, url: urls[index]!, code: error.code, reason: error.message, retries: 0, totalMs: 0}, 0);
		const prefix = `.imgrace-${spec.runId}-${index}-`;
		const names = await readdir(spec.folder).catch(() => []);
		await Promise.all(names.filter(name => name.startsWith(prefix)).map(async name => removeFile(path.join(spec.folder, name))));
	};

	// Children are killed if this process exits while they run (a thread ends with its process anyway).
	const killAll = () => {
		for (const worker of live.keys()) {
			worker.kill();
		}
	};

	process.on('exit', killAll);
	let grace: NodeJS.Timeout | undefined;
	const onAbort = () => {
		aborted = true;
		for (const [worker, holding] of live) {
			// One still starting holds no image and no file: nothing to wait for (it may never start).
			if (holding.ready) {
				worker.send({type: 'abort'});
			} else {
				worker.kill();
			}
		}

		grace ??= setTimeout(killAll, graceMs);
	};

	signal.addEventListener('abort', onAbort, {once: true});
	const say = (ready: boolean) => {
		reEmit({type: 'run-workers', runId: spec.runId, at: performance.now(), workers: count, ready}, 0);
	};

	if (count > 0) {
		say(false);
	}

	// Start-up is over once every worker that did not die starting is ready; or, when none got ready
	// (an abort, a limit), once the last of them has gone: the run still spent that time starting.
	let starting = count;
	let startDone = false;
	const startedAll = () => {
		if (startDone || ready !== starting || (ready === 0 && live.size > 0)) {
			return;
		}

		startDone = true;
		startupMs = performance.now() - started;
		meter.sample();
		if (ready > 0) {
			say(true);
		}
	};

	const exits: Array<Promise<void>> = [];
	const cleanups: Array<Promise<void>> = [];
	let turned = performance.now();
	for (let i = 0; i < count && !aborted; i++) {
		// Starting a child takes this thread ~25 ms, 64 of them seconds: between them the event loop
		// turns, so that a signal (or a rerun) is heard within `startTurnMs`, not once the last has started.
		if (performance.now() - turned > startTurnMs) {
			await nextTurn();
			turned = performance.now();
			if (aborted) {
				break;
			}
		}

		const worker = startWorker(kind, module, cacheFile);
		const current: Holding = {index: undefined, ready: false};
		live.set(worker, current);
		exits.push(new Promise(resolve => {
			worker.onGone(exitDetail => {
				// A child that a signal reached exits 0 once it has cleaned up: it went as one killed by it.
				const detail = current.signalled ?? exitDetail ?? (current.overdue ? 'killed' : undefined);
				live.delete(worker);
				clearTimeout(current.leaving);
				clearTimeout(current.deadline);
				lastLoss = detail ?? lastLoss;
				if (!current.ready) {
					startLoss = detail ?? startLoss;
					starting--;
					startedAll();
				}

				// A worker that died with an image in hand (or given, not yet begun): that image failed, the others go on.
				if (current.index !== undefined && detail !== undefined && !aborted) {
					cleanups.push(lost(current.index, current.overdue ?? DownloadError.workerStopped(detail), lastAtOf.has(current.index)));
				}

				resolve();
			});
		}));
		worker.onMessage((message: FromWorker) => {
			switch (message.type) {
				case 'ready': {
					current.ready = true;
					ready++;
					startedAll();
					handOut(worker, current);
					break;
				}

				case 'batch': {
					const offset = message.timeOrigin - clockOrigin;
					for (const event of message.events) {
						reEmit(event, offset);
					}

					for (const claim of message.claims) {
						folder.claim(claim);
					}

					if (message.outcome) {
						clearTimeout(current.deadline);
					}

					if (message.outcome && current.signalled === undefined) {
						handOut(worker, current);
					} else if (message.outcome === 'done' || message.outcome === 'failed') {
						// Settled before the signal stopped it: nothing of it is lost.
						current.index = undefined;
					}

					break;
				}

				case 'place': {
					void folder.place(message.temp, message.name).catch((error: unknown) => fileSystemReason(`cannot write ${message.name}`, error)).then(refusal => {
						worker.send({type: 'placed', id: message.id, refusal});
					});
					break;
				}

				case 'signalled': {
					// The child stops its image and leaves by itself; one that does not is killed.
					current.signalled = message.signal;
					current.leaving ??= setTimeout(() => {
						worker.kill();
					}, graceMs);
					break;
				}

				case 'usage': {
					meter.add(message.usage);
					break;
				}
			}
		});
		worker.send({type: 'setup', spec, existing});
		if (aborted) {
			worker.send({type: 'abort'});
		}
	}

	// An abort that stopped the starting early: start-up is over once those that started are ready.
	starting -= count - exits.length;
	startedAll();
	try {
		await Promise.all(exits);
		// Every worker went before the queue was done (none could start, or each died): the images no
		// worker took are failed too, so the run ends with every image settled.
		const error = ready > 0 ? DownloadError.workerStopped(lastLoss ?? 'no worker left') : DownloadError.workerNotStarted(room.worker, startLoss ?? room.reason);
		for (; next < urls.length && !aborted; next++) {
			cleanups.push(lost(next, error, false));
		}

		await Promise.all(cleanups);
	} finally {
		clearTimeout(grace);
		signal.removeEventListener('abort', onAbort);
		process.removeListener('exit', killAll);
	}

	return {startupMs, ...meter.finish()};
}
