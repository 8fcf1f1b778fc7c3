import {idealSpeedup, stoppedPayingAt, type IdealLimits} from '../stats/sweep-math.js';
import {ratioWithSpread, summarize, type Summary} from '../stats/statistics.js';

/** The wall times measured at one concurrency level of one strategy, over the sweep's rounds. */
export type LevelRuns = {
	readonly strategy: string;
	/** What was asked for; `concurrency` is what ran (the open-file limit may lower it). */
	readonly level: number;
	readonly concurrency: number;
	readonly wallMs: readonly number[];
	/** Bytes each run moved, for the link's cap. */
	readonly bytes: readonly number[];
	readonly failedImages: number;
};

export type SweepLevelResult = {
	readonly strategy: string;
	readonly concurrency: number;
	readonly wall: Summary | undefined;
	readonly speedup: number;
	/** Only with more than one round. */
	readonly speedupSd?: number;
	readonly ideal: number;
	readonly failedImages: number;
};

export type SweepResult = {
	readonly levels: readonly SweepLevelResult[];
	/** The smallest level within `tolerance` of the best speedup, of the first strategy. */
	readonly stoppedPayingAt: number | undefined;
	readonly byStrategy: ReadonlyArray<{readonly strategy: string; readonly stoppedPayingAt: number | undefined}>;
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
			wall,
			speedup: isReference ? 1 : (spread?.ratio ?? Number.NaN),
			...(several ? {speedupSd: isReference ? 0 : (spread?.sd ?? 0)} : {}),
			ideal: idealSpeedup(level.concurrency, limits),
			failedImages: level.failedImages,
		};
	});
	const strategies = [...new Set(levels.map(level => level.strategy))];
	const byStrategy = strategies.map(strategy => ({strategy, stoppedPayingAt: stoppedPayingAt(levels.filter(level => level.strategy === strategy), input.tolerance)?.concurrency}));
	return {levels, stoppedPayingAt: byStrategy[0]?.stoppedPayingAt, byStrategy, limits};
}
