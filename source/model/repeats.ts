import {summarize, type Summary} from '../stats/statistics.js';
import type {RunRecord} from './run-record.js';

/** One strategy over repeated runs (--runs): the wall time of each comparable run and its summary. */
export type StrategyRepeats = {
	readonly strategy: string;
	readonly role: RunRecord['role'];
	readonly concurrency: number;
	/** Wall time of each run that ran to the end with no failed image, ms, in the order they ran. */
	readonly wallMs: readonly number[];
	/** Runs left out of wallMs: aborted, or with failed images (they did less work). */
	readonly leftOut: number;
	/** Failed images over all runs. */
	readonly failed: number;
	readonly summary: Summary | undefined;
};

/** The verdict is not here: raceVerdict gives it, over the same runs. */
export type RepeatSummary = {
	readonly strategies: readonly StrategyRepeats[];
};

/** Group the measured runs by strategy, in the order the strategies first ran. */
export function summariseRepeats(records: readonly RunRecord[]): RepeatSummary {
	const groups = new Map<string, RunRecord[]>();
	for (const record of records) {
		groups.set(record.strategy, [...(groups.get(record.strategy) ?? []), record]);
	}

	const strategies = [...groups.entries()].map(([strategy, runs]): StrategyRepeats => {
		const clean = runs.filter(run => run.state === 'done' && run.wallMs !== undefined && run.failed === 0);
		const wallMs = clean.map(run => run.wallMs!);
		return {
			strategy,
			role: runs.at(-1)!.role,
			concurrency: runs.at(-1)!.concurrency,
			wallMs,
			leftOut: runs.length - clean.length,
			failed: runs.reduce((sum, run) => sum + run.failed, 0),
			summary: summarize(wallMs),
		};
	});
	return {strategies};
}
