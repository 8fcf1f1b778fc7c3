import type {RunTotals} from '../engine/events.js';
import type {RunFigures} from './run-figures.js';

export type {RunTotals} from '../engine/events.js';

/** One finished run in the session's history: its totals and what makes runs comparable. */
export type FinishedRun = RunTotals & {
	readonly runId: string;
	readonly concurrency: number;
	/** What the verdict weighs of it (its record is kept only while it is the latest). */
	readonly figures: RunFigures;
};
