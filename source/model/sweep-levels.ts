import {idealSpeedup, payoff, type IdealLimits} from '../stats/sweep-math.js';
import {ratioWithSpread, summarize, type Summary} from '../stats/statistics.js';

/** The wall times measured at one concurrency level of one strategy, over the sweep's rounds. */
export type LevelRuns = {
	readonly strategy: string;
	/**
	 * The --levels this width stands for, in order: more than one when the strategy takes fewer slots
	 * than asked (never more than one per image), none for a level-1 reference nobody asked for.
	 * `concurrency` is what ran (the open-file limit may lower it further).
	 */
	readonly asked: readonly number[];
	readonly concurrency: number;
	readonly wallMs: readonly number[];
	/** Bytes each run moved, for the link's cap. */
	readonly bytes: readonly number[];
	readonly failedImages: number;
};

export type SweepLevelResult = {
	readonly strategy: string;
	readonly concurrency: number;
	/** The --levels that ran at this width (see LevelRuns). */
	readonly asked: readonly number[];
	readonly wall: Summary | undefined;
	readonly speedup: number;
	/** Only with more than one round. */
	readonly speedupSd?: number;
	readonly ideal: number;
	readonly failedImages: number;
};

/**
 * Where a strategy stopped paying: the smallest level within `tolerance` of its best speedup, unless that
 * is its widest level, which is only where the range (or the images) ended: then `stillPayingAt` instead.
 */
export type StrategyPayoff = {
	readonly strategy: string;
	readonly stoppedPayingAt: number | undefined;
	readonly stillPayingAt: number | undefined;
};

export type SweepResult = {
	readonly levels: readonly SweepLevelResult[];
	/** The first strategy's. */
	readonly stoppedPayingAt: number | undefined;
	readonly byStrategy: readonly StrategyPayoff[];
	readonly limits: IdealLimits;
};

export type SweepInput = {
	readonly levels: readonly LevelRuns[];
	/** The runs at concurrency 1 of each strategy: what every speedup divides. */
	readonly reference: ReadonlyMap<string, LevelRuns>;
	readonly images: number;
	/** Bytes per second the link carries in all, when one caps it (embedded server, --link-bandwidth). */
	readonly linkBandwidth?: number;
	readonly cores?: number;
	readonly tolerance?: number;
};

const meanOf = (values: readonly number[]) => values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * The link's cap on speedup: the reference took `wall` to move its bytes one at a time; no width can
 * move them faster than bytes ÷ link, so speedup ≤ wall ÷ (bytes ÷ link). Latency and per-connection
 * limits are inside `wall`, which is why this is measured and not derived from the flags alone.
 */
export function linkCap(reference: LevelRuns | undefined, linkBandwidth: number | undefined): number | undefined {
	if (!reference || !linkBandwidth || linkBandwidth <= 0) {
		return undefined;
	}

	const wall = meanOf(reference.wallMs);
	const bytes = meanOf(reference.bytes);
	return Number.isFinite(wall) && bytes > 0 ? (wall / 1000) / (bytes / linkBandwidth) : undefined;
}

/**
 * The widths a sweep of one strategy runs, each once: every asked level as `widthOf` says the strategy
 * takes it (a level above the image count is the image count), merged where two levels come to the same
 * width, and width 1 first, the reference every speedup divides, even when 1 is not a level.
 */
export function sweepPlan(levels: readonly number[], widthOf: (level: number) => number): Array<{readonly width: number; readonly asked: readonly number[]}> {
	const plan = new Map<number, number[]>([[1, []]]);
	for (const level of [...levels].sort((a, b) => a - b)) {
		const width = widthOf(level);
		plan.set(width, [...(plan.get(width) ?? []), level]);
	}

	return [...plan.entries()].map(([width, asked]) => ({width, asked})).sort((a, b) => a.width - b.width);
}

/** Speedup of each level against its strategy's level-1 runs, the ideal beside it, and where it stopped paying. */
export function sweepResult(input: SweepInput): SweepResult {
	const first = input.levels[0]?.strategy;
	const limits: IdealLimits = {
		images: input.images,
		...(first === undefined ? {} : {linkCap: linkCap(input.reference.get(first), input.linkBandwidth)}),
		...(input.cores === undefined ? {} : {cores: input.cores}),
	};
	const levels = input.levels.map((level): SweepLevelResult => {
		const reference = input.reference.get(level.strategy);
		const wall = summarize(level.wallMs);
		const isReference = reference === level;
		const spread = ratioWithSpread(summarize(reference?.wallMs ?? []), wall);
		const several = level.wallMs.length > 1 || (reference?.wallMs.length ?? 0) > 1;
		return {
			strategy: level.strategy,
			concurrency: level.concurrency,
			asked: level.asked,
			wall,
			speedup: isReference ? 1 : (spread?.ratio ?? Number.NaN),
			...(several ? {speedupSd: isReference ? 0 : (spread?.sd ?? 0)} : {}),
			ideal: idealSpeedup(level.concurrency, limits),
			failedImages: level.failedImages,
		};
	});
	const strategies = [...new Set(levels.map(level => level.strategy))];
	const byStrategy = strategies.map((strategy): StrategyPayoff => {
		const found = payoff(levels.filter(level => level.strategy === strategy), input.tolerance);
		return {strategy, stoppedPayingAt: found?.stopped ? found.level.concurrency : undefined, stillPayingAt: found && !found.stopped ? found.level.concurrency : undefined};
	});
	return {levels, stoppedPayingAt: byStrategy[0]?.stoppedPayingAt, byStrategy, limits};
}
