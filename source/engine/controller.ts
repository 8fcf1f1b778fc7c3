import {randomUUID} from 'node:crypto';
import type {LookupFunction} from 'node:net';
import {loadClient} from './client/index.js';
import {sharedNow, fromShared} from './clock.js';
import {NoRoomError} from './errors.js';
import type {EventListener, RunCosts} from './events.js';
import {slotBudget} from './fd-budget.js';
import {guardFolder} from './folder-guard.js';
import {settleHeap} from './heap.js';
import {readMachine, type Machine} from './machine.js';
import {meterRun} from './run-meter.js';
import type {RunRequest, RunResult, RunSpec, SlotRoom, Strategy} from './run-spec.js';

export type ControllerOptions = {
	readonly emit: EventListener;
	readonly signal?: AbortSignal;
	/** Name resolution for the in-process strategies (tests); see RunContext. */
	readonly lookup?: LookupFunction;
	/** The open-file limit to plan slots for; this process's soft limit unless told (fd-budget.ts). */
	readonly openFileLimit?: number;
	/** The machine to plan slots for (a strategy's room); this one unless told (machine.ts). */
	readonly machine?: Machine;
};

/**
 * Run one strategy (the caller looks it up: the engine names none) over the request's images. Emits
 * run-started and image-queued, lets the strategy run the images (their events pass through here and
 * are counted), then run-finished, or run-aborted once every image in flight has stopped and removed
 * its temp file. Resolves, never rejects for a failed image; rejects when the run's folder cannot be used
 * (FolderError) or the strategy has no room on this machine (NoRoomError): nothing has started then.
 */
export async function runDownloads(strategy: Strategy, request: RunRequest, options: ControllerOptions): Promise<RunResult> {
	const {urls} = request;
	const wanted = strategy.slots(request.asked, urls.length, request.work.name);
	const machine = options.machine ?? readMachine();
	const openFileLimit = options.openFileLimit ?? machine.openFiles;
	// Never more in flight than the descriptors allow (fd-budget.ts): past that, sockets and files fail
	// with EMFILE and the run turns into a cascade of errors instead of going slower. Nor more than the
	// strategy has room for (workers cost memory, address space and tasks of their own).
	const rooms: SlotRoom[] = [{slots: slotBudget(openFileLimit), cap: {limit: 'open files', reason: `the open-file limit of ${openFileLimit}`}}];
	const own = strategy.room?.(request.work.name, machine);
	if (own) {
		rooms.push(own);
	}

	const room = rooms.reduce((tightest, next) => next.slots < tightest.slots ? next : tightest);
	if (room.slots < 1) {
		throw new NoRoomError(`no room to start: ${room.cap.reason}`);
	}

	const slots = Math.min(wanted, room.slots);
	const capped = slots < wanted ? {cappedFrom: wanted, cappedBy: room.cap, ...(room.cap.limit === 'open files' ? {openFileLimit} : {})} : {};
	const runId = randomUUID().slice(0, 8);
	// Created if missing, refused if a link; stale temp files of a crashed run are swept (folder-guard.ts).
	const folder = await guardFolder(request.folder, runId);
	// Totals are counted from the events, so a strategy that downloads elsewhere (a worker, a child
	// process) and posts the events back is counted the same way.
	let ok = 0;
	let failed = 0;
	let bytes = 0;
	const emit: EventListener = event => {
		if (event.type === 'image-done') {
			ok++;
			bytes += event.bytes;
		} else if (event.type === 'image-failed') {
			failed++;
		}

		options.emit(event);
	};

	const stop = new AbortController();
	const onAbort = () => {
		stop.abort();
	};

	if (options.signal?.aborted) {
		stop.abort();
	}

	options.signal?.addEventListener('abort', onAbort, {once: true});
	// Imports, off the clock: on this thread only the first run would pay for them (a worker's own
	// import of the client is its start-up, reported apart).
	await Promise.all([loadClient(request.client.name), strategy.load?.()]);
	settleHeap();
	const meter = meterRun();
	const startedAt = sharedNow();
	const spec: RunSpec = {runId, strategy: strategy.name, urls, folder: request.folder, slots, download: request.download, client: request.client, work: request.work, startedAt};
	const at = fromShared(startedAt);
	options.emit({type: 'run-started', runId, at, strategy: strategy.name, role: strategy.role, concurrency: slots, client: request.client.name, ...capped, urls, outDir: request.folder, work: request.work.name});
	for (const [index, url] of urls.entries()) {
		options.emit({type: 'image-queued', runId, at: performance.now(), index, url});
	}

	let costs: RunCosts | undefined;
	let measured: RunCosts;
	let endedAt: number;
	try {
		costs = await strategy.run(spec, {emit, signal: stop.signal, folder, ...(options.lookup ? {lookup: options.lookup} : {})}) ?? undefined;
	} finally {
		// The run's wall and costs end with its last image (docs/json.md): the manifest of the files it
		// wrote is imgrace's own record, written after (~10 ms at 1,000 images).
		endedAt = performance.now();
		measured = meter.finish();
		options.signal?.removeEventListener('abort', onAbort);
		await folder.save();
	}

	const aborted = stop.signal.aborted;
	const wallMs = endedAt - at;
	// Every strategy reports the same three figures: its own if it measured them, else this thread's.
	const {startupMs, cpuMs, peakRssMb} = costs ?? measured;
	options.emit({type: aborted ? 'run-aborted' : 'run-finished', runId, at: performance.now(), wallMs, ok, failed, bytes, startupMs, cpuMs, peakRssMb});
	return {runId, strategy: strategy.name, client: request.client.name, concurrency: slots, ...capped, wallMs, ok, failed, bytes, aborted, startupMs, cpuMs, peakRssMb};
}
