// The contract between the controller and a strategy. It lives in the engine, which runs it, so the
// engine never imports a strategy; source/strategies/types.ts re-exports it for the strategies' files.
import type {DownloadSettings, WorkSettings} from './controller-types.js';
import type {AfterSave} from './download/index.js';
import type {EventListener, RunCosts, StrategyName} from './events.js';
import type {FolderGuard} from './folder-guard.js';
import type {HttpOptions} from './http-client.js';

/** How one image ended, as the in-process job reports it ('skipped': the run was aborted before it started). */
export type JobOutcome = 'done' | 'failed' | 'aborted' | 'skipped';

/**
 * Download image `index` of the run and emit its events. Resolves, never rejects for a failed image. A
 * job called after `signal` fired does nothing ('skipped'): queued images of an aborted run never start.
 */
export type ImageJob = (index: number, url: string, signal: AbortSignal, afterSave?: AfterSave) => Promise<JobOutcome>;

/**
 * What an executor outside this thread (a worker thread, a child process) needs to download images of
 * the run itself: plain data only, so it survives structured clone and JSON. Such an executor builds
 * its own HTTP client and job from it and posts the same engine events back through `emit`.
 */
export type RemoteRunSettings = {
	readonly runId: string;
	/** Folder of the run, with a trailing separator: file names are `${outPrefix}${baseName}.${ext}`. */
	readonly outPrefix: string;
	/** Images of the run: file names are padded to its width (imageBaseName in controller.ts). */
	readonly imageCount: number;
	readonly settings: DownloadSettings;
	readonly http: HttpOptions | undefined;
	readonly work: WorkSettings;
	/** run-started's `at` on this thread's clock; a worker moves it onto its own with performance.timeOrigin. */
	readonly runStartedAt: number;
};

/** One run handed to a strategy: which images, how many at once, and how to download one. */
export type RunPlan = {
	readonly urls: readonly string[];
	/** Downloads at once, as the strategy's `slots` chose and the open-file budget allowed. */
	readonly slots: number;
	/** The in-process way to download one image (downloadImage bound to this run's client and folder). */
	readonly job: ImageJob;
	/** Where image events go; the controller counts the run's totals from them. */
	readonly emit: EventListener;
	/** Fires when the run is aborted: start no more images (those in flight are stopped by the controller). */
	readonly signal: AbortSignal;
	/** For executors that download elsewhere than in this thread. */
	readonly remote: RemoteRunSettings;
	/** What to do after each download (the strategy runs it where it downloads: `afterSave` of the job). */
	readonly work: WorkSettings;
	/** The run's folder guard (for executors elsewhere: they ask it and report to it through messages). */
	readonly folder: FolderGuard;
};

/**
 * One way of scheduling the race's downloads. The controller opens and closes the run (events, folder,
 * totals); a strategy only decides how many downloads run at once and where they run.
 */
export type Strategy = {
	readonly name: StrategyName;
	/** As the live panel and summary show it: "Sequential", "Parallel". */
	readonly title: string;
	/** The key that reruns it in the live UI (one character, not one of q r + -). */
	readonly key: string;
	/**
	 * Slots for a run of `count` images when the user asked for `requested` (0 = the default), doing
	 * `work` after each download (WorkSettings' name; absent: download only).
	 */
	slots(requested: number, count: number, work?: string): number;
	/**
	 * Run every image of the plan; resolves once none is in flight, with the run's costs when it
	 * measured them itself (a pool of workers), or nothing: the controller then meters this thread.
	 */
	run(plan: RunPlan): Promise<RunCosts | void>;
};
