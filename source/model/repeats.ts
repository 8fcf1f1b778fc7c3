import {mean, summarize, type Summary} from '../stats/statistics.js';
import {isRunRecord, type RaceRun} from './failed-start.js';
import type {RunRecord} from './run-record.js';

/** What a strategy's counted runs cost beside their wall time, each the mean over those that said it. */
export type RepeatCosts = {
	readonly cpuMs: number | undefined;
	/** MiB, as the engine measures it. */
	readonly peakRssMb: number | undefined;
	readonly startupMs: number | undefined;
};

/** One strategy over repeated runs (--runs): the wall time of each comparable run and its summary. */
export type StrategyRepeats = {
	readonly strategy: string;
	readonly role: RunRecord['role'];
	readonly concurrency: number;
	readonly client: string;
	readonly work: string;
	/** Wall time of each counted run (it ran to the end with no failed image), ms, in the order they ran. */
	readonly wallMs: readonly number[];
	/** Runs left out of wallMs: aborted, with failed images (they did less work), or not started. */
	readonly leftOut: number;
	/** Failed images over all runs, a run that could not start counting all of its. */
	readonly failed: number;
	readonly summary: Summary | undefined;
	/** Over the same counted runs as the wall time: the costs of a run that did less work would pass for the strategy's. */
	readonly costs: RepeatCosts;
};

/** The verdict is not here: raceVerdict gives it, over the same runs. */
export type RepeatSummary = {
	readonly strategies: readonly StrategyRepeats[];
};

/** Whether a run counts towards its strategy's times: it ran to its end and did every image. */
export function isCounted(run: RaceRun): run is RunRecord & {wallMs: number} {
	return isRunRecord(run) && run.state === 'done' && run.wallMs !== undefined && run.failed === 0;
}

function meanOf(values: ReadonlyArray<number | undefined>): number | undefined {
	const known = values.filter(value => value !== undefined);
	return known.length === 0 ? undefined : mean(known);
}

/**
 * Group the measured runs by strategy, in the order the strategies first ran. A run that could not
 * start is one of its strategy's runs, left out as one that failed every image. The one place that says
 * which runs count: every output's times and costs come from here.
 */
export function summariseRepeats(runs: readonly RaceRun[]): RepeatSummary {
	const groups = new Map<string, RaceRun[]>();
	for (const run of runs) {
		groups.set(run.strategy, [...(groups.get(run.strategy) ?? []), run]);
	}

	const strategies = [...groups.entries()].map(([strategy, group]): StrategyRepeats => {
		const counted = group.filter(run => isCounted(run));
		const wallMs = counted.map(run => run.wallMs);
		const last = group.at(-1)!;
		return {
			strategy,
			role: last.role,
			concurrency: last.concurrency,
			client: last.client,
			work: last.work,
			wallMs,
			leftOut: group.length - counted.length,
			failed: group.reduce((sum, run) => sum + (isRunRecord(run) ? run.failed : run.images), 0),
			summary: summarize(wallMs),
			costs: {
				cpuMs: meanOf(counted.map(run => run.cpuMs)),
				peakRssMb: meanOf(counted.map(run => run.peakRssMb)),
				startupMs: meanOf(counted.map(run => run.startupMs)),
			},
		};
	});
	return {strategies};
}
