import type {StrategyName} from '../engine/events.js';
import type {StrategyRole} from '../engine/names.js';
import {mean, summarize, type Summary} from '../stats/statistics.js';
import type {RunFigures} from './run-figures.js';

/** One strategy as the verdict weighs it: its counted runs' wall times and the means of their figures. */
export type StrategySide = {
	readonly strategy: StrategyName;
	readonly role: StrategyRole;
	readonly concurrency: number;
	readonly work: string;
	/** Wall times of the counted runs: they ran to the end and did every image. */
	readonly wall: Summary | undefined;
	/** Failed images over every run given. */
	readonly failed: number;
	/** Runs given that were aborted. */
	readonly aborted: number;
	/** The rest: means over the counted runs. */
	readonly startupMs: number;
	readonly cpuMs: number | undefined;
	readonly workers: number | undefined;
	readonly downloadSpanMs: number;
	readonly downloadSumMs: number;
};

/** A run whose wall time measures speed: it ran to the end and did every image. */
function counted(run: RunFigures): run is RunFigures & {wallMs: number} {
	return run.state === 'done' && run.failed === 0 && run.wallMs !== undefined && run.wallMs > 0;
}

function side(runs: readonly RunFigures[]): StrategySide {
	const last = runs.at(-1)!;
	const clean = runs.filter(run => counted(run));
	const average = (pick: (run: RunFigures) => number | undefined): number | undefined => {
		const values = clean.map(run => pick(run));
		return values.length > 0 && values.every(value => value !== undefined) ? mean(values as number[]) : undefined;
	};

	return {
		strategy: last.strategy,
		role: last.role,
		concurrency: last.concurrency,
		work: last.work,
		wall: summarize(clean.map(run => run.wallMs!)),
		failed: runs.reduce((sum, run) => sum + (run.state === 'done' ? run.failed : 0), 0),
		aborted: runs.filter(run => run.state === 'aborted').length,
		startupMs: average(run => run.startupMs ?? 0) ?? 0,
		cpuMs: average(run => run.cpuMs),
		workers: clean.at(-1)?.workers ?? last.workers,
		downloadSpanMs: average(run => run.downloadSpanMs) ?? 0,
		downloadSumMs: average(run => run.downloadSumMs) ?? 0,
	};
}

/**
 * The runs grouped by strategy, in `order` (strategies not in it after the others, in the order they
 * first ran). Runs still going are left out: they are no result yet.
 */
export function strategySides(runs: readonly RunFigures[], order: readonly StrategyName[] = []): StrategySide[] {
	const groups = new Map<StrategyName, RunFigures[]>();
	for (const run of runs) {
		if (run.state !== 'running') {
			groups.set(run.strategy, [...(groups.get(run.strategy) ?? []), run]);
		}
	}

	const rank = (name: StrategyName) => (order.includes(name) ? order.indexOf(name) : order.length);
	const names = [...groups.keys()].sort((a, b) => rank(a) - rank(b));
	return names.map(name => side(groups.get(name)!));
}
