import {randomUUID} from 'node:crypto';
import pMap from 'p-map';
import {sharedNow} from './clock.js';
import type {AfterSave} from './download/index.js';
import {guardFolder} from './folder-guard.js';
import {openImageJobs} from './image-jobs.js';
import type {RunRequest} from './run-spec.js';

/**
 * The download path of this thread run over `request.urls`, `slots` at a time, with no events and no
 * clock: what a race's first run would otherwise pay alone (V8 compiling and optimising the client's
 * request and response handling, the image checks, the file writes, the work after them). Its files
 * are written into `request.folder`, which the caller removes; no manifest is kept for it. Resolves
 * once every image has ended, to the number that were saved.
 */
export async function warmUp(request: Omit<RunRequest, 'asked'>, slots: number, signal: AbortSignal, afterSave?: AfterSave): Promise<number> {
	const runId = randomUUID().slice(0, 8);
	const folder = await guardFolder(request.folder, runId);
	const jobs = await openImageJobs({...request, runId, strategy: 'warm-up', slots, startedAt: sharedNow()}, {emit() {}, signal, folder}, afterSave);
	try {
		// As the in-process strategies pull their images (strategies/in-process.ts).
		const outcomes = await pMap(request.urls, async (_url, index) => jobs.run(index), {concurrency: slots});
		return outcomes.filter(outcome => outcome === 'done').length;
	} finally {
		jobs.close();
	}
}
