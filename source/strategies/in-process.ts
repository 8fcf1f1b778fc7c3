import pMap from 'p-map';
import {imageWork} from '../work/image-work.js';
import type {RunPlan} from './types.js';

/**
 * Runs the plan's jobs on this thread, `slots` at a time, the work after each download (--work) on
 * this thread too. p-map pulls the next image only when a slot frees up (FIFO), so nothing is
 * allocated per queued image up front, unlike a promise per image from a limiter.
 */
export async function runInProcess(plan: RunPlan): Promise<void> {
	const {job, signal} = plan;
	const afterSave = imageWork(plan.work);
	await pMap(plan.urls, async (url, index) => job(index, url, signal, afterSave), {concurrency: plan.slots});
}
