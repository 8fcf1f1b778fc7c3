import os from 'node:os';
import pMap from 'p-map';
import type {AfterSave} from '../engine/download/job.js';
import type {RunCosts} from '../engine/events.js';
import {openImageJobs} from '../engine/image-jobs.js';
import {meterRun, ownThreadCpu} from '../engine/run-meter.js';
import {readMachine} from '../engine/machine.js';
import {startComputePool} from '../executors/compute-pool.js';
import {threadsThatFit} from '../executors/worker-budget.js';
import {processDecodeBudget} from '../work/decode-budget.js';
import {placeThumbnail} from '../work/place-thumbnail.js';
import {runInProcess} from './in-process.js';
import type {RunContext, RunSpec} from './types.js';

/**
 * The pipeline's run. Download work: the in-process run, unchanged (no pool, start-up 0). Thumbnails:
 * the downloads `slots` wide on this thread; each saved image waits for a core, its bytes go to the
 * pool's thread, and the thumbnail that comes back is written here. Its costs are counted as for
 * threads: this thread's CPU plus every pool thread's, the process's memory, the pool's start-up.
 */
export async function runPipeline(spec: RunSpec, context: RunContext): Promise<RunCosts | void> {
	const {work} = spec;
	if (work.name === 'download') {
		return runInProcess(spec, context);
	}

	const meter = meterRun();
	// Made before the pool's threads start, so they inherit it: their decodes share one budget.
	processDecodeBudget();
	// One per core, but no more than can start here (the strategy's room made sure one can).
	const threads = Math.max(1, Math.min(os.availableParallelism(), spec.urls.length, threadsThatFit(readMachine())));
	const pool = startComputePool(threads);
	const say = (ready: boolean) => {
		context.emit({type: 'run-workers', runId: spec.runId, at: performance.now(), workers: threads, ready});
	};

	say(false);
	let startupMs = 0;
	void pool.ready.then(ms => {
		startupMs = ms;
		meter.sample();
		say(true);
	});
	let next = 0;
	const thumbnail: AfterSave = async image => {
		image.stage('waiting');
		const made = await pool.run({id: next++, bytes: image.body, path: image.path, size: work.size, repeat: work.repeat}, image.signal, at => {
			image.stage('working', at);
		});
		if ('skipped' in made.made) {
			return {skipped: made.made.skipped};
		}

		await placeThumbnail(image.path, made.made.data, {runId: image.runId, index: image.index, folder: image.folder, signal: image.signal});
		return undefined;
	};

	const jobs = await openImageJobs(spec, context, thumbnail);
	const ran = pMap(spec.urls, async (_url, index) => jobs.run(index), {concurrency: spec.slots}).finally(() => {
		jobs.close();
	});
	// The pool's threads end with the run, however it ended.
	const poolCpuMs = await ran.then(async () => pool.close(), async (error: unknown) => {
		await pool.close();
		throw error;
	});
	const own = meter.finish();
	// Without a per-thread counter (Node before 22.19) the pool's threads each report the whole process's
	// CPU, and this thread's process-wide figure already holds theirs: their sum would count it once a thread.
	return {startupMs, cpuMs: ownThreadCpu ? own.cpuMs + poolCpuMs : own.cpuMs, peakRssMb: own.peakRssMb};
}
