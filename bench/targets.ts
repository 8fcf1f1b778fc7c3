import type {CpuResult, IdealResult, MemoryPoint, ScaleResult, StartupResult, Target, UiResult} from './results.js';

/** The issues' targets (issue 6; CPU-bound work and worker start-up: issue 12), checked against what was measured. */
export function checkTargets(results: {ideal: IdealResult | null; scale: ScaleResult | null; memory: readonly MemoryPoint[]; ui: UiResult | null; cpu?: CpuResult | null; startup?: StartupResult | null}): Target[] {
	const targets: Target[] = [];
	const atMost = (name: string, limit: number, measured: number | null | undefined, note?: string): Target => ({
		name,
		goal: `≤ ${limit}`,
		measured: measured ?? null,
		met: measured === null || measured === undefined || !Number.isFinite(measured) ? null : measured <= limit,
		...(note ? {note} : {}),
	});

	if (results.ideal) {
		targets.push(
			atMost('sequential / ideal', 1.05, results.ideal.sequential.ratio),
			atMost('parallel / ideal', 1.1, results.ideal.parallel.ratio),
		);
		// Issue 12: on I/O-bound work a pool is as fast as the event loop once its workers are up.
		const limits = {threads: 1.15, processes: 1.25} as const;
		for (const pool of results.ideal.pooled ?? []) {
			targets.push(atMost(`download: ${pool.strategy} after start-up / parallel`, limits[pool.strategy], pool.overParallel));
		}
	}

	if (results.scale) {
		const {ratio} = results.scale;
		targets.push({
			name: 'imgrace / curl (images/s)',
			goal: '≥ 0.5',
			measured: ratio,
			met: ratio === null ? null : ratio >= 0.5,
			...(ratio === null ? {note: results.scale.note ?? 'no curl figures'} : {}),
		});
	}

	if (results.scale?.threads) {
		const ratio = results.scale.threadsRatio ?? null;
		targets.push({name: 'threads / curl (images/s)', goal: '≥ 0.5', measured: ratio, met: ratio === null ? null : ratio >= 0.5});
	}

	for (const run of results.cpu?.strategies ?? []) {
		if (run.overEventLoop !== null && run.overEventLoopAfterStartup !== null) {
			// The seed's claim on CPU-bound work (issue 12): beyond the event loop, start-up included and not.
			const atLeast = (name: string, limit: number, measured: number): Target => ({name, goal: `≥ ${limit}`, measured, met: Number.isFinite(measured) ? measured >= limit : null});
			targets.push(atLeast(`thumbnail: ${run.strategy} / parallel after start-up`, 1.4, run.overEventLoopAfterStartup), atLeast(`thumbnail: ${run.strategy} / parallel in all`, 1.2, run.overEventLoop));
		}
	}

	const first = results.memory[0];
	const last = results.memory.at(-1);
	if (first && last && results.memory.length > 1) {
		targets.push(atMost(`peak RSS ${last.count} / ${first.count} images`, 1.3, last.peakRssMb / first.peakRssMb));
	}

	if (results.ui) {
		targets.push(
			atMost('UI wall / --json wall', 1.1, results.ui.wallRatio),
			atMost('UI CPU / --json CPU', 1.5, results.ui.cpuRatio),
			atMost('UI frames per second', 30, results.ui.fps),
		);
	}

	if (results.startup) {
		targets.push(atMost(`${results.startup.workers} threads ready / ${results.startup.workers} empty`, 1.5, results.startup.threads.ratio, 'median of the rounds\' ratios'));
	}

	return targets;
}
