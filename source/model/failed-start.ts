import type {StrategyName} from '../engine/events.js';
import type {ClientName, StrategyRole} from '../engine/names.js';
import type {ErrorCode} from '../errors.js';
import type {RunRecord} from './run-record.js';

/** A run that never started: its folder could not be made, or the machine had no room for it. Every image of it counts as failed. */
export type FailedStart = {
	readonly strategy: StrategyName;
	readonly role: StrategyRole;
	readonly client: ClientName;
	readonly concurrency: number;
	/** The work it would have done after each download ('download', 'thumbnail'). */
	readonly work: string;
	readonly outDir: string;
	readonly images: number;
	/** Why, in words ("cannot create folder …: …"). */
	readonly error: string;
	/** Why, as the code scripts switch on: ERR_IMGRACE_FOLDER or ERR_IMGRACE_NO_ROOM. */
	readonly code: ErrorCode;
};

/** A run of a finished race: one that ran (to its end, or stopped), or one that could not start. */
export type RaceRun = RunRecord | FailedStart;

export function isRunRecord(run: RaceRun): run is RunRecord {
	return 'runId' in run;
}
