import path from 'node:path';
import {openClient} from './client/index.js';
import type {HttpClient} from './client/contract.js';
import {fromShared} from './clock.js';
import {downloadImage, type AfterSave, type StopReason} from './download/index.js';
import type {RunContext, RunSpec} from './run-spec.js';
import {StopSwitch} from './stop-switch.js';

/** How one image's job ended ('skipped': the run was stopped before it began). */
export type JobOutcome = 'done' | 'failed' | 'aborted' | 'skipped';

/** The images of one run, ready to download one by one on this thread. */
export type ImageJobs = {
	/** Download image `index` of the spec and emit its events (the work after it included). Resolves, never rejects. */
	run(index: number): Promise<JobOutcome>;
	/** No more images: the client's connections are closed. */
	close(): void;
};

/** "007" for image 7 of up to 999; wider names keep a directory listing in order. */
export function imageBaseName(index: number, count: number): string {
	const width = Math.max(3, String(count).length);
	return String(index + 1).padStart(width, '0');
}

/**
 * The one job builder, for the in-process strategies and for every worker thread and child process
 * alike: the run's client (loaded by name, sized to the spec's slots), its folder, its clock, and a
 * stop for every image in flight when the context's signal fires. `work` is the work after each
 * download, built by the caller from the spec (work/ sits above the engine).
 */
export async function openImageJobs(spec: RunSpec, context: RunContext, work?: AfterSave): Promise<ImageJobs> {
	const client: HttpClient = await openClient({settings: spec.client, slots: spec.slots, keepAlive: spec.download.keepAlive, ...(context.lookup ? {lookup: context.lookup} : {})});
	// Joined once: file names are then plain concatenation (path.join per file showed in the profile).
	const prefix = path.join(spec.folder, path.sep);
	const runStartedAt = fromShared(spec.startedAt);
	// One listener on the run's signal; it stops the images in flight, each through its own switch (see
	// stop-switch.ts for why not an AbortSignal per image).
	const inFlight = new Set<StopSwitch<StopReason>>();
	const onAbort = () => {
		for (const stopper of inFlight) {
			stopper.stop('run-aborted');
		}
	};

	context.signal.addEventListener('abort', onAbort, {once: true});
	return {
		async run(index) {
			if (context.signal.aborted) {
				return 'skipped';
			}

			const stopper = new StopSwitch<StopReason>();
			inFlight.add(stopper);
			try {
				const outcome = await downloadImage({
					runId: spec.runId,
					index,
					url: spec.urls[index]!,
					prefix,
					baseName: imageBaseName(index, spec.urls.length),
					client,
					settings: spec.download,
					stopper,
					emit: context.emit,
					folder: context.folder,
					runStartedAt,
					...(work ? {afterSave: work} : {}),
				});
				return outcome.status;
			} finally {
				inFlight.delete(stopper);
			}
		},
		close() {
			context.signal.removeEventListener('abort', onAbort);
			client.close();
		},
	};
}
