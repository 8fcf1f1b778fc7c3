import type {HttpClient} from '../client/contract.js';
import type {EventListener} from '../events.js';
import type {FolderGuard} from '../folder-guard.js';
import type {ImageInfo} from '../image-check.js';
import type {DownloadSettings} from '../run-spec.js';
import type {StopSwitch} from '../stop-switch.js';

/** Why an image was stopped, so the error can be named correctly. */
export type StopReason = 'run-aborted' | 'max-time';

/** One image to download, as the run's job builder (image-jobs.ts) hands it to the download core. */
export type ImageTask = {
	readonly runId: string;
	readonly index: number;
	readonly url: string;
	/** The run's folder with a trailing separator: file names are `${prefix}${baseName}.${extension}`. */
	readonly prefix: string;
	/** File name without extension ("007"); the extension comes from the detected type. */
	readonly baseName: string;
	readonly client: HttpClient;
	readonly settings: DownloadSettings;
	/**
	 * This image's stop switch, owned by the job builder: stopping it ('run-aborted') ends the download
	 * and removes its temp file. The download stops it itself at --max-time.
	 */
	readonly stopper: StopSwitch<StopReason>;
	readonly emit: EventListener;
	readonly folder: FolderGuard;
	/** When the run started, on this thread's clock (performance.now()): the image's phases count from it. */
	readonly runStartedAt: number;
	/** The work after a successful download (--work), run before image-done; none for download only. */
	readonly afterSave?: AfterSave;
};

/** What the work after the download is given: the image in place, and the image's stop. */
export type SavedImage = {
	readonly runId: string;
	readonly index: number;
	readonly path: string;
	readonly folder: FolderGuard;
	/** Fires when the image is stopped (run aborted, --max-time). */
	readonly signal: AbortSignal;
	/**
	 * The whole body, when it was held in memory: its own ArrayBuffer, so it can be handed to another
	 * thread without a copy. Undefined for a body that went to disk as it came.
	 */
	readonly body: Uint8Array | undefined;
	/**
	 * The work says where it is: waiting for a core (a pool's queue), or working (`at`: when it started,
	 * on this thread's clock). Work that says nothing counts as working from the start.
	 */
	stage(stage: 'waiting' | 'working', at?: number): void;
};

/**
 * Work on a saved image (--work thumbnail). Rejecting fails the image (never retried: the download itself
 * went well) with the error's imgrace code, or ERR_IMGRACE_THUMBNAIL. Work it has no way to do for this
 * image (no decoder for its type) resolves `{skipped: reason}`: the image is done, and says so. Work that
 * measured its own time says it (`workMs`): the rest of its span is its queue.
 */
export type AfterSave = (image: SavedImage) => Promise<{readonly skipped: string} | {readonly workMs: number} | undefined>;

export type DownloadOutcome =
	| {readonly status: 'done'; readonly bytes: number}
	| {readonly status: 'failed'}
	| {readonly status: 'aborted'};

/** One attempt's clock readings (performance.now()), from which the image's phases are cut. */
export type AttemptTimes = {
	readonly startedAt: number;
	/** The request had its socket (a new one: when it was asked for; a reused one: when it was handed over). */
	readonly socketAt: number;
	/** The new connection was ready; `socketAt` on a reused one. */
	readonly connectedAt: number;
	readonly sentAt: number;
	readonly firstByteAt: number;
	readonly lastByteAt: number;
	readonly reusedConnection: boolean;
};

/** A successful attempt: the image in place under its final name. */
export type Saved = ImageInfo & {
	readonly bytes: number;
	readonly path: string;
	readonly times: AttemptTimes;
	/** The body, when it was held in memory and the task has work after the download (see SavedImage.body). */
	readonly body: Uint8Array | undefined;
};
