import type {ClientName, StrategyName} from '../source/engine/run-spec.js';
import {summarize, type Summary} from '../source/stats/statistics.js';

/**
 * What the benchmark found. The field names of `BenchResults` are a contract (`--export-json`,
 * docs/performance.md): extra fields may be added, none renamed or removed.
 */

/** One figure over the measured rounds, as hyperfine reports it: mean ± σ, min…max. */
export type Stat = {
	readonly mean: number;
	readonly sd: number;
	readonly min: number;
	readonly max: number;
	readonly median: number;
	/** Every measured round, in order (warm-up rounds are not kept). */
	readonly values: readonly number[];
};

export function toStat(values: readonly number[]): Stat {
	const summary: Summary | undefined = summarize(values);
	if (!summary) {
		return {mean: Number.NaN, sd: Number.NaN, min: Number.NaN, max: Number.NaN, median: Number.NaN, values: []};
	}

	return {mean: summary.mean, sd: summary.sd, min: summary.min, max: summary.max, median: summary.median, values: [...values]};
}

/** A performance target and whether the measured value meets it. */
export type Target = {
	readonly name: string;
	/** "≤ 1.05", "≥ 0.5". */
	readonly goal: string;
	readonly measured: number | null;
	readonly met: boolean | null;
	/** Why there is no figure, or what the figure means. */
	readonly note?: string;
	/** The name this target had in earlier results, so a before/after finds it under either. */
	readonly was?: string;
};

export type Machine = {
	readonly cores: number;
	readonly cpuModel: string;
	readonly memoryGb: number;
	readonly os: string;
	readonly node: string;
	readonly curl: string | null;
};

export type IdealStrategy = {
	readonly meanMs: number;
	readonly sdMs: number;
	readonly minMs: number;
	readonly maxMs: number;
	readonly idealMs: number;
	/** Mean measured / ideal. */
	readonly ratio: number;
	readonly ratioSd: number;
	readonly wallMs: Stat;
};

export type IdealResult = {
	readonly images: number;
	readonly imageBytes: number;
	readonly latencyMs: number;
	/** Bytes per second per connection. */
	readonly bandwidth: number;
	readonly sequential: IdealStrategy;
	readonly parallel: IdealStrategy;
	/**
	 * Threads and processes on the same downloads, one worker per image, each in a process of its own;
	 * then the pipeline, raced in the same process as sequential and parallel, right after parallel
	 * (absent in older results; the pipeline only once it is registered).
	 */
	readonly pooled?: readonly PooledDownload[];
};

/** Another strategy on the I/O-bound race: how long its downloads took, whole and once its workers were up. */
export type PooledDownload = {
	readonly strategy: 'threads' | 'processes' | 'pipeline';
	/** Workers (threads, processes) or downloads at once (the pipeline). */
	readonly workers: number;
	readonly wallMs: Stat;
	readonly startupMs: Stat;
	/** Wall minus start-up, per round. */
	readonly afterStartupMs: Stat;
	/** Mean wall after start-up ÷ parallel's mean wall (issue 12: ≤ 1.15 threads, ≤ 1.25 processes). */
	readonly overParallel: number;
	readonly overParallelSd: number;
	/** Mean wall, start-up included, ÷ parallel's mean wall (issue 20: the pipeline within 5%). */
	readonly wallOverParallel?: number;
	readonly wallOverParallelSd?: number;
};

/** Throughput and cost of one downloader over the scale workload (means; spreads in `stats`). */
export type ClientFigures = {
	readonly imagesPerSec: number;
	readonly mbPerSec: number;
	/** User + system CPU time of the whole process, startup included. */
	readonly cpuMs: number;
	readonly peakRssMb: number;
	readonly stats: {
		readonly imagesPerSec: Stat;
		readonly mbPerSec: Stat;
		readonly cpuMs: Stat;
		readonly peakRssMb: Stat;
		/** The transfer's wall time (imgrace: the run's wallMs as --json reports it; curl: the process). */
		readonly wallMs: Stat;
		/** Spawn to exit. */
		readonly processWallMs: Stat;
		/** CPU per image, whole process. */
		readonly cpuMsPerImage: Stat;
	};
	/** Images that failed in any round (should be 0). */
	readonly failed: number;
};

