// Downloads one image, with retries: the loop of attempts and the events it emits (the policy is retry-policy.ts, one attempt attempt.ts, the body's path to disk body-sink.ts).
import type {DownloadSettings} from '../controller-types.js';
import {classifyError} from '../classify-error.js';
import {DownloadError} from '../errors.js';
import type {ErrorCode, ImagePhases} from '../events.js';
import {isOutOfDescriptors} from '../fd-budget.js';
import type {StopSwitch} from '../stop-switch.js';
import {attemptOnce} from './attempt.js';
import type {DownloadJob, DownloadOutcome, Saved, StopReason} from './job.js';
import {descriptorWait, retryDelay} from './retry-policy.js';

export type {AfterSave, DownloadJob, DownloadOutcome, SavedImage, StopReason} from './job.js';
export {memoryBound} from './body-sink.js';
export {backoff} from './retry-policy.js';

/**
 * Download one image with retries: emits image-started, then per attempt first-byte/progress,
 * image-retried between attempts, and finally image-done or image-failed. Never throws.
 */
export async function downloadImage(job: DownloadJob): Promise<DownloadOutcome> {
	const {settings, emit, runId, index, url, stopper} = job;
	const started = performance.now();
	emit({type: 'image-started', runId, at: started, index, url});
	// Read through a function: TypeScript would otherwise narrow it as if the switch never flipped.
	const stopReason = (): StopReason | undefined => stopper.reason;
	// One deadline for all attempts and backoff: --max-time bounds what a user waits for one image.
	const deadline = setTimeout(() => {
		stopper.stop('max-time');
	}, settings.maxTimeMs);

	try {
		for (let attempt = 1; ; attempt++) {
			let error: DownloadError;
			try {
				const saved = await attemptOnce(job, attempt);
				if (job.afterSave) {
					return await workOn(job, saved, started, attempt, stopReason);
				}

				emitDone(job, saved, started, attempt);
				return {status: 'done', bytes: saved.bytes};
			} catch (caught) {
				if (isOutOfDescriptors(caught) && stopReason() === undefined) {
					// No descriptor for the socket: back-pressure, not a failed attempt. Wait a moment
					// (bounded by --max-time, which stops the switch) and make the same attempt again.
					await pause(stopper, descriptorWait());
					attempt--;
					continue;
				}

				error = nameError(caught, stopReason(), settings);
			}

			if (stopReason() === 'run-aborted') {
				return {status: 'aborted'};
			}

			const elapsed = performance.now() - started;
			const delay = retryDelay(error, attempt, elapsed, settings);
			if (delay === undefined) {
				emit({type: 'image-failed', runId, at: performance.now(), index, url, code: error.code, reason: error.message, ...hintOf(error), retries: attempt - 1, totalMs: elapsed});
				return {status: 'failed'};
			}

			emit({type: 'image-retried', runId, at: performance.now(), index, attempt: attempt + 1, code: error.code, reason: error.message, ...hintOf(error), delayMs: delay});
			await pause(stopper, delay);
			const stopped = stopReason();
			if (stopped === 'run-aborted') {
				return {status: 'aborted'};
			}

			if (stopped === 'max-time') {
				const timedOut = DownloadError.gaveUp(settings.maxTimeMs);
				emit({type: 'image-failed', runId, at: performance.now(), index, url, code: timedOut.code, reason: timedOut.message, retries: attempt, totalMs: performance.now() - started});
				return {status: 'failed'};
			}
		}
	} finally {
		clearTimeout(deadline);
		stopper.clear();
	}
}

/**
 * The work after the download, as its own phase. Its failure fails the image, never retried: it is
 * not the download that went wrong, and downloading again would only repeat the same work.
 */
async function workOn(job: DownloadJob, saved: Saved, started: number, attempt: number, stopReason: () => StopReason | undefined): Promise<DownloadOutcome> {
	const {runId, index, url, stopper} = job;
	const workStarted = performance.now();
	try {
		await job.afterSave!({runId, index, path: saved.path, folder: job.folder, signal: {get aborted() {
			return stopper.stopped;
		}}});
	} catch (caught) {
		const stopped = stopReason();
		if (stopped === 'run-aborted') {
			return {status: 'aborted'};
		}

		const error = stopped === 'max-time' ? DownloadError.gaveUp(job.settings.maxTimeMs) : undefined;
		const code = error?.code ?? workErrorCode(caught);
		const reason = error?.message ?? (caught instanceof Error ? caught.message : String(caught));
		job.emit({type: 'image-failed', runId, at: performance.now(), index, url, code, reason, retries: attempt - 1, totalMs: performance.now() - started});
		return {status: 'failed'};
	}

	emitDone(job, saved, started, attempt, performance.now() - workStarted);
	return {status: 'done', bytes: saved.bytes};
}

/** The work's own code when it gave one of imgrace's (ERR_IMGRACE_WRITE for a refused name, say). */
function workErrorCode(caught: unknown): ErrorCode {
	const code = (caught as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' && /^ERR_IMGRACE_[A-Z_]+$/.test(code) ? code as ErrorCode : 'ERR_IMGRACE_THUMBNAIL';
}

function emitDone(job: DownloadJob, saved: Saved, started: number, attempt: number, workMs?: number): void {
	const at = performance.now();
	const downloaded = workMs === undefined ? at : at - workMs;
	job.emit({
		type: 'image-done',
		runId: job.runId,
		at,
		index: job.index,
		url: job.url,
		bytes: saved.bytes,
		path: saved.path,
		contentType: saved.contentType,
		width: saved.width,
		height: saved.height,
		ttfbMs: saved.ttfbMs,
		totalMs: at - started,
		retries: attempt - 1,
		phases: {...phasesOf(saved, job.runStartedAt ?? started, started, downloaded), ...(workMs === undefined ? {} : {thumbnailMs: workMs})},
		reusedConnection: saved.times.reusedConnection,
	});
}

/** Cut the image's time from the run's start to `end` into consecutive phases, so they add up. */
function phasesOf({times}: Saved, runStartedAt: number, imageStartedAt: number, end: number): ImagePhases {
	return {
		queuedMs: imageStartedAt - runStartedAt,
		retryMs: times.startedAt - imageStartedAt,
		connectMs: times.connectedAt - times.startedAt,
		ttfbMs: times.firstByteAt - times.connectedAt,
		transferMs: times.lastByteAt - times.firstByteAt,
		writeMs: end - times.lastByteAt,
	};
}

/** The hint field only when there is one, so events without it stay as they were. */
function hintOf(error: DownloadError): {hint?: DownloadError['hint']} {
	return error.hint === undefined ? {} : {hint: error.hint};
}

/** Wait `ms`, or less if the image is stopped meanwhile. */
async function pause(stopper: StopSwitch<StopReason>, ms: number): Promise<void> {
	if (stopper.stopped) {
		return;
	}

	await new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		stopper.onStop(() => {
			clearTimeout(timer);
			resolve();
		});
	});
	stopper.clear();
}

function nameError(caught: unknown, stopReason: StopReason | undefined, settings: DownloadSettings): DownloadError {
	if (stopReason === 'run-aborted') {
		return DownloadError.aborted();
	}

	if (stopReason === 'max-time') {
		return DownloadError.gaveUp(settings.maxTimeMs);
	}

	return classifyError(caught);
}
