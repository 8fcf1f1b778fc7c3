import {imageBaseName} from '../engine/controller.js';
import type {RunCosts} from '../engine/events.js';
import {runPool, type ExecutorKind} from '../executors/index.js';
import type {RunPlan} from './types.js';

/** One run on a pool of workers (threads or child processes): the pool's own costs are the run's. */
export async function runOnPool(kind: ExecutorKind, plan: RunPlan): Promise<RunCosts> {
	const {remote} = plan;
	const result = await runPool(kind, {
		runId: remote.runId,
		urls: plan.urls,
		slots: plan.slots,
		outDir: remote.outPrefix,
		baseName: index => imageBaseName(index, remote.imageCount),
		settings: remote.settings,
		...(remote.http ? {http: remote.http} : {}),
		emit: plan.emit,
		signal: plan.signal,
		folder: plan.folder,
		work: plan.work,
		runStartedAt: remote.runStartedAt,
	});
	return {startupMs: result.startupMs, cpuMs: result.cpuMs, peakRssMb: result.peakRssMb};
}