/** One imgrace run of the scale scenario: a strategy at a width on a client. */
export type ScaleRun = {
	readonly client: ClientName;
	readonly strategy: StrategyName;
	readonly concurrency: number;
	readonly figures: ClientFigures;
	/** Its images/s ÷ curl's (mean ± spread); null without curl. */
	readonly overCurl: number | null;
	readonly overCurlSd: number | null;
};

export type ScaleResult = {
	readonly images: number;
	readonly imageBytes: number;
	readonly concurrency: number;
	/** got, --mode parallel at `concurrency`: the figure issue 19's "got is no slower than today" is about. */
	readonly imgrace: ClientFigures;
	readonly curl: ClientFigures | null;
	/** The curl command line used (config file holds url/output pairs). */
	readonly curlCommand: string | null;
	/**
	 * The best undici run's images/s ÷ curl's (issue 19); null without curl. Before the two clients it was
	 * got parallel's: that one is `imgraceRatio` now.
	 */
	readonly ratio: number | null;
	readonly ratioSd: number | null;
	/** got parallel's images/s ÷ curl's (what `ratio` was before issue 19). */
	readonly imgraceRatio?: number | null;
	readonly imgraceRatioSd?: number | null;
	/** got, --mode threads, one worker thread per core (see scaleThreads); null if left out. */
	readonly threads?: ClientFigures | null;
	/** How many worker threads that run had. */
	readonly threadsConcurrency?: number;
	/** got threads images/s ÷ curl images/s. */
	readonly threadsRatio?: number | null;
	readonly threadsRatioSd?: number | null;
	/** The runs on undici (parallel at `concurrency`, threads at one and two per core), in that order. */
	readonly undici?: readonly ScaleRun[];
	/** Which undici run `ratio` is of ("threads×4"): the most images/s on average. */
	readonly best?: string | null;
	/**
	 * undici parallel's CPU per image ÷ got parallel's (whole process, the same width): issue 19's ≤ 0.6.
	 * Of the runs to tmpfs when there were any (`cpuPerImageOn`), else of those to disk.
	 */
	readonly cpuPerImageRatio?: number | null;
	readonly cpuPerImageOn?: 'tmpfs' | 'disk';
	/** The same ratio of the runs to disk, where the kernel's file-system time (the same for both) is in both figures. */
	readonly cpuPerImageRatioOnDisk?: number | null;
	/** Both clients' parallel runs again, their images written to a tmpfs; empty without one. */
	readonly onTmpfs?: readonly ScaleRun[];
	readonly note?: string;
};

/** One strategy of the CPU-bound scenario (--work thumbnail). */
export type CpuStrategy = {
	readonly strategy: StrategyName;
	/** Slots: its default width for this work. */
	readonly workers: number;
	readonly wallMs: Stat;
	readonly startupMs: Stat;
	readonly cpuMs: Stat;
	readonly peakRssMb: Stat;
	/** Sequential's mean wall ÷ this one's; NaN (null in JSON) when sequential did not run. */
	readonly speedup: number;
	/** This wall ÷ the ideal (sequential's wall spread over the cores); 1 is perfect. NaN without sequential. */
	readonly overIdeal: number;
	/** Parallel's mean wall ÷ this one's, whole and after start-up (null for sequential and parallel). */
	readonly overEventLoop: number | null;
	readonly overEventLoopAfterStartup: number | null;
};

/** How the image server of a CPU-bound run answered. */
export type CpuServer = {
	readonly latencyMs: number;
	readonly jitterMs: number;
	/** Bytes per second per connection; 0 = unlimited. */
	readonly bandwidth: number;
};

export type CpuResult = {
	readonly images: number;
	readonly repeat: number;
	readonly cores: number;
	/** Absent in results older than issue 20 (it was latency 20 ms, no jitter, no throttle). */
	readonly server?: CpuServer;
	/** Sequential's mean wall ÷ min(cores, images): perfect use of every core. NaN without sequential. */
	readonly idealMs: number;
	readonly strategies: readonly CpuStrategy[];
	/** Strategies the variant names that this build does not register (the pipeline, before issue 20). */
	readonly skipped?: readonly StrategyName[];
};

export type MemoryPoint = {
	/** The race's client: each heap policy is chosen by it (source/entry/heap-policy.ts). */
	readonly client: ClientName;
	readonly count: number;
	readonly peakRssMb: number;
	readonly stats: {readonly peakRssMb: Stat; readonly wallMs: Stat};
};

