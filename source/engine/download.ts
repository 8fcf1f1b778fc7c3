import type {Request} from 'got';
import type {DownloadSettings} from './controller-types.js';
import {DownloadError, classifyError, truncatedError} from './errors.js';
import {isOutOfDescriptors} from './fd-budget.js';
import type {EventListener} from './events.js';
import type {FolderGuard} from './folder-guard.js';
import {closeFile, openNewFile, removeFile, renameFile, writeAll, writeNewFile} from './file-io.js';
import type {ImageInfo} from './image-check.js';
import {ImageScanner} from './image-scan.js';
import type {StopSwitch} from './stop-switch.js';

/**
 * Bodies up to this size are held in memory and written with one call (fewer syscalls per file);
 * larger ones spill to the temp file and stream. Memory stays bounded by slots × this. The image check
 * does not depend on it: every byte passes through an ImageScanner as it arrives (image-scan.ts).
 */
export const memoryBound = 256 * 1024;

/** Progress events per image are coalesced to at most one per this many ms. */
const progressIntervalMs = 50;

export type DownloadJob = {
	readonly runId: string;
	readonly index: number;
	readonly url: string;
	/** Folder to write into, with a trailing path separator. */
	readonly outDir: string;
	/** Final file name without extension ("007"); the extension comes from the detected type. */
	readonly baseName: string;
	/** Starts one GET as a got stream (http-client.ts). */
	readonly request: (url: string) => Request;
	readonly settings: DownloadSettings;
	/**
	 * This image's stop switch, owned by the controller: stopping it ('run-aborted') ends the download
	 * and removes its temp file. The download stops it itself at --max-time.
	 */
	readonly stopper: StopSwitch<StopReason>;
	readonly emit: EventListener;
	/** Which names in the folder may be replaced; told of every file written. */
	readonly folder: FolderGuard;
};

export type DownloadOutcome =
	| {readonly status: 'done'; readonly bytes: number}
	| {readonly status: 'failed'}
	| {readonly status: 'aborted'};

type Saved = ImageInfo & {readonly bytes: number; readonly path: string; readonly ttfbMs: number};

/** Why an image was stopped, so the error can be named correctly. */
export type StopReason = 'run-aborted' | 'max-time';

/**
 * Download one image with retries: emits image-started, then per attempt first-byte/progress,
 * image-retried between attempts, and finally image-done or image-failed. Never throws.
 */
export async function downloadImage(job: DownloadJob): Promise<DownloadOutcome> {
	const {settings, emit, runId, index, url} = job;
	const started = performance.now();
	emit({type: 'image-started', runId, at: started, index, url});

	const {stopper} = job;
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
				emit({
					type: 'image-done',
					runId,
					at: performance.now(),
					index,
					url,
					bytes: saved.bytes,
					path: saved.path,
					contentType: saved.contentType,
					width: saved.width,
					height: saved.height,
					ttfbMs: saved.ttfbMs,
					totalMs: performance.now() - started,
					retries: attempt - 1,
				});
				return {status: 'done', bytes: saved.bytes};
			} catch (caught) {
				if (isOutOfDescriptors(caught) && stopReason() === undefined) {
					// No descriptor for the socket: back-pressure, not a failed attempt. Wait a moment
					// (bounded by --max-time, which stops the switch) and make the same attempt again.
					await pause(stopper, 20 + Math.floor(Math.random() * 30));
					attempt--;
					continue;
				}

				error = nameError(caught, stopReason(), settings);
			}

			if (stopReason() === 'run-aborted') {
				return {status: 'aborted'};
			}

			const elapsed = performance.now() - started;
			const delay = Math.min(error.retryAfterMs ?? backoff(attempt), settings.maxRetryDelayMs);
			const worthRetrying = error.retryable && attempt <= settings.retries && elapsed + delay < settings.maxTimeMs;
			if (!worthRetrying) {
				emit({type: 'image-failed', runId, at: performance.now(), index, url, code: error.code, reason: error.message, retries: attempt - 1, totalMs: elapsed});
				return {status: 'failed'};
			}

			emit({type: 'image-retried', runId, at: performance.now(), index, attempt: attempt + 1, code: error.code, reason: error.message, delayMs: delay});
			await pause(stopper, delay);

			if (stopReason() === 'run-aborted') {
				return {status: 'aborted'};
			}

			if (stopReason() === 'max-time') {
				const timedOut = nameError(undefined, 'max-time', settings);
				emit({type: 'image-failed', runId, at: performance.now(), index, url, code: timedOut.code, reason: timedOut.message, retries: attempt, totalMs: performance.now() - started});
				return {status: 'failed'};
			}
		}
	} finally {
		clearTimeout(deadline);
		stopper.clear();
	}
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

