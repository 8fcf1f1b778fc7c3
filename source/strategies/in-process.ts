import pMap from 'p-map';
import type {RunPlan} from './types.js';

/**
 * Runs the plan's jobs on this thread, `slots` at a time. p-map pulls the next image only when a slot
 * frees up (FIFO), so nothing is allocated per queued image up front, unlike a promise per image from
 * a limiter.
 */
export async function runInProcess(plan: RunPlan): Promise<void> {
	const {job, signal} = plan;
	await pMap(plan.urls, async (url, index) => job(index, url, signal), {concurrency: plan.slots});
}