export type UiResult = {
	readonly images: number;
	readonly concurrency: number;
	/** Run wall time with the Ink UI ÷ without (--json). */
	readonly wallRatio: number;
	/** Process CPU time (user + system) with the Ink UI ÷ without. */
	readonly cpuRatio: number;
	/** Frames written per second while the app was on screen. */
	readonly fps: number;
	readonly frames: number;
	readonly stats: {
		readonly uiWallMs: Stat;
		readonly jsonWallMs: Stat;
		readonly uiCpuMs: Stat;
		readonly jsonCpuMs: Stat;
		readonly frames: Stat;
		readonly fps: Stat;
		readonly uiPeakRssMb: Stat;
		readonly jsonPeakRssMb: Stat;
	};
};

/** Pool workers of one kind on one client: ready, against the empty workers of the same rounds. */
export type StartupClient = {
	readonly client: ClientName;
	/** Until all had taken their setup (their client loaded and made). */
	readonly readyMs: Stat;
	/** Median over rounds of ready ÷ empty of the same round (issue 19's bar for threads: ≤ 1.5). */
	readonly ratio: number;
	readonly ratioStat: Stat;
	/** Workers that only make the client (bench/client-alone.ts): the floor (absent in results before it was measured). */
	readonly aloneMs?: Stat;
	/** Median over rounds of alone ÷ empty: what the client alone costs a worker's start. */
	readonly aloneRatio?: number;
	/** Median over rounds of ready ÷ alone: what imgrace's code adds to the client's start. */
	readonly overAlone?: number;
};

/** One kind of worker: 10 ready at once, empty against imgrace's, per round. */
export type StartupKind = {
	readonly kind: 'threads' | 'processes';
	/** Started until all said ready: workers that only post 'ready'. */
	readonly emptyMs: Stat;
	/** The same for pool workers as runPool starts them (the bundle when built), setup taken, on got. */
	readonly imgraceMs: Stat;
	/** Pool workers on got loading the unbundled modules (worker-loop.js and its graph): the bundle's before. */
	readonly unbundledMs: Stat;
	/** Median over rounds of imgrace ÷ empty of the same round, on got (issue 12's bar: ≤ 1.5 for threads). */
	readonly ratio: number;
	readonly ratioStat: Stat;
	/** Every client, got's the same figures as above (absent in results older than issue 19). */
	readonly clients?: readonly StartupClient[];
};

export type StartupResult = {
	readonly workers: number;
	/** Whether the build had the worker bundle (dist/source/executors/bundle/worker-<client>.cjs). */
	readonly bundled: boolean;
	readonly threads: StartupKind;
	readonly processes: StartupKind;
};

export type BenchResults = {
	readonly machine: Machine;
	readonly settings: {readonly rounds: number; readonly warmup: number; readonly quick: boolean};
	/** The scenarios; null (empty for memory) only when left out with --only. */
	readonly ideal: IdealResult | null;
	readonly scale: ScaleResult | null;
	readonly memory: readonly MemoryPoint[];
	readonly ui: UiResult | null;
	/** The CPU-bound scenario at 20 ms latency, no throttle (issue 12's targets); absent or null when left out. */
	readonly cpu?: CpuResult | null;
	/** The CPU-bound scenario at the embedded server's defaults (issue 20's target); absent or null when left out. */
	readonly cpuAtDefaults?: CpuResult | null;
	/** Worker start-up; null when left out with --only. */
	readonly startup: StartupResult | null;
	readonly targets: readonly Target[];
	/** What an earlier run recorded (--before), to set beside these figures; absent or null without one. */
	readonly before?: Before | null;
	/** Total benchmark time. */
	readonly durationMs: number;
};

/** The figures of an earlier run that a report sets beside this one's (bench/before.ts reads them). */
export type Before = {
	/** The file they came from, as given. */
	readonly source: string;
	readonly settings: {readonly rounds: number; readonly warmup: number; readonly quick: boolean};
	readonly machine: {readonly cores: number; readonly node: string};
	/** got parallel at scale, when that run had the scale scenario. */
	readonly scale: {readonly images: number; readonly imageBytes: number; readonly concurrency: number; readonly imagesPerSec: Stat; readonly cpuMsPerImage: Stat} | null;
	readonly targets: ReadonlyArray<{readonly name: string; readonly measured: number | null; readonly met: boolean | null}>;
};
