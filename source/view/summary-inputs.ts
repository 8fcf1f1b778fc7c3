import type {StrategyName} from '../engine/events.js';
import type {RunRecord} from '../model/run-record.js';
import type {FinishedRun} from '../model/run-totals.js';
import type {StrategyView} from './snapshot.js';

/** What the summary needs of one strategy. */
export type SummaryInput = {
	readonly strategy: StrategyName;
	/** "Sequential ×1" without the width: "Sequential". */
	readonly title: string;
	/** Whether the width is worth saying in the title (it follows --concurrency). */
	readonly showsWidth: boolean;
	/** The latest finished run. */
	readonly lastComplete: RunRecord | undefined;
	/** Totals of every finished run this session. */
	readonly history: readonly FinishedRun[];
	/** Its latest run was aborted: its column is its earlier runs', and the summary says so. */
	readonly latestAborted?: boolean;
};

/**
 * What the summary is built from: each strategy's latest finished run and history, except a strategy
 * waiting to run again or running: its numbers would be the last run's, beside a panel showing the
 * new one. Pure.
 */
export function summaryInputs(views: readonly StrategyView[]): SummaryInput[] {
	return views.filter(view => view.state !== 'waiting' && view.state !== 'running').map(view => ({
		strategy: view.strategy,
		title: view.label.title,
		showsWidth: view.label.showsWidth,
		lastComplete: view.lastComplete,
		history: view.history,
		latestAborted: view.state === 'aborted' && view.lastComplete !== undefined,
	}));
}

/** The strategies running or waiting to run: the summary leaves them out, and the verdict waits for them. */
export function pendingStrategies(views: readonly StrategyView[]): StrategyName[] {
	return views.filter(view => view.state === 'waiting' || view.state === 'running').map(view => view.strategy);
}

/** The finished runs comparable with the latest one (same concurrency). */
export function comparableRuns(input: SummaryInput): FinishedRun[] {
	const concurrency = input.lastComplete?.concurrency;
	return input.history.filter(run => run.concurrency === concurrency);
}

/**
 * The comparable runs that count towards the strategy's times and costs: run to their end with no failed
 * image, as every other output counts them (model/repeats.ts). A run that did less work is not the
 * strategy's speed: its wall time and its bytes over it are left out.
 */
export function countedRuns(input: SummaryInput): FinishedRun[] {
	return comparableRuns(input).filter(run => run.figures.state === 'done' && run.failed === 0 && run.wallMs > 0);
}

/** Wall times of the counted runs comparable with the latest one (same concurrency). */
export function comparableWallTimes(input: SummaryInput): number[] {
	return countedRuns(input).map(run => run.wallMs);
}
