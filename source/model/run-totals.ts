import type {RunTotals} from '../engine/events.js';

export type {RunTotals} from '../engine/events.js';

/** One finished run in the session's history: its totals and what makes runs comparable. */
export type FinishedRun = RunTotals & {
	readonly runId: string;
	readonly concurrency: number;
};
