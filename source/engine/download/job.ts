import type {DownloadSettings} from '../controller-types.js';
import type {EventListener} from '../events.js';
import type {FolderGuard} from '../folder-guard.js';
import type {ImageInfo} from '../image-check.js';
import type {StopSwitch} from '../stop-switch.js';
import type {TransportRequest} from '../transport/contract.js';

/** Why an image was stopped, so the error can be named correctly. */
export type StopReason = 'run-aborted' | 'max-time';

export type DownloadJob = {
	readonly runId: string;
	readonly index: number;
	readonly url: string;
	/** Folder to write into, with a trailing path separator. */
	readonly outDir: string;
	/** Final file name without extension ("007"); the extension comes from the detected type. */
	readonly baseName: string;
	/** Starts one GET through the run's transport (http-client.ts). */
	readonly request: (url: string) => TransportRequest;
	readonly settings: DownloadSettings;
	/**
	 * This image's stop switch, owned by the controller: stopping it ('run-aborted') ends the download
	 * and removes its temp file. The download stops it itself at --max-time.
	 */
	readonly stopper: StopSwitch<StopReason>;
	readonly emit: EventListener;
	/** Which names in the folder may be replaced; told of every file written. */
	readonly folder: FolderGuard;
	/**
	 * When the run started (run-started's `at`), so the image's phases count its wait for a slot and
	 * add up to its end time. Without it the queued phase starts at image-started.
	 */
	readonly runStartedAt?: number;
	/** The per-image work after a successful download (--work), run before image-done; none by default. */
	readonly afterSave?: AfterSave;
};

/** What the work after the download is given: the image in place, and the image's stop. */
export type SavedImage = {
	readonly runId: string;
	readonly index: number;
	readonly path: string;
	readonly folder: FolderGuard;
	/** Turns aborted when the image is stopped (run aborted, --max-time); only `aborted` is read. */
	readonly signal: Pick<AbortSignal, 'aborted'>;
};

/**
 * Work on a saved image (--work thumbnail), on the thread that downloaded it. Rejecting fails the image
 * (never retried: the download itself went well) with the error's `code` if it is an imgrace code
 * (ERR_IMGRACE_…), ERR_IMGRACE_THUMBNAIL otherwise, and its message as the reason.
 */
export type AfterSave = (image: SavedImage) => Promise<void>;

export type DownloadOutcome =
	| {readonly status: 'done'; readonly bytes: number}
	| {readonly status: 'failed'}
	| {readonly status: 'aborted'};

/** One attempt's clock readings (performance.now()), from which the image's phases are cut. */
export type AttemptTimes = {
	readonly startedAt: number;
	/** The socket was connected (TLS included); `startedAt` on a reused connection. */
	readonly connectedAt: number;
	readonly firstByteAt: number;
	readonly lastByteAt: number;
	readonly reusedConnection: boolean;
};

/** A successful attempt: the image in place under its final name. */
export type Saved = ImageInfo & {
	readonly bytes: number;
	readonly path: string;
	/** From sending the request to the response headers (what image-first-byte reported). */
	readonly ttfbMs: number;
	readonly times: AttemptTimes;
};
