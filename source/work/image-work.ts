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
		await writeThumbnail(path, {size, repeat, runId, index, folder, signal});
	};
}
