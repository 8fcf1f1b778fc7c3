import type {EngineEvent} from '../engine/events.js';
import type {Claim} from '../engine/folder-guard.js';
import type {JobOutcome} from '../engine/image-jobs.js';
import type {RunSpec} from '../engine/run-spec.js';

/**
 * The messages between the pool (main thread) and one worker, the same for a worker thread and a
 * child process: plain data only, so structured clone (threads) and advanced serialization (fork)
 * both carry them unchanged.
 */

export type ToWorker =
	/**
	 * The run, once: the worker builds its client and jobs from the spec as the main thread would.
	 * `existing`: names in the folder when the run started; a name not listed is placed by the worker
	 * itself (only if still free), a listed one goes to the main thread's guard in a `place` message.
	 */
	| {readonly type: 'setup'; readonly spec: RunSpec; readonly existing: readonly string[]}
	| {readonly type: 'job'; readonly index: number}
	/** The main thread's answer to `place`: undefined once the file is in place, or why not. */
	| {readonly type: 'placed'; readonly id: number; readonly refusal: string | undefined}
	/** No more jobs: report usage and exit. */
	| {readonly type: 'finish'}
	/** Stop the job in flight (its temp file removed), report usage and exit. */
	| {readonly type: 'abort'};

/** CPU time in microseconds (process.cpuUsage's shape) and peak resident memory in KB. */
export type WorkerUsage = {readonly user: number; readonly system: number; readonly maxRssKb: number};

export type FromWorker =
	/** Client loaded, setup applied: the worker can take a job. */
	| {readonly type: 'ready'}
	/**
	 * Events since the last batch, `at` on the worker's own clock (`timeOrigin` says where it starts on
	 * the machine's clock: engine/clock.ts);
	 * `claims` are the files the run wrote; `outcome`, when present, ends the job and asks for the next.
	 */
	| {readonly type: 'batch'; readonly timeOrigin: number; readonly events: readonly EngineEvent[]; readonly claims: readonly Claim[]; readonly outcome?: JobOutcome}
	/** Give the temp file a name that existed at the start: the main thread's guard decides. */
	| {readonly type: 'place'; readonly id: number; readonly temp: string; readonly name: string}
	/**
	 * A signal reached this child (SIGINT, SIGTERM, SIGHUP): it stops its image and leaves. Sent first,
	 * so that the pool, unless it is stopping too (Ctrl+C reaches the whole group), fails what the child
	 * held as it would for a child killed outright.
	 */
	| {readonly type: 'signalled'; readonly signal: string}
	/** Last message before the worker exits. */
	| {readonly type: 'usage'; readonly usage: WorkerUsage};
