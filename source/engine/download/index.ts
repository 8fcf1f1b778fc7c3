// Downloads one image, with retries: the loop of attempts and the events it emits (the policy is retry-policy.ts, one attempt attempt.ts, its side of the request receiver.ts, the body's path to disk body-sink.ts).
import {asImageCode, imgraceCode} from '../../errors.js';
import {DownloadError} from '../errors.js';
import type {FailedAnswer, ImagePhases} from '../events.js';
import {isOutOfDescriptors} from '../fd-budget.js';
import {removeFile} from '../file-io.js';
import type {StopSwitch} from '../stop-switch.js';
import {attemptOnce, type AttemptFailure} from './attempt.js';
import type {AfterSave, DownloadOutcome, ImageTask, Saved, StopReason} from './job.js';
import {descriptorWait, retryDelay} from './retry-policy.js';

export type {AfterSave, DownloadOutcome, ImageTask, SavedImage, StopReason} from './job.js';
export {memoryBound} from './body-sink.js';
export {backoff} from './retry-policy.js';

/** Stale kept-alive sockets one image may meet in a row before its failure counts (curl's CONN_MAX_RETRIES). */
const maxStaleSockets = 5;

/**
 * Download one image with retries: emits image-started, then per attempt first-byte/progress,
 * image-retried between attempts, and finally image-done or image-failed. Never throws.
 */
export async function downloadImage(task: ImageTask): Promise<DownloadOutcome> {
	const {settings, emit, runId, index, url, stopper} = task;
	const started = performance.now();
	emit({type: 'image-started', runId, at: started, index, url});
	// Read through a function: TypeScript would otherwise narrow it as if the switch never flipped.
	const stopReason = (): StopReason | undefined => stopper.reason;
	// One deadline for all attempts, backoff and the work after: --max-time bounds what a user waits for one image.
	const deadline = setTimeout(() => {
		stopper.stop('max-time');
	}, settings.maxTimeMs);
	// A kept-alive socket the server had closed fails the request before any answer: sent again, as curl
	// and browsers do, and not counted as a retry. The pool may hand over another socket the server has
	// closed too (a server whose idle timeout ended several at once), so up to curl's five times
	// (CONN_MAX_RETRIES); a failure on a fresh connection is never stale, so this ends anyway.
	let staleSockets = 0;
	try {
		let attemptStartedAt = started;
		for (let attempt = 1; ; attempt++) {
			let failure: AttemptFailure;
			try {
				const saved = await attemptOnce(task, attempt, attemptStartedAt);
				if (task.afterSave) {
					return await workOn(task, saved, started, attempt);
				}

				emitDone(task, saved, started, attempt);
				return {status: 'done', bytes: saved.bytes};
			} catch (caught) {
				failure = caught as AttemptFailure;
			}

			const stopped = stopReason();
			if (stopped === 'run-aborted') {
				return {status: 'aborted'};
			}

			if (stopped === 'max-time') {
				return failed(task, DownloadError.gaveUp(settings.maxTimeMs), attempt - 1, started);
			}

			if ((isOutOfDescriptors(failure.error.cause) || (failure.staleSocket && staleSockets < maxStaleSockets))) {
				// No descriptor for the socket (back-pressure, not a failed attempt: wait a moment, bounded by
				// --max-time), or a stale kept-alive socket: the same attempt again.
				staleSockets += failure.staleSocket ? 1 : 0;
				await pause(stopper, failure.staleSocket ? 0 : descriptorWait());
				attempt--;
				continue;
			}

			const elapsed = performance.now() - started;
			const delay = retryDelay(failure.error, attempt, elapsed, settings);
			if (delay === undefined) {
				return failed(task, failure.error, attempt - 1, started, {answer: failure.answer});
			}

			emit({type: 'image-retried', runId, at: performance.now(), index, attempt: attempt + 1, code: failure.error.code, reason: failure.error.message, ...hintOf(failure.error), ...answerOf(failure), delayMs: delay});
			await pause(stopper, delay);
			attemptStartedAt = performance.now();
		}
	} finally {
		clearTimeout(deadline);
		stopper.clear();
	}
}

/** The image failed: `how` it ended, when known (its phases, if its download went well; its last attempt's answer). */
function failed(task: ImageTask, error: DownloadError, retries: number, started: number, how: {phases?: ImagePhases; answer?: FailedAnswer; at?: number} = {}): DownloadOutcome {
	const {phases, at = performance.now()} = how;
	const stopped = task.stopper.reason;
	if (stopped === 'run-aborted') {
		return {status: 'aborted'};
	}

	// Stopped at --max-time while an attempt or the work was under way: that is what the user is told.
	const named = stopped === 'max-time' && error.code !== 'ERR_IMGRACE_TIMEOUT' ? DownloadError.gaveUp(task.settings.maxTimeMs) : error;
	task.emit({type: 'image-failed', runId: task.runId, at, index: task.index, url: task.url, code: named.code, reason: named.message, ...hintOf(named), retries, totalMs: at - started, ...answerOf(how), ...(phases ? {phases} : {})});
	return {status: 'failed'};
}

/**
 * The work after the download, as its own phase. Its failure fails the image, never retried: it is
 * not the download that went wrong, and downloading again would only repeat the same work.
 */
