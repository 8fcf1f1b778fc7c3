import {randomUUID} from 'node:crypto';
import path from 'node:path';
import type {DownloadSettings, RunOptions, RunResult} from './controller-types.js';
import {downloadImage, type StopReason} from './download/index.js';
import type {EventListener, RunCosts} from './events.js';
import {openFileLimit as readOpenFileLimit, slotBudget} from './fd-budget.js';
import {guardFolder} from './folder-guard.js';
import {settleHeap} from './heap.js';
import {createHttpClient} from './http-client.js';
import {meterRun} from './run-meter.js';
import {StopSwitch} from './stop-switch.js';
import type {ImageJob} from './strategy-contract.js';
import {downloadDefaults} from '../defaults.js';

export type {DownloadSettings, RunOptions, RunResult, Runner} from './controller-types.js';

export const defaultSettings: DownloadSettings = downloadDefaults;

/** "007" for image 7 of up to 999; wider names keep a directory listing in order. */
export function imageBaseName(index: number, count: number): string {
	const width = Math.max(3, String(count).length);
	return String(index + 1).padStart(width, '0');
}

/**
 * Run one strategy over the URL list (the caller looks it up in the registry: the engine names
 * none). Emits run-started, per-image events and then run-finished, or run-aborted once every
 * in-flight download has stopped and removed its temp file. Resolves, never rejects for a failed
 * image; rejects only when the output folder cannot be created.
 */
export async function runDownloads(options: RunOptions): Promise<RunResult> {
	const {urls, onEvent: emit} = options;
	const settings: DownloadSettings = {
		retries: options.retries ?? defaultSettings.retries,
		idleTimeoutMs: options.idleTimeoutMs ?? defaultSettings.idleTimeoutMs,
		maxTimeMs: options.maxTimeMs ?? defaultSettings.maxTimeMs,
		maxSize: options.maxSize ?? defaultSettings.maxSize,
		keepAlive: options.keepAlive ?? defaultSettings.keepAlive,
		maxRetryDelayMs: options.maxRetryDelayMs ?? defaultSettings.maxRetryDelayMs,
	};
	const {strategy} = options;
	const work = options.work ?? {name: 'download'};
	const wanted = strategy.slots(options.concurrency, urls.length, work.name);
	const openFileLimit = options.openFileLimit ?? readOpenFileLimit();
	// Never more in flight than the descriptors allow (fd-budget.ts): past that, sockets and files
	// fail with EMFILE and the run turns into a cascade of errors instead of going slower.
	const slots = Math.min(wanted, slotBudget(openFileLimit));
	const capped = slots < wanted ? {cappedFrom: wanted, openFileLimit} : {};
	const runId = randomUUID().slice(0, 8);

	// Created if missing, refused if a link; stale temp files of a crashed run are swept (folder-guard.ts).
	const folder = await guardFolder(options.outDir, runId);

	const client = createHttpClient({slots, keepAlive: settings.keepAlive, dnsLookup: options.dnsLookup, http: options.http, transport: options.transport});
	// Joined once: file names are then plain concatenation (path.join per file showed in the profile).
	const outPrefix = path.join(options.outDir, path.sep);
	// Totals are counted from the events, so a strategy that downloads elsewhere (a worker, a child
	// process) and posts the events back is counted the same way.
	let ok = 0;
	let failed = 0;
	let bytes = 0;
	const emitImage: EventListener = event => {
		if (event.type === 'image-done') {
			ok++;
			bytes += event.bytes;
		} else if (event.type === 'image-failed') {
			failed++;
		}

		emit(event);
	};

	settleHeap();
	const meter = meterRun();
	const started = performance.now();
	emit({type: 'run-started', runId, at: started, strategy: strategy.name, concurrency: slots, ...capped, urls, outDir: options.outDir, work: work.name});
	for (const [index, url] of urls.entries()) {
		emit({type: 'image-queued', runId, at: performance.now(), index, url});
	}

	// One listener on the caller's signal for the whole run; it stops the images in flight, each
	// through its own switch (see stop-switch.ts for why not an AbortSignal per image).
	const inFlight = new Set<StopSwitch<StopReason>>();
	const stopAll = new AbortController();
	const onAbort = () => {
		stopAll.abort();
		for (const stopper of inFlight) {
			stopper.stop('run-aborted');
		}
	};

	if (options.signal?.aborted) {
		stopAll.abort();
	}

	options.signal?.addEventListener('abort', onAbort, {once: true});
	const job: ImageJob = async (index, url, signal, afterSave) => {
		if (signal.aborted) {
			return 'skipped';
		}

		const stopper = new StopSwitch<StopReason>();
		inFlight.add(stopper);
		try {
			const outcome = await downloadImage({
				runId,
				index,
				url,
				outDir: outPrefix,
				baseName: imageBaseName(index, urls.length),
				request: client.request,
				settings,
				stopper,
				emit: emitImage,
				folder,
				runStartedAt: started,
				...(afterSave ? {afterSave} : {}),
			});
			return outcome.status;
		} finally {
			inFlight.delete(stopper);
		}
	};

	let costs: RunCosts | undefined;
	let measured: RunCosts;
	try {
		costs = await strategy.run({
			urls,
			slots,
			job,
			emit: emitImage,
			signal: stopAll.signal,
			remote: {runId, outPrefix, imageCount: urls.length, settings, http: options.http, work, runStartedAt: started},
			work,
			folder,
		}) ?? undefined;
	} finally {
		measured = meter.finish();
		client.destroy();
		options.signal?.removeEventListener('abort', onAbort);
		await folder.save();
	}

	const aborted = stopAll.signal.aborted;
	const wallMs = performance.now() - started;
	// Every strategy reports the same three figures: its own if it measured them, else this thread's.
	const {startupMs, cpuMs, peakRssMb} = costs ?? measured;
	emit({type: aborted ? 'run-aborted' : 'run-finished', runId, at: performance.now(), wallMs, ok, failed, bytes, startupMs, cpuMs, peakRssMb});
	return {runId, strategy: strategy.name, concurrency: slots, ...capped, wallMs, ok, failed, bytes, aborted, startupMs, cpuMs, peakRssMb};
}
