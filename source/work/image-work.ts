import type {WorkSettings} from '../engine/run-spec.js';
import type {AfterSave} from '../engine/download/job.js';
import {processDecodeBudget} from './decode-budget.js';

// The process's decode budget exists before any worker thread starts, so every worker inherits it
// (worker_threads environment data) and all threads' decodes share one budget.
processDecodeBudget();

/**
 * The work after each download that `settings` names, as the engine's hook, or undefined for none.
 * The same on every thread and process: the in-process strategies, worker threads and child
 * processes all build their work here, from the same plain settings. The thumbnail code (and its
 * decoders) loads on first use only, so a download-only run, and a worker's start-up, never pay for it.
 */
export function imageWork(settings: WorkSettings | undefined): AfterSave | undefined {
	if (settings?.name !== 'thumbnail') {
		return undefined;
	}

	const {size, repeat} = settings;
	return async ({runId, index, path, folder, signal, stage}) => {
		// On this thread, at once: no pool to wait for.
		stage('working');
		// The first images of a run wait together for the thumbnail code to load: a wait, not their work.
		const loading = performance.now();
		const {writeThumbnail} = await import('./write-thumbnail.js');
		const loadMs = performance.now() - loading;
		const outcome = await writeThumbnail(path, {size, repeat, runId, index, folder, signal});
		// No decoder for the type: the image is done, and says its thumbnail was skipped and why. The thumbnail's
		// phase is its decode, scale and encode: with every image's work on one thread (parallel), each
		// thumbnail's span held the others' turns, 5x the run in all (write-thumbnail.ts, waitedMs).
		return outcome.status === 'skipped' ? {skipped: outcome.reason} : {waitedMs: loadMs + outcome.waitedMs};
	};
}
