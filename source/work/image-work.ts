import type {WorkSettings} from '../engine/run-spec.js';
import type {AfterSave} from '../engine/download/job.js';

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
		const {writeThumbnail} = await import('./write-thumbnail.js');
		const outcome = await writeThumbnail(path, {size, repeat, runId, index, folder, signal});
		// No decoder for the type: the image is done, and says its thumbnail was skipped and why. The thumbnail's
		// phase is its decode, scale and encode (makeMs), the rest of its span its queue: with every image's
		// work on one thread (parallel), each span held the others' turns, 5x the run in all. The file read
		// and written around it count with the waits: on a shared thread each of their awaits waited behind
		// the others' slices, which dwarfs the calls themselves (microseconds on a local disk).
		return outcome.status === 'skipped' ? {skipped: outcome.reason} : {workMs: outcome.makeMs};
	};
}
