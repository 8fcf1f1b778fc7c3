import type {RunRecord} from './run-record.js';

/** A run whose wall time measures speed: it ran to the end and did every image. */
function comparable(run: RunRecord | undefined): run is RunRecord & {wallMs: number} {
	return run !== undefined && run.state === 'done' && run.failed === 0 && run.wallMs !== undefined && run.wallMs > 0;
}

/**
 * Sequential's wall over this run's, when both ran to the end over the same images without a failed
 * one; null otherwise (a run that failed images did less work). The one-at-a-time strategy is found
 * by its role, never its name.
 */
export function speedupOverSequential(run: RunRecord, runs: readonly RunRecord[]): number | null {
	return speedupOver(run, runs.find(candidate => candidate.role === 'one-at-a-time'));
}

/**
 * Each run against the one-at-a-time run of its own round (--runs): the k-th run of a strategy against
 * the k-th run of sequential, or its last where it ran fewer times. Sequential's own runs are 1.
 */
export function speedupsByRound(runs: readonly RunRecord[]): Array<number | null> {
	const sequential = runs.filter(candidate => candidate.role === 'one-at-a-time');
	const rounds = new Map<string, number>();
	return runs.map(run => {
		const round = rounds.get(run.strategy) ?? 0;
		rounds.set(run.strategy, round + 1);
		return speedupOver(run, sequential[Math.min(round, sequential.length - 1)]);
	});
}

function speedupOver(run: RunRecord, sequential: RunRecord | undefined): number | null {
	if (!comparable(run) || !comparable(sequential) || sequential.images.length !== run.images.length || sequential.work !== run.work) {
		return null;
	}

	return sequential.wallMs / run.wallMs;
}
