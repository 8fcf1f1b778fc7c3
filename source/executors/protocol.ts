import type {DownloadSettings, WorkSettings} from '../engine/controller-types.js';
import type {EngineEvent} from '../engine/events.js';
import type {Claim} from '../engine/folder-guard.js';
import type {HttpOptions} from '../engine/http-client.js';

/**
 * The messages between the pool (main thread) and one worker, the same for a worker thread and a
 * child process: plain data only, so structured clone (threads) and advanced serialization (fork)
 * both carry them unchanged.
 */

/** Everything a worker needs for the whole run, sent once; serialisable by construction. */
export type WorkerSetup = {
	readonly runId: string;
	/** Folder to write into, with a trailing path separator. */
	readonly outDir: string;
	readonly settings: DownloadSettings;
	readonly http?: HttpOptions;
	/**
	 * Names in the folder when the run started. A name not listed is always free to write (the folder
	 * guard's own fast path); only a listed one costs a round trip to the main thread's guard.
	 */
	readonly existing: readonly string[];
	/** The work after each download, built in the worker (work/image-work.ts). */
	readonly work?: WorkSettings;
	/** When the run started, as epoch ms (main thread's timeOrigin + its `at`): each side has its own clock. */
	readonly runStartedAtEpoch?: number;
};

export type ToWorker =
	| {readonly type: 'setup'; readonly setup: WorkerSetup}
	| {readonly type: 'job'; readonly index: number; readonly url: string; readonly baseName: string}
	| {readonly type: 'placed'; readonly id: number; readonly refusal: string | undefined}
	/** No more jobs: report usage and exit. */
	| {readonly type: 'finish'}
	/** Stop the job in flight (its temp file removed), report usage and exit. */
	| {readonly type: 'abort'};

/** How one job ended, as counted by the run's totals. */
export type JobOutcome = {readonly status: 'done'; readonly bytes: number} | {readonly status: 'failed'} | {readonly status: 'aborted'};

/** CPU time in microseconds (process.cpuUsage's shape) and peak resident memory in KB. */
export type WorkerUsage = {readonly user: number; readonly system: number; readonly maxRssKb: number};

export type FromWorker =
	/** Modules loaded, setup applied: the worker can take a job. */
	| {readonly type: 'ready'}
	/**
	 * Events since the last batch, `at` on the worker's own clock (`timeOrigin` says where it starts);
	 * `claims` are the files the run wrote; `outcome`, when present, ends the job and asks for the next.
	 */
	| {readonly type: 'batch'; readonly timeOrigin: number; readonly events: readonly EngineEvent[]; readonly claims: readonly Claim[]; readonly outcome?: JobOutcome}
	/** Give the temp file a name that existed at the start: the main thread's guard decides. */
	| {readonly type: 'place'; readonly id: number; readonly temp: string; readonly name: string}
	/** Last message before the worker exits. */
	| {readonly type: 'usage'; readonly usage: WorkerUsage};
