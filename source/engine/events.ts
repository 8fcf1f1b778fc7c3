import type {ImageErrorCode} from '../errors.js';
import type {ClientName, StrategyName, StrategyRole, WorkName} from './names.js';

/**
 * The engine's only output: typed events. The UI, the plain/JSON reporters and the benchmark all fold
 * these; nothing reads the controller's internals.
 *
 * Every event carries the run id and `at`, a monotonic timestamp in milliseconds from
 * `performance.now()` (same clock in every consumer in this process, never wall-clock time).
 */

export type {StrategyName} from './names.js';

/** What a run did, once it has ended: the engine's result, its last event and the session's history. */
export type RunTotals = {
	readonly wallMs: number;
	readonly ok: number;
	readonly failed: number;
	readonly bytes: number;
};

/** Stable, machine-readable reason a download failed or was retried (the one list: source/errors.ts). */
export type {ErrorCode, ImageErrorCode} from '../errors.js';

/**
 * Which user setting bears on a failure, so that a front end can name its own flag for it (engine
 * messages name none): 'maxSize' the size limit, 'trustCa' trusting another certificate authority (or
 * skipping the check), 'insecure' skipping the certificate check.
 */
export type FailureHint = 'maxSize' | 'trustCa' | 'insecure' | 'foreignFile';

/**
 * Where an image's time went, named as the browser's network panel names its phases, in ms. Consecutive:
 * they add up to the image's end time from the run's start (image-done's `at` minus run-started's `at`).
 * The client's own time is never counted as the network's: `setupMs` is the client's, `connectMs` and
 * `waitMs` are the network's and the server's.
 */
export type ImagePhases = {
	/** From the run's start until a slot took the image. */
	readonly queuedMs: number;
	/** Failed attempts and the waits between them: 0 when the first attempt counted. */
	readonly retryMs: number;
	/**
	 * From the attempt's start until the request had a socket: the client's own set-up and its wait for a
	 * pooled socket (HAR's `blocked`, after the queue).
	 */
	readonly setupMs: number;
	/** A new connection: name lookup, TCP and TLS; 0 on a kept-alive one. */
	readonly connectMs: number;
	/** From the socket being ready until the request was written. */
	readonly sendMs: number;
	/** From the request written until the response headers arrived (the server's time and one round trip). */
	readonly waitMs: number;
	/** From the headers until the last body byte. */
	readonly receiveMs: number;
	/** From the last byte until the file was in place (its last write, close and rename). */
	readonly writeMs: number;
	/** The work after the download waited for a core of the strategy's pool (the pipeline's), when it did. */
	readonly workQueuedMs?: number;
	/** The work after the download (--work thumbnail: decode, scale, encode, write), when there was any. */
	readonly thumbnailMs?: number;
};

type Base = {
	readonly runId: string;
	/** Monotonic milliseconds (performance.now()). */
	readonly at: number;
};

/** Which limit lowered a run's width: its kind, and a phrase naming it ("the open-file limit of 256"). */
export type SlotCap = {
	readonly limit: 'open files' | 'memory' | 'address space' | 'cores' | 'processes';
	readonly reason: string;
};

export type RunStartedEvent = Base & {
	readonly type: 'run-started';
	readonly strategy: StrategyName;
	/** What the strategy stands for when strategies are compared (the verdict reads it, never a name). */
	readonly role: StrategyRole;
	/** Downloads at once. */
	readonly concurrency: number;
	/** The HTTP client every request of the run goes through. */
	readonly client: ClientName;
	/**
	 * Set when a limit of the machine lowered the concurrency: the width that was asked for (or the
	 * default), which limit did not allow it, and (the open-file limit) that limit's value.
	 */
	readonly cappedFrom?: number;
	readonly cappedBy?: SlotCap;
	readonly openFileLimit?: number;
	readonly urls: readonly string[];
	/** Folder the images of this run are written to. */
	readonly outDir: string;
	/** The work after each download (--work): 'download' (none) or 'thumbnail'. */
	readonly work: WorkName;
};

/** Image is waiting for a slot (emitted for every image right after run-started). */
export type ImageQueuedEvent = Base & {readonly type: 'image-queued'; readonly index: number; readonly url: string};

/** A slot was given to the image and its first request is being sent. */
export type ImageStartedEvent = Base & {readonly type: 'image-started'; readonly index: number; readonly url: string};

/** Response headers arrived (per attempt). `total` is undefined without Content-Length. */
export type ImageFirstByteEvent = Base & {
	readonly type: 'image-first-byte';
	readonly index: number;
	readonly attempt: number;
	readonly ttfbMs: number;
	readonly total: number | undefined;
	readonly contentType: string | undefined;
};

/**
 * Bytes received so far for the current attempt. Coalesced by the engine (not one per socket chunk)
 * so consumers can afford to fold every one.
 */
