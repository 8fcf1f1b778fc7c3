import type {StrategyRepeats} from './repeats.js';

/**
 * Runs whose σ is more than this share of their mean spread widely. A quiet machine's loopback runs
 * spread 1-4% (σ/mean), and --baseline's noise floor is 5%; above 10%, twice that floor, the runs' own
 * scatter is bigger than any difference a comparison could call, so the mean says little on its own
 * (hyperfine warns on outliers for the same reason).
 */
export const wideSpread = 0.1;

export type Noise = {
	/** The highest 1-minute load average seen during the race; null where the system has none (Windows). */
	readonly loadAverage: number | null;
	readonly cores: number;
	/** More runnable work than cores at some point: other work (imgrace's own included) competed for the CPU. */
	readonly busy: boolean;
	/** Strategies whose counted runs spread widely: σ / mean above wideSpread, with two or more runs. */
	readonly wide: ReadonlyArray<{readonly strategy: string; readonly role: StrategyRepeats['role']; readonly concurrency: number; readonly spread: number}>;
};

/** What may have blurred a repeated race: a busy machine, and strategies whose runs spread widely. */
export function raceNoise(loadAverages: readonly number[], cores: number, strategies: readonly StrategyRepeats[]): Noise {
	// os.loadavg() is [0, 0, 0] where the system keeps none: no figure, rather than "idle".
	const measured = loadAverages.filter(load => Number.isFinite(load) && load > 0);
	const loadAverage = measured.length === 0 ? null : Math.max(...measured);
	const wide = strategies.flatMap(side => {
		const summary = side.summary;
		const spread = summary && summary.count >= 2 && summary.mean > 0 ? summary.sd / summary.mean : 0;
		return spread > wideSpread ? [{strategy: side.strategy, role: side.role, concurrency: side.concurrency, spread}] : [];
	});
	return {loadAverage, cores, busy: loadAverage !== null && loadAverage > cores, wide};
}
