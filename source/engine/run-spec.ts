/**
 * The one run contract, shared by the controller, every strategy and the worker loop (as concurrent.futures
 * has one Executor): a RunSpec says what one run does, as plain data that survives structured clone
 * (worker threads) and advanced serialization (child processes); a RunContext says how it reports and
 * stops, and never leaves the thread that made it. Defaults are applied once, when the command line is
 * parsed; nothing below fills them in again.
 */
import type {LookupFunction} from 'node:net';
import type {EventListener, RunCosts, RunTotals, SlotCap} from './events.js';
import type {FolderGuard} from './folder-guard.js';
import type {Machine} from './machine.js';
import type {ClientName, StrategyName, StrategyRole, WorkName} from './names.js';

export {clientNames, type ClientName, type StrategyName, type StrategyRole, type WorkName} from './names.js';

/** How every download of a run behaves (the CLI's download flags, defaults applied). */
export type DownloadSettings = {
	/** Retries after the first attempt for retryable failures (429, 5xx, resets, truncation). */
	readonly retries: number;
	/** Idle timeout: an attempt fails when no byte arrives for this long. */
	readonly idleTimeoutMs: number;
	/** Hard limit for one image, all attempts, backoff and its work included. */
	readonly maxTimeMs: number;
	/** Bodies larger than this are stopped at the limit. */
	readonly maxSize: number;
	/** Reuse connections (HTTP keep-alive); off: one connection per image. */
	readonly keepAlive: boolean;
	/** Upper bound on a Retry-After or backoff wait. */
	readonly maxRetryDelayMs: number;
};

/** What every request of a run sends and trusts, and which client sends it. */
export type ClientSettings = {
	readonly name: ClientName;
	/** By header name as typed; a name given twice is sent twice, in order. Replaces imgrace's own of that name. */
	readonly headers: Readonly<Record<string, readonly string[]>>;
	readonly userAgent: string;
	/** Accept any certificate (curl's --insecure). */
	readonly insecure: boolean;
	/** Extra trusted certificate authorities (PEM text, --cacert's content), on top of Node's own. */
	readonly ca: string | undefined;
};

/** The work after each download (--work), built from this on every thread and process (work/image-work.ts). */
export type WorkSettings =
	| {readonly name: 'download'}
	| {readonly name: 'thumbnail'; readonly size: number; readonly repeat: number};

/** One run as the front ends ask for it (of the strategy they hand over with it): the controller adds its id, its slots and its start. */
export type RunRequest = {
	/** Slots asked for (--concurrency, +/-); 0: the strategy's own default. */
	readonly asked: number;
	readonly urls: readonly string[];
	/** The run's folder, e.g. images/parallel. */
	readonly folder: string;
	readonly download: DownloadSettings;
	readonly client: ClientSettings;
	readonly work: WorkSettings;
};

/** One run, as the controller starts it: the request plus what the controller decided. */
export type RunSpec = Omit<RunRequest, 'asked'> & {
	readonly runId: string;
	readonly strategy: StrategyName;
	/** Downloads at once, as the strategy's width rule and the machine's limits (open files, its room) allowed. */
	readonly slots: number;
	/**
	 * When the run started (its run-started event), in ms on the machine's monotonic clock at
	 * performance.now()'s resolution, so that any thread or process reads it on its own clock (clock.ts).
	 */
	readonly startedAt: number;
};

/** How a run reports and stops, on the thread that runs it. */
export type RunContext = {
	/** Where the run's image events go. */
	readonly emit: EventListener;
	/** Fires when the run is aborted: start no more images, stop those in flight. */
	readonly signal: AbortSignal;
	/** Which names in the run's folder may be written; told of every file written. */
	readonly folder: FolderGuard;
	/**
	 * Host name resolution (dns.lookup's signature), in-process only: tests pass one that fails, so
	 * "host not found" is exercised without asking a DNS server.
	 */
	readonly lookup?: LookupFunction;
};

/**
 * One way of scheduling a race's downloads. The controller opens and closes the run (events, folder,
 * totals); a strategy decides how many downloads run at once and where they run.
 */
export type Strategy = {
	readonly name: StrategyName;
	/** As the live panel and the summary show it: "Sequential". */
	readonly title: string;
	/** The key that reruns it in the live UI (one character, none the UI keeps for itself). */
	readonly key: string;
	readonly role: StrategyRole;
	/** Slots for `count` images when `asked` were asked for (0: the default), doing `work` after each download. */
	slots(asked: number, count: number, work: WorkName): number;
	/**
	 * The most slots it can take on this machine doing `work`, and which limit says so, when it has a
	 * limit of its own (workers cost memory, address space, tasks); 0 slots: it cannot start here, and
	 * the run is reported as not started. Without it only the open files limit the width.
	 */
	room?(work: WorkName, machine: Machine): SlotRoom | undefined;
	/**
	 * Import the code `run` needs, if it is loaded lazily: the controller calls it before the run's clock
	 * starts, so only the strategy that happens to run first would otherwise pay for the import.
	 */
	load?(): Promise<void>;
	/**
	 * Run every image of the spec; resolves once none is in flight, with the run's costs when it measured
	 * them itself (a pool of workers), or nothing: the controller then meters this thread.
	 */
	run(spec: RunSpec, context: RunContext): Promise<RunCosts | void>;
};

/** The most slots a strategy can take on this machine, and the limit that says so. */
export type SlotRoom = {readonly slots: number; readonly cap: SlotCap};

export type RunResult = RunTotals & RunCosts & {
	readonly runId: string;
	readonly strategy: StrategyName;
	readonly client: ClientName;
	/** Downloads at once (the spec's slots). */
	readonly concurrency: number;
	/** The width a limit of the machine lowered, and that limit, if one did (see RunStartedEvent). */
	readonly cappedFrom?: number;
	readonly cappedBy?: SlotCap;
	readonly aborted: boolean;
};

/**
 * What a front end (the live UI, the plain reporter, the benchmark) starts runs with: everything but
 * the strategy and its width is bound by the entry layer.
 */
export type Runner = (options: {
	readonly strategy: StrategyName;
	/** Slots asked for; 0: the strategy's own default. */
	readonly asked: number;
	readonly signal?: AbortSignal;
	readonly onEvent: EventListener;
}) => Promise<RunResult>;
