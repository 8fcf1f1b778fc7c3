import type {RunRecord} from './run-record.js';

/** A run whose wall time measures speed: it ran to the end and did every image. */
function comparable(run: RunRecord | undefined): run is RunRecord & {wallMs: number} {
	return run !== undefined && run.state === 'done' && run.failed === 0 && run.wallMs !== undefined && run.wallMs > 0;
}

/**
 * Sequential's wall over this run's, when both ran to the end over the same images without a failed
 * one; null otherwise (a run that failed images did less work). The sequential run itself is 1. The
 * one-at-a-time strategy is found by its role, never its name.
 */
export function speedupOverSequential(run: RunRecord, runs: readonly RunRecord[]): number | null {
	const sequential = runs.find(candidate => candidate.role === 'one-at-a-time');
	if (!comparable(run) || !comparable(sequential) || sequential.images.length !== run.images.length || sequential.work !== run.work) {
		return null;
	}

	return sequential.wallMs / run.wallMs;
}
