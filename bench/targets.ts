import type {BenchResults, CpuResult, IdealResult, Target} from './results.js';
import {memorySeries} from './memory-series.js';

type Measured = number | null | undefined;

/** Why a pipeline target has no figure while the strategy is not in the registry (issue 20 adds it). */
const noPipeline = 'no pipeline strategy in this build';

function finite(measured: Measured): measured is number {
	return typeof measured === 'number' && Number.isFinite(measured);
}

function target(name: string, goal: string, measured: Measured, met: (value: number) => boolean, extra: {note?: string; was?: string} = {}): Target {
	return {
		name,
		goal,
		measured: finite(measured) ? measured : null,
		met: finite(measured) ? met(measured) : null,
		...(extra.note ? {note: extra.note} : {}),
		...(extra.was ? {was: extra.was} : {}),
	};
}

const atMost = (name: string, limit: number, measured: Measured, extra?: {note?: string; was?: string}) => target(name, `≤ ${limit}`, measured, value => value <= limit, extra);
const atLeast = (name: string, limit: number, measured: Measured, extra?: {note?: string; was?: string}) => target(name, `≥ ${limit}`, measured, value => value >= limit, extra);

function idealTargets(ideal: IdealResult): Target[] {
	// Issue 12: on I/O-bound work a pool is as fast as the event loop once its workers are up.
	const limits = {threads: 1.15, processes: 1.25} as const;
	const pooled = ideal.pooled ?? [];
	const pipeline = pooled.find(pool => pool.strategy === 'pipeline');
	const note = pipeline ? undefined : noPipeline;
	return [
		atMost('sequential / ideal', 1.05, ideal.sequential.ratio),
		atMost('parallel / ideal', 1.1, ideal.parallel.ratio),
		...pooled.flatMap(pool => pool.strategy === 'pipeline' ? [] : [atMost(`download: ${pool.strategy} after start-up / parallel`, limits[pool.strategy], pool.overParallel)]),
		// Issue 20: with nothing to compute, the pipeline is the event loop and starts no pool.
		atMost('download: pipeline / parallel (wall)', 1.05, pipeline?.wallOverParallel, {note}),
		target('download: pipeline start-up [ms]', '= 0', pipeline?.startupMs.max, value => value === 0, {note: note ?? 'the longest of the rounds'}),
	];
}

function scaleTargets(scale: NonNullable<BenchResults['scale']>): Target[] {
	const withoutCurl = scale.curl ? undefined : (scale.note ?? 'no curl figures');
	return [
		// Issue 19: the fast client's best strategy against curl, and its cost per image against got's.
		atLeast('undici best / curl (images/s)', 0.5, scale.ratio, {note: withoutCurl ?? (scale.best ? `undici ${scale.best}` : undefined)}),
		atMost('undici / got CPU per image', 0.6, scale.cpuPerImageRatio, {note: `both parallel×64, whole process, images to ${scale.cpuPerImageOn ?? 'disk'}`}),
		atLeast('got parallel / curl (images/s)', 0.5, scale.imgraceRatio, {note: withoutCurl, was: 'imgrace / curl (images/s)'}),
		...(scale.threads ? [atLeast('got threads / curl (images/s)', 0.5, scale.threadsRatio, {note: withoutCurl, was: 'threads / curl (images/s)'})] : []),
	];
}

/** The seed's claim on CPU-bound work (issue 12): beyond the event loop, start-up included and not. */
function cpuFastTargets(cpu: CpuResult): Target[] {
	return cpu.strategies.flatMap(run => run.overEventLoop === null || run.overEventLoopAfterStartup === null ? [] : [
		atLeast(`thumbnail: ${run.strategy} / parallel after start-up`, 1.4, run.overEventLoopAfterStartup),
		atLeast(`thumbnail: ${run.strategy} / parallel in all`, 1.2, run.overEventLoop),
	]);
}

/** Issue 20: at the server's own defaults, overlapping the waits and spreading the computing wins. */
function cpuAtDefaultsTargets(cpu: CpuResult): Target[] {
	const pipeline = cpu.strategies.find(run => run.strategy === 'pipeline');
	return [atLeast('thumbnail, server defaults: pipeline / parallel', 1.6, pipeline?.overEventLoop, {note: pipeline ? 'wall, start-up included' : noPipeline})];
}

/** The issues' targets (6; 12: CPU-bound work and worker start-up; 19: two clients; 20: the pipeline), checked against what was measured. */
export function checkTargets(results: Pick<BenchResults, 'ideal' | 'scale' | 'memory' | 'ui' | 'cpu' | 'cpuAtDefaults' | 'startup'>): Target[] {
	const targets: Target[] = [];
	if (results.ideal) {
		targets.push(...idealTargets(results.ideal));
	}

	if (results.scale) {
		targets.push(...scaleTargets(results.scale));
	}

	if (results.cpu) {
		targets.push(...cpuFastTargets(results.cpu));
	}

	if (results.cpuAtDefaults) {
		targets.push(...cpuAtDefaultsTargets(results.cpuAtDefaults));
	}

	for (const {name, was, first, last} of memorySeries(results.memory)) {
		targets.push(atMost(name, 1.3, last.peakRssMb / first.peakRssMb, {was}));
	}

	if (results.ui) {
		targets.push(
			atMost('UI wall / --json wall', 1.1, results.ui.wallRatio),
			atMost('UI CPU / --json CPU', 1.5, results.ui.cpuRatio),
			atMost('UI frames per second', 30, results.ui.fps),
		);
	}

	const {startup} = results;
	if (startup) {
		// Issue 19: ready within 1.5× of empty workers, the client loaded, on each client.
		for (const client of startup.threads.clients ?? []) {
			const name = `${startup.workers} threads ready / ${startup.workers} empty (${client.client})`;
			const was = client.client === 'got' ? `${startup.workers} threads ready / ${startup.workers} empty` : undefined;
			targets.push(atMost(name, 1.5, client.ratio, {note: 'median of the rounds\' ratios', was}));
		}
	}

	return targets;
}
