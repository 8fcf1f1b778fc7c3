import {mean} from '../stats/statistics.js';
import type {RunRecord} from './run-record.js';

/** How far one run has got, for a progress line: what is done, the share of the work, and what is left. */
export type RunProgress = {
	/** Images finished, failed included. */
	readonly done: number;
	readonly total: number;
	/** 0 to 1: finished images plus the received share of the ones in flight (where their size is known). */
	readonly fraction: number;
	readonly elapsedMs: number;
	/** Time left; undefined until there is something to go on. */
	readonly etaMs: number | undefined;
};

/** Below this share done, a straight-line extrapolation says more about the start-up than the run. */
const minimumForEstimate = 0.05;

/**
 * The progress of `record` at `nowMs` (the clock its times are on). The time left comes from the same
 * strategy's earlier runs of this race while the run is within their mean (hyperfine's way: a run takes
 * about as long as the last ones), else from the share done so far once it is at least 5%.
 */
export function runProgress(record: RunRecord, nowMs: number, earlierWallsMs: readonly number[] = []): RunProgress {
	const total = record.images.length;
	const done = record.ok + record.failed;
	let inFlight = 0;
	for (const image of record.images) {
		if (image.status === 'running' && image.total !== undefined && image.total > 0) {
			inFlight += Math.min(1, image.transferred / image.total);
		}
	}

	const fraction = total === 0 ? 1 : Math.min(1, (done + inFlight) / total);
	const elapsedMs = Math.max(0, (record.wallMs ?? (nowMs - record.startedAt)));
	const expectedMs = earlierWallsMs.length > 0 ? mean(earlierWallsMs) : Number.NaN;
	let etaMs: number | undefined;
	if (elapsedMs < expectedMs) {
		etaMs = expectedMs - elapsedMs;
	} else if (fraction >= minimumForEstimate) {
		// No earlier run, or this one has outlasted them (the machine slowed down): the share done tells.
		etaMs = elapsedMs * (1 - fraction) / fraction;
	}

	return {done, total, fraction, elapsedMs, etaMs};
}
