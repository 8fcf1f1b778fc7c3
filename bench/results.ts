import {summarize, type Summary} from '../source/stats/statistics.js';

/**
 * What the benchmark found. The field names of `BenchResults` are a contract (`--export-json`,
 * readme.md): extra fields may be added, none renamed or removed.
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
	/** Threads and processes on the same downloads, one worker per image (absent in older results). */
	readonly pooled?: readonly PooledDownload[];
};

/** A pool of workers on the I/O-bound race: how long its downloads took once its workers were up. */
export type PooledDownload = {
	readonly strategy: 'threads' | 'processes';
	readonly workers: number;
	readonly wallMs: Stat;
	readonly startupMs: Stat;
	/** Wall minus start-up, per round. */
	readonly afterStartupMs: Stat;
	/** Mean wall after start-up ÷ parallel's mean wall (issue 12: ≤ 1.15 threads, ≤ 1.25 processes). */
	readonly overParallel: number;
	readonly overParallelSd: number;
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

export type ScaleResult = {
	readonly images: number;
	readonly imageBytes: number;
	readonly concurrency: number;
	readonly imgrace: ClientFigures;
	readonly curl: ClientFigures | null;
	/** The curl command line used (config file holds url/output pairs). */
	readonly curlCommand: string | null;
	/** imgrace images/s ÷ curl images/s; null without curl. */
	readonly ratio: number | null;
	readonly ratioSd: number | null;
	/** The same workload with --mode threads (one worker thread per core, see scaleThreads); null if left out. */
	readonly threads?: ClientFigures | null;
	/** How many worker threads that run had. */
	readonly threadsConcurrency?: number;
	/** imgrace threads images/s ÷ curl images/s. */
	readonly threadsRatio?: number | null;
	readonly threadsRatioSd?: number | null;
	readonly note?: string;
};

/** One strategy of the CPU-bound scenario (--work thumbnail). */
export type CpuStrategy = {
	readonly strategy: string;
	readonly workers: number;
	readonly wallMs: Stat;
	readonly startupMs: Stat;
	readonly cpuMs: Stat;
	readonly peakRssMb: Stat;
	/** Sequential's mean wall ÷ this one's. */
	readonly speedup: number;
	/** This wall ÷ the ideal (sequential's wall spread over the cores); 1 is perfect. */
	readonly overIdeal: number;
	/** Parallel's mean wall ÷ this one's, whole and after start-up (null for parallel itself). */
	readonly overEventLoop: number | null;
	readonly overEventLoopAfterStartup: number | null;
};

export type CpuResult = {
	readonly images: number;
	readonly repeat: number;
	readonly cores: number;
	/** Sequential's mean wall ÷ min(cores, images): perfect use of every core. */
	readonly idealMs: number;
	readonly strategies: readonly CpuStrategy[];
};

export type MemoryPoint = {
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

/** One kind of worker: 10 ready at once, empty against imgrace's, per round. */
export type StartupKind = {
	readonly kind: 'threads' | 'processes';
	/** Started until all said ready: workers that only post 'ready'. */
	readonly emptyMs: Stat;
	/** The same for pool workers as runPool starts them (the bundle when built), setup taken. */
	readonly imgraceMs: Stat;
	/** Pool workers loading the unbundled modules (worker-loop.js and its graph): the before. */
	readonly unbundledMs: Stat;
	/** Median over rounds of imgrace ÷ empty of the same round (the bar: ≤ 1.5 for threads). */
	readonly ratio: number;
	readonly ratioStat: Stat;
};

export type StartupResult = {
	readonly workers: number;
	/** Whether the build had the one-file worker bundle (dist/source/executors/worker.bundle.js). */
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
	/** The CPU-bound scenario; absent or null when left out. */
	readonly cpu?: CpuResult | null;
	/** Worker start-up; null when left out with --only. */
	readonly startup: StartupResult | null;
	readonly targets: readonly Target[];
	/** Total benchmark time. */
	readonly durationMs: number;
};