/** Exponential backoff with a little jitter so retries of many images don't arrive in lockstep. */
export function backoff(attempt: number): number {
	return (250 * (2 ** (attempt - 1))) + Math.floor(Math.random() * 100);
}

function nameError(caught: unknown, stopReason: StopReason | undefined, settings: DownloadSettings): DownloadError {
	if (stopReason === 'run-aborted') {
		return new DownloadError('ERR_IMGRACE_ABORTED', 'aborted', false);
	}

	if (stopReason === 'max-time') {
		return new DownloadError('ERR_IMGRACE_TIMEOUT', `gave up after ${Math.round(settings.maxTimeMs / 1000)}s`, false);
	}

	return classifyError(caught);
}

/**
 * One HTTP attempt: receive the body (in memory up to `memoryBound`, then into a temp file), check that
 * it is a complete image, and rename it into place. On any failure the temp file is removed.
 *
 * The body is read from 'data' events rather than `for await`: the async iterator costs a promise and
 * a 'readable' round trip per chunk, which at thousands of images a second shows in the profile.
 */
async function attemptOnce(job: DownloadJob, attempt: number): Promise<Saved> {
	const {emit, runId, index, settings, stopper} = job;
	const attemptStart = performance.now();
	if (stopper.stopped) {
		throw new DownloadError('ERR_IMGRACE_ABORTED', 'aborted', false);
	}

	// No per-request options: everything is bound once per run in the got instance (http-client.ts).
	const request = job.request(job.url);
	// An attempt stops by destroying its request: when the image stops (run aborted, --max-time) or on
	// the idle timeout, which ends this attempt only, not the image. (Cheaper than an AbortController
	// per attempt handed to got, which merges it into a fresh options object and listens on it.)
	let stopped = false;
	const stop = () => {
		if (!stopped) {
			stopped = true;
			request.destroy(new DownloadError('ERR_IMGRACE_ABORTED', 'aborted', false));
		}
	};

	stopper.onStop(stop);
	let idleTimedOut = false;
	const idle = setTimeout(() => {
		idleTimedOut = true;
		stop();
	}, settings.idleTimeoutMs);

	const tempPath = `${job.outDir}.imgrace-${runId}-${index}-${attempt}.part`;
	// The temp file once the body outgrew memoryBound; `tempCreated` says whether to remove it.
	const spill: {fd: number | undefined; tempCreated: boolean} = {fd: undefined, tempCreated: false};
	// Writes of a spilled body, one after the other; the response is paused while any is pending.
	let writes: Promise<void> | undefined;
	try {
		let total: number | undefined;
		let ttfbMs = 0;
		request.once('response', (response: {headers: Record<string, string | string[] | undefined>}) => {
			ttfbMs = performance.now() - attemptStart;
			const length = response.headers['content-length'];
			total = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : undefined;
			const contentType = response.headers['content-type'];
			emit({type: 'image-first-byte', runId, at: performance.now(), index, attempt, ttfbMs, total, contentType: typeof contentType === 'string' ? contentType : undefined});
			if (total !== undefined && total > settings.maxSize) {
				request.destroy(tooBig(settings.maxSize));
			}
		});

		// Chunks are Buffers on Node's HTTP path today, but got 16 moved its binary bodies to
		// Uint8Array: only Uint8Array features are relied on here.
		let chunks: Uint8Array[] = [];
		let transferred = 0;
		const scanner = new ImageScanner(memoryBound);
		let lastProgress = 0;
		// Bytes in the last progress event, so a body that arrived in one chunk isn't reported twice.
		let reported = -1;
		await new Promise<void>((resolve, reject) => {
			let settled = false;
			let ended = false;
			let pendingWrites = 0;
			const fail = (error: unknown) => {
				if (!settled) {
					settled = true;
					// Stop at once (as leaving a for-await loop would): no more bytes for a failed attempt.
					request.destroy();
					reject(error);
				}
			};

			const finish = () => {
				if (!settled) {
					settled = true;
					resolve();
				}
			};

			const enqueueWrite = (work: () => Promise<void>) => {
				pendingWrites++;
				request.pause();
				// Once the attempt has failed, queued writes are skipped.
				writes = (writes ?? Promise.resolve()).then(async () => settled ? undefined : work()).then(() => {
					if (--pendingWrites === 0 && !settled) {
						request.resume();
					}
				});
				writes.catch(fail);
			};

			request.on('data', (chunk: Uint8Array) => {
				if (settled) {
					return;
				}

				idle.refresh();
				transferred += chunk.length;
				if (transferred > settings.maxSize) {
					// Stop at the limit rather than after downloading the whole oversized body.
					fail(tooBig(settings.maxSize));
					return;
				}

				try {
					scanner.push(chunk);
				} catch (error) {
					// Not an image: stop before anything (more) is written.
					fail(error);
					return;
				}

				if (writes) {
					enqueueWrite(async () => writeAll(spill.fd!, chunk));
				} else {
					chunks.push(chunk);
					if (transferred > memoryBound) {
						const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
						chunks = [];
						enqueueWrite(async () => {
							spill.fd = await openNewFile(tempPath);
							spill.tempCreated = true;
							await writeAll(spill.fd, head);
						});
					}
				}

				const now = performance.now();
				if (now - lastProgress >= progressIntervalMs) {
					lastProgress = now;
					reported = transferred;
					emit({type: 'image-progress', runId, at: now, index, transferred, total});
				}
			});
			request.once('end', () => {
				ended = true;
				if (writes) {
					writes.then(finish, fail);
				} else {
					finish();
				}
			});
			request.once('error', fail);
			request.once('close', () => {
				if (!ended) {
					fail(Object.assign(new Error('Premature close'), {code: 'ERR_STREAM_PREMATURE_CLOSE'}));
				}
			});
		});

		// got 16 already fails a short body (strictContentLength); this stays so that a complete-looking
		// body is never kept whatever the client's settings.
		if (total !== undefined && transferred !== total) {
			throw truncatedError(transferred, total);
		}

		// Complete and an image, or it is not kept: a cut-off body is ERR_IMGRACE_TRUNCATED (retryable)
		// even where no Content-Length said how long it should have been.
		const info = scanner.finish();
		if (spill.fd === undefined) {
			const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
			spill.tempCreated = true;
			await writeNewFile(tempPath, body);
		} else {
			const {fd} = spill;
			// Forget the descriptor before closing: a failed close must not be retried on a reused number.
			spill.fd = undefined;
			await closeFile(fd);
		}

		// The final count, unless the last progress event said exactly this already.
		if (reported !== transferred || total === undefined) {
			emit({type: 'image-progress', runId, at: performance.now(), index, transferred, total: total ?? transferred});
		}

		const finalPath = `${job.outDir}${job.baseName}.${info.extension}`;
		// The run may have been stopped while the last bytes were written; don't publish then.
		if (stopped) {
			throw new DownloadError('ERR_IMGRACE_ABORTED', 'aborted', false);
		}

		const finalName = `${job.baseName}.${info.extension}`;
		const refusal = await job.folder.refusal(finalName);
		if (refusal !== undefined) {
			throw new DownloadError('ERR_IMGRACE_WRITE', refusal, false);
		}

		await renameFile(tempPath, finalPath);
		spill.tempCreated = false;
		job.folder.claim(finalName);
		return {...info, bytes: transferred, path: finalPath, ttfbMs};
	} catch (error) {
		// An idle timeout ends this attempt only (retryable); the image's own stops are named by the caller.
		if (idleTimedOut && !stopper.stopped) {
			throw new DownloadError('ERR_IMGRACE_IDLE_TIMEOUT', `no data for ${Math.round(settings.idleTimeoutMs / 1000)}s`, true, undefined, {cause: error});
		}

		throw error;
	} finally {
		clearTimeout(idle);
		stopper.clear();
		// A write (or the temp file's open) may still be in flight after a failure: let it land first.
		await writes?.catch(() => undefined);
		if (spill.fd !== undefined) {
			await closeFile(spill.fd).catch(() => undefined);
		}

		if (spill.tempCreated) {
			await removeFile(tempPath);
		}
	}
}

function tooBig(limit: number): DownloadError {
	return new DownloadError('ERR_IMGRACE_TOO_BIG', `larger than --max-size (${limit} bytes)`, false);
}