async function workOn(task: ImageTask, saved: Saved, started: number, attempt: number): Promise<DownloadOutcome> {
	const {runId, index, stopper} = task;
	const workStarted = performance.now();
	let workingAt: number | undefined;
	let waited = false;
	const stage = (name: 'waiting' | 'working', at = performance.now()) => {
		waited ||= name === 'waiting';
		if (name === 'working') {
			workingAt ??= Math.max(workStarted, at);
		}

		task.emit({type: 'image-work', runId, at: performance.now(), index, stage: name});
	};

	// The image's stop (run aborted, --max-time) as a signal the work can hand on (to a pool's task).
	const stop = new AbortController();
	if (stopper.stopped) {
		stop.abort();
	}

	stopper.onStop(() => {
		stop.abort();
	});
	let outcome: Awaited<ReturnType<AfterSave>>;
	try {
		outcome = await task.afterSave!({runId, index, path: saved.path, folder: task.folder, body: saved.body, stage, signal: stop.signal});
	} catch (caught) {
		if (task.stopper.reason === 'run-aborted') {
			// Downloaded, but the run was stopped before its work was done: the image counts as aborted, so
			// nothing of it stays (its file without its thumbnail would be neither done nor gone). It is this
			// run's own file, placed moments ago; a name gone from the folder drops out of the manifest.
			await removeFile(saved.path);
			return {status: 'aborted'};
		}

		const code = imgraceCode(caught);
		const error = caught instanceof DownloadError ? caught : DownloadError.workFailed(asImageCode(code), caught instanceof Error ? caught.message : String(caught), caught);
		// The download went well: its phases and the work's, not one span of failed attempts. One reading of
		// the clock for both the phases' end and the event's: a collection between two readings (2.8 ms,
		// under load) left the phases short of the image's time.
		const end = performance.now();
		return failed(task, error, attempt - 1, started, {phases: imagePhases(saved, task.runStartedAt, started, {startedAt: workStarted, workingAt: waited ? (workingAt ?? workStarted) : workStarted}, end), at: end});
	}

	const skipped = outcome && 'skipped' in outcome ? outcome.skipped : undefined;
	const ownMs = outcome && 'workMs' in outcome ? outcome.workMs : undefined;
	emitDone(task, saved, started, attempt, {startedAt: workStarted, workingAt: waited ? (workingAt ?? workStarted) : workStarted, ...(ownMs === undefined ? {} : {ownMs}), skipped});
	return {status: 'done', bytes: saved.bytes};
}

function emitDone(task: ImageTask, saved: Saved, started: number, attempt: number, work?: WorkTimes & {skipped: string | undefined}): void {
	const at = performance.now();
	task.emit({
		type: 'image-done',
		runId: task.runId,
		at,
		index: task.index,
		url: task.url,
		bytes: saved.bytes,
		path: saved.path,
		contentType: saved.contentType,
		width: saved.width,
		height: saved.height,
		ttfbMs: saved.times.firstByteAt - saved.times.startedAt,
		totalMs: at - started,
		retries: attempt - 1,
		phases: imagePhases(saved, task.runStartedAt, started, work, at),
		reusedConnection: saved.times.reusedConnection,
		...(work?.skipped === undefined ? {} : {workSkipped: work.skipped}),
	});
}

/**
 * When the work after the download began, when it was working (after a pool's queue), and, where the work
 * measured it, its own time (`ownMs`: on a thread shared with other images' work, its span is mostly theirs).
 */
type WorkTimes = {readonly startedAt: number; readonly workingAt: number; readonly ownMs?: number};

/**
 * The download's phases until the work began (or `end`, without work), then the work's until `end`: its
 * own time, and the rest its queue (a pool's, or its waits on a thread shared with other images' work).
 */
function imagePhases(saved: Saved, runStartedAt: number, started: number, work: WorkTimes | undefined, end: number): ImagePhases {
	const download = phasesOf(saved, runStartedAt, started, work?.startedAt ?? end);
	if (work === undefined) {
		return download;
	}

	const own = Math.min(work.ownMs ?? end - work.workingAt, end - work.workingAt);
	const queued = end - work.startedAt - own;
	return {...download, ...(queued > 0 ? {workQueuedMs: queued} : {}), thumbnailMs: own};
}

/**
 * Cut the image's time from the run's start to `end` into consecutive phases, so they add up: each
 * boundary is held at or after the one before it (a client's marks can come a tick out of order).
 */
export function phasesOf({times}: Pick<Saved, 'times'>, runStartedAt: number, imageStartedAt: number, end: number): ImagePhases {
	const boundaries = [runStartedAt, imageStartedAt, times.startedAt, times.socketAt, times.connectedAt, times.sentAt, times.firstByteAt, times.lastByteAt, end];
	for (let at = 1; at < boundaries.length; at++) {
		boundaries[at] = Math.max(boundaries[at]!, boundaries[at - 1]!);
	}

	const span = (at: number) => boundaries[at + 1]! - boundaries[at]!;
	return {queuedMs: span(0), retryMs: span(1), setupMs: span(2), connectMs: span(3), sendMs: span(4), waitMs: span(5), receiveMs: span(6), writeMs: span(7)};
}

/** The answer field only when an answer came. */
function answerOf({answer}: {answer?: FailedAnswer}): {answer?: FailedAnswer} {
	return answer === undefined ? {} : {answer};
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
