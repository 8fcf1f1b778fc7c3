import {downloadImage} from '../engine/download/index.js';
import type {DownloadJob} from '../engine/download/job.js';
import type {HttpClient} from '../engine/http-client.js';
import type {JobOutcome} from './protocol.js';

/** A download as a worker runs it: the engine's job, with the worker's HTTP client in place of a bound request. */
export type WorkerJob = Omit<DownloadJob, 'request'> & {readonly client: HttpClient};

/**
 * The one place a worker calls the engine's per-image download: the same retry loop, body sink and
 * image check as the in-process strategies. Whoever moves downloadImage retargets only this.
 */
export async function downloadInWorker(job: WorkerJob): Promise<JobOutcome> {
	const {client, ...rest} = job;
	return downloadImage({...rest, request: client.request});
}
