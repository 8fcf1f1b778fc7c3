import type {DownloadSettings} from '../engine/controller-types.js';
import {downloadImage, type AfterSave, type StopReason} from '../engine/download/index.js';
import type {EventListener} from '../engine/events.js';
import type {FolderGuard} from '../engine/folder-guard.js';
import type {HttpClient} from '../engine/http-client.js';
import type {StopSwitch} from '../engine/stop-switch.js';
import type {JobOutcome} from './protocol.js';

export type WorkerJob = {
	readonly runId: string;
	readonly index: number;
	readonly url: string;
	/** Folder with a trailing separator. */
	readonly outDir: string;
	readonly baseName: string;
	readonly client: HttpClient;
	readonly settings: DownloadSettings;
	readonly stopper: StopSwitch<StopReason>;
	readonly emit: EventListener;
	readonly folder: FolderGuard;
	/** run-started's `at` moved onto this worker's clock. */
	readonly runStartedAt?: number;
	readonly afterSave?: AfterSave;
};

/**
 * The one place a worker calls the engine's per-image download: the same retry loop, body sink and
 * image check as the in-process strategies. Whoever moves downloadImage retargets only this.
 */
export async function downloadInWorker(job: WorkerJob): Promise<JobOutcome> {
	const {client, ...rest} = job;
	return downloadImage({...rest, request: client.request});
}
