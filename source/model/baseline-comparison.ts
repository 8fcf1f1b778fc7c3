import {compareToBaseline, type BaselineComparison} from '../stats/baseline.js';
import type {RepeatSummary} from './repeats.js';

/**
 * Names the format of an exported race (output/race-export.ts writes the current one); a change that
 * breaks a reader bumps the number. @2: the verdict is an object (winner, against, ratio, …), not a string.
 */
export const raceSchema = 'imgrace/race@2';

/** The formats --baseline reads: it needs only each strategy's wall times and the settings, alike in both. */
export const readableRaceSchemas: readonly string[] = ['imgrace/race@1', raceSchema];

/** What --baseline needs of an earlier --export-json: how it ran, and each strategy's wall times. */
export type Baseline = {
	readonly file: string;
	/** Its `settings` as recorded (race-settings.ts says which of them must match); {} when it has none. */
	readonly settings: Readonly<Record<string, unknown>>;
	readonly strategies: ReadonlyArray<{readonly strategy: string; readonly concurrency: number | undefined; readonly wallMs: readonly number[]}>;
};

/**
 * A difference under 5% is "no difference" however significant: a loopback race on a shared machine
 * moves by a few percent from one minute to the next with nothing changed (timer slack, other
 * processes, the CPU's clock), and a CI gate must not fail on that.
 */
export const noiseFloor = 0.05;

export type StrategyComparison = {
	readonly strategy: string;
	readonly role: RepeatSummary['strategies'][number]['role'];
	readonly concurrency: number;
	readonly baselineConcurrency: number | undefined;
	/** Undefined when either side has no counted run, or the baseline has no such strategy (`missing`). */
	readonly comparison: BaselineComparison | undefined;
	readonly missing: boolean;
};

/** Each strategy that ran, against the baseline's runs of the same name. */
export function compareWithBaseline(summary: RepeatSummary, baseline: Pick<Baseline, 'strategies'>): StrategyComparison[] {
	return summary.strategies.map(side => {
		const before = baseline.strategies.find(entry => entry.strategy === side.strategy);
		return {
			strategy: side.strategy,
			role: side.role,
			concurrency: side.concurrency,
			baselineConcurrency: before?.concurrency,
			comparison: before ? compareToBaseline(side.wallMs, before.wallMs, {noiseFloor}) : undefined,
			missing: before === undefined,
		};
	});
}

/**
 * A regression for --fail-on-regression: a strategy the comparison calls slower, which means Welch's
 * test found it significant beyond the noise floor. With a single run on either side no test can run:
 * that comparison cannot decide, and is never a regression.
 */
export function hasRegression(comparisons: readonly StrategyComparison[]): boolean {
	return comparisons.some(entry => entry.comparison?.verdict === 'slower');
}