export type ImageProgressEvent = Base & {
	readonly type: 'image-progress';
	readonly index: number;
	readonly transferred: number;
	readonly total: number | undefined;
};

/**
 * The server's answer to an attempt that then failed (an HTTP error status, a body cut short or too big):
 * its status, and how long after the attempt began its head came. Absent when no answer came.
 */
export type FailedAnswer = {
	readonly status: number;
	/** Its reason phrase as the server sent it ("OK", "Not Found"); '' when it sent none. */
	readonly statusText: string;
	readonly ttfbMs: number;
	/** Body bytes that came on the wire before it failed (a body cut short: those it had). */
	readonly bodyBytes: number;
	/** The same after any content coding was undone: what would have been saved. */
	readonly contentBytes: number;
};

/** An attempt failed with a retryable error; the next attempt starts after `delayMs`. */
export type ImageRetriedEvent = Base & {
	readonly type: 'image-retried';
	/** The attempt that will run next (2 for the first retry). */
	readonly attempt: number;
	readonly index: number;
	readonly code: ImageErrorCode;
	readonly reason: string;
	/** See FailureHint; absent when no setting bears on the failure. */
	readonly hint?: FailureHint;
	readonly answer?: FailedAnswer;
	readonly delayMs: number;
};

/**
 * The work after the download (--work) reached a stage: waiting for a core of the strategy's pool (the
 * pipeline hands the bytes to a pool of threads), or working on one.
 */
export type ImageWorkEvent = Base & {
	readonly type: 'image-work';
	readonly index: number;
	readonly stage: 'waiting' | 'working';
};

export type ImageDoneEvent = Base & {
	readonly type: 'image-done';
	readonly index: number;
	readonly url: string;
	readonly bytes: number;
	readonly path: string;
	/** Detected from the body's magic bytes ("image/jpeg"), not from the header. */
	readonly contentType: string;
	readonly width: number;
	readonly height: number;
	/** Time to first byte of the attempt that counted: from its start to the response headers (as curl's time_starttransfer). */
	readonly ttfbMs: number;
	/** From image-started to the file being renamed into place, retries included. */
	readonly totalMs: number;
	readonly retries: number;
	readonly phases?: ImagePhases;
	/** The successful attempt went over a connection kept alive from an earlier request. */
	readonly reusedConnection?: boolean;
	/** The work after the download (--work) was not done for this image, and why: "no WebP decoder here". */
	readonly workSkipped?: string;
};

export type ImageFailedEvent = Base & {
	readonly type: 'image-failed';
	readonly index: number;
	readonly url: string;
	readonly code: ImageErrorCode;
	/** One short line, e.g. "HTTP 404 Not Found". */
	readonly reason: string;
	/** See FailureHint; absent when no setting bears on the failure. */
	readonly hint?: FailureHint;
	readonly retries: number;
	readonly totalMs: number;
	/** Its last attempt's answer, when one came. */
	readonly answer?: FailedAnswer;
	/**
	 * Where its time went, when the download itself succeeded and the work after it failed (a thumbnail
	 * that could not be made): the download's phases and the work's. Absent when no attempt succeeded.
	 */
	readonly phases?: ImagePhases;
};

/**
 * What a run cost beyond its wall time, for every strategy alike (how each is measured: docs/claim.md,
 * "What the costs mean", executors/run-usage.ts and engine/run-meter.ts).
 */
export type RunCosts = {
	/** From the run's start until the last worker or child process was ready; 0 on this thread. */
	readonly startupMs: number;
	/** User + system CPU of every thread or process that did the run's work. */
	readonly cpuMs: number;
	/** Peak memory attributable to the run, MiB. */
	readonly peakRssMb: number;
};

/**
 * A strategy's pool of workers is starting (`ready` false), or every worker of it is ready to take an
 * image: its start-up is over (`ready` true). A panel says the pool is starting meanwhile.
 */
export type RunWorkersEvent = Base & {
	readonly type: 'run-workers';
	readonly workers: number;
	readonly ready: boolean;
};

/**
 * The costs are always set by the controller; they are optional in the type only so that events made
 * by hand (test scripts, replays of older logs) still type-check.
 */
export type RunFinishedEvent = Base & RunTotals & Partial<RunCosts> & {readonly type: 'run-finished'};

/** The run's signal fired: in-flight requests were destroyed and temp files removed. */
export type RunAbortedEvent = Base & RunTotals & Partial<RunCosts> & {readonly type: 'run-aborted'};

export type EngineEvent =
	| RunStartedEvent
	| ImageQueuedEvent
	| ImageStartedEvent
	| ImageFirstByteEvent
	| ImageProgressEvent
	| ImageRetriedEvent
	| ImageWorkEvent
	| ImageDoneEvent
	| ImageFailedEvent
	| RunWorkersEvent
	| RunFinishedEvent
	| RunAbortedEvent;

export type EngineEventType = EngineEvent['type'];

export type EventListener = (event: EngineEvent) => void;
