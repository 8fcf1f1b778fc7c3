import pMap from 'p-map';
import {openImageJobs} from '../engine/image-jobs.js';
import {imageWork} from '../work/image-work.js';
import type {RunContext, RunSpec} from './types.js';

/**
 * Runs the spec's images on this thread, `slots` at a time, the work after each download (--work) on
 * this thread too. p-map pulls the next image only when a slot frees up (FIFO), so nothing is
 * allocated per queued image up front, unlike a promise per image from a limiter.
 */
export async function runInProcess(spec: RunSpec, context: RunContext): Promise<void> {
	const jobs = await openImageJobs(spec, context, imageWork(spec.work));
	try {
		await pMap(spec.urls, async (_url, index) => jobs.run(index), {concurrency: spec.slots});
	} finally {
		jobs.close();
	}
}
