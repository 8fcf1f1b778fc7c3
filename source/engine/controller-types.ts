import type {LookupFunction} from 'node:net';
import type {EventListener, RunCosts, RunTotals, StrategyName} from './events.js';
import type {HttpOptions, TransportName} from './http-client.js';
import type {Strategy} from './strategy-contract.js';

/** Settings shared by every run of a session (the CLI's download flags). */
export type DownloadSettings = {
	/** Retries after the first attempt for retryable failures (429, 5xx, resets, truncation). */
	readonly retries: number;
	/** Idle timeout: fail an attempt when no bytes arrive for this long. */
	readonly idleTimeoutMs: number;
	/** Hard limit for one image, all attempts and backoff included. */
	readonly maxTimeMs: number;
	/** Bodies larger than this are aborted at the limit. */
	readonly maxSize: number;
	/** Reuse connections (HTTP keep-alive). Off mimics one connection per image. */
	readonly keepAlive: boolean;
	/** Upper bound on a Retry-After / backoff wait. */
	readonly maxRetryDelayMs: number;
};

/**
 * The per-image work after each download (--work), as plain data: it crosses to worker threads and
 * child processes, which build the work themselves (source/work/image-work.ts builds it everywhere).
 */
export type WorkSettings =
	| {readonly name: 'download'}
	| {readonly name: 'thumbnail'; readonly size: number; readonly repeat: number};

export type RunOptions = Partial<DownloadSettings> & {
	/** What to do after each download; default only the download. */
	readonly work?: WorkSettings;
	readonly strategy: Strategy;
	/** The width asked for (0 = the default); the strategy's slots rule decides what it takes. */
	readonly concurrency: number;
	readonly urls: readonly string[];
	/** Folder this run writes into (created if missing), e.g. images/parallel. */
	readonly outDir: string;
	readonly signal?: AbortSignal;
	readonly onEvent: EventListener;
	/**
	 * Host name resolution (dns.lookup's signature). Defaults to the system resolver; tests pass one
	 * that fails so "host not found" is exercised without asking a real DNS server.
	 */
	readonly dnsLookup?: LookupFunction;
	/** The open-file limit to plan slots for; defaults to this process's soft limit (fd-budget.ts). */
	readonly openFileLimit?: number;
	/** Headers, user agent and certificate trust for every request of the run. */
	readonly http?: HttpOptions;
	/** Which transport sends the requests (http-client.ts; got unless told): tests run both. */
	readonly transport?: TransportName;
};

export type RunResult = RunTotals & RunCosts & {
	readonly runId: string;
	readonly strategy: StrategyName;
	readonly concurrency: number;
	/** The concurrency the open-file limit lowered, if it did (see RunStartedEvent). */
	readonly cappedFrom?: number;
	readonly aborted: boolean;
};

/**
 * What a front end (the Ink UI, the plain reporter) needs to start runs: everything else (server,
 * URLs, output folder, download settings) is bound by the entry point.
 */
export type Runner = (options: {
	readonly strategy: StrategyName;
	readonly concurrency: number;
	readonly signal?: AbortSignal;
	readonly onEvent: EventListener;
}) => Promise<RunResult>;
