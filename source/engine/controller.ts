import {randomUUID} from 'node:crypto';
import {setMaxListeners} from 'node:events';
import {mkdir} from 'node:fs/promises';
import type {DownloadSettings, RunOptions, RunResult} from './controller-types.js';
import {downloadImage} from './download.js';
import {createHttpClient} from './http-client.js';
import {createScheduler, strategies} from './strategies.js';

export type {DownloadSettings, RunOptions, RunResult, Runner} from './controller-types.js';

export const defaultSettings: DownloadSettings = {
	retries: 2,
	idleTimeoutMs: 10_000,
	maxTimeMs: 60_000,
	maxSize: 50 * 1000 * 1000,
	keepAlive: true,
	maxRetryDelayMs: 10_000,
};

/** "007" for image 7 of up to 999; wider names keep a directory listing in order. */
export function imageBaseName(index: number, count: number): string {
	const width = Math.max(3, String(count).length);
	return String(index + 1).padStart(width, '0');
}

/**
 * Run one strategy over the URL list. Emits run-started, per-image events and then run-finished, or
 * run-aborted once every in-flight download has stopped and removed its temp file. Resolves, never
 * rejects for a failed image; rejects only when the output folder cannot be created.
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
	const strategy = strategies[options.strategy];
	const slots = strategy.slots(options.concurrency, urls.length);
	const runId = randomUUID().slice(0, 8);
	// Every in-flight image listens to the run's signal; a private one keeps the caller's signal at one
	// listener and lets this one have as many as there are slots without a leak warning.
	const runController = new AbortController();
	setMaxListeners(0, runController.signal);
	const forwardAbort = () => {
		runController.abort();
	};

	options.signal?.addEventListener('abort', forwardAbort, {once: true});
	if (options.signal?.aborted) {
		runController.abort();
	}

	const {signal} = runController;

	await mkdir(options.outDir, {recursive: true});

	const client = createHttpClient({slots, keepAlive: settings.keepAlive, dnsLookup: options.dnsLookup});
	const schedule = createScheduler(slots);
	const started = performance.now();
	emit({type: 'run-started', runId, at: started, strategy: strategy.name, concurrency: slots, urls, outDir: options.outDir});
	for (const [index, url] of urls.entries()) {
		emit({type: 'image-queued', runId, at: performance.now(), index, url});
	}

	let ok = 0;
	let failed = 0;
	let bytes = 0;
	try {
		await Promise.all(urls.map(async (url, index) => schedule(async () => {
			// Queued images of an aborted run never start.
			if (signal.aborted) {
				return;
			}

			const outcome = await downloadImage({
				runId,
				index,
				url,
				outDir: options.outDir,
				baseName: imageBaseName(index, urls.length),
				got: client.got,
				settings,
				signal,
				emit,
			});
			if (outcome.status === 'done') {
				ok++;
				bytes += outcome.bytes;
			} else if (outcome.status === 'failed') {
				failed++;
			}
		})));
	} finally {
		client.destroy();
		options.signal?.removeEventListener('abort', forwardAbort);
	}

	const wallMs = performance.now() - started;
	const aborted = signal.aborted;
	emit({type: aborted ? 'run-aborted' : 'run-finished', runId, at: performance.now(), wallMs, ok, failed, bytes});
	return {runId, strategy: strategy.name, concurrency: slots, wallMs, ok, failed, bytes, aborted};
}
