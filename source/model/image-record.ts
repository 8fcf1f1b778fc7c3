import type {ErrorCode, FailedAnswer, ImagePhases} from '../engine/events.js';

export type ImageStatus = 'queued' | 'running' | 'done' | 'failed' | 'aborted';

/** One attempt that failed (retried, or the last of a failed image). Times are ms relative to the run's start. */
export type FailedAttempt = {
	/** 1-based. */
	readonly attempt: number;
	/** When the attempt began: the image's start, or a retry's after its delay. */
	readonly startMs: number;
	/** When its response headers arrived; undefined when none did. */
	readonly firstByteMs: number | undefined;
	/** The status of the answer that came, undefined when none did. */
	readonly status: number | undefined;
	/** Its reason phrase ('' when the server sent none), undefined when no answer came. */
	readonly statusText: string | undefined;
	/** The answer's body bytes that came before it failed, on the wire and decoded; undefined when no answer came. */
	readonly bodyBytes: number | undefined;
	readonly contentBytes: number | undefined;
	/** When it failed. */
	readonly endMs: number;
	readonly code: ErrorCode;
	readonly reason: string;
};

/** What is known about one image of one run. Times are ms relative to the run's start. */
export type ImageRecord = {
	readonly index: number;
	readonly url: string;
	status: ImageStatus;
	/** Attempt number in flight (1-based); 0 before start. */
	attempt: number;
	retries: number;
	transferred: number;
	/** Expected body size of the current attempt, undefined without Content-Length. */
	total: number | undefined;
	startMs: number | undefined;
	ttfbMs: number | undefined;
	/** When the current attempt's response headers arrived (relative to the run's start). */
	firstByteMs: number | undefined;
	/** Start of the current speed sample window (relative to the run's start) and bytes then. */
	sampleMs: number | undefined;
	sampleBytes: number;
	/** Current download speed in bytes per second, smoothed over the last few hundred ms; 0 before data. */
	speed: number;
	endMs: number | undefined;
	/**
	 * When the current attempt began (relative to the run's start): the image's start, then each retry's
	 * start after its delay. Lets a chart place a failed or running image's phases without the engine's.
	 */
	attemptMs: number | undefined;
	/**
	 * Where the time went, from the engine: set when done, and when failed in the work after a good
	 * download; absent when the engine did not measure it.
	 */
	phases: ImagePhases | undefined;
	/** The successful attempt reused a kept-alive connection (set when done). */
	reusedConnection: boolean | undefined;
	/** Final values, set when done. */
	path: string | undefined;
	bytes: number | undefined;
	contentType: string | undefined;
	width: number | undefined;
	height: number | undefined;
	/**
	 * The attempts that failed, in order (a HAR entry each): undefined until one does, so the thousands
	 * of images that never retry carry no list.
	 */
	failedAttempts: FailedAttempt[] | undefined;
	/** Failure (or last retry) reason. */
	code: ErrorCode | undefined;
	error: string | undefined;
	/** Downloaded, and its work (--work) waiting for a core or working on one; undefined before and after. */
	work: 'waiting' | 'working' | undefined;
	/** Done, but its work was not done, and why (no decoder for its type). */
	workSkipped: string | undefined;
};

/** A queued image that nothing has happened to yet. */
export function newImage(index: number, url: string): ImageRecord {
	return {
		index,
		url,
		status: 'queued',
		attempt: 0,
		retries: 0,
		transferred: 0,
		total: undefined,
		startMs: undefined,
		ttfbMs: undefined,
		firstByteMs: undefined,
		sampleMs: undefined,
		sampleBytes: 0,
		speed: 0,
		endMs: undefined,
		attemptMs: undefined,
		phases: undefined,
		reusedConnection: undefined,
		failedAttempts: undefined,
		path: undefined,
		bytes: undefined,
		contentType: undefined,
		width: undefined,
		height: undefined,
		code: undefined,
		error: undefined,
		work: undefined,
		workSkipped: undefined,
	};
}

/**
 * Attempt `attempt` starts over: no bytes, no speed. With `firstByte` its response headers have come
 * (time to first byte, expected size, when); without, a retry waits for them and nothing is known yet.
 */
export function beginTransfer(image: ImageRecord, attempt: number, firstByte: {readonly ttfbMs: number; readonly total: number | undefined; readonly atMs: number} | undefined): void {
	image.attempt = attempt;
	image.ttfbMs = firstByte?.ttfbMs;
	image.total = firstByte?.total;
	image.firstByteMs = firstByte?.atMs;
	image.sampleMs = firstByte?.atMs;
	image.transferred = 0;
	image.sampleBytes = 0;
	image.speed = 0;
}

/**
 * Note that the attempt in flight failed at `endMs` (before a retry resets what it knew), with the
 * server's `answer` when one came (an answer that failed the attempt at once, an HTTP error, is known only so).
 */
export function endAttempt(image: ImageRecord, endMs: number, failure: {readonly code: ErrorCode; readonly reason: string; readonly answer?: FailedAnswer}): void {
	const {code, reason, answer} = failure;
	const startMs = image.attemptMs ?? image.startMs ?? endMs;
	const firstByteMs = answer === undefined ? image.firstByteMs : Math.min(endMs, startMs + answer.ttfbMs);
	const failed: FailedAttempt = {
		attempt: Math.max(1, image.attempt),
		startMs,
		firstByteMs,
		status: answer?.status,
		statusText: answer?.statusText,
		bodyBytes: answer?.bodyBytes,
		contentBytes: answer?.contentBytes,
		endMs,
		code,
		reason,
	};
	(image.failedAttempts ??= []).push(failed);
}

/** Time constant of the speed smoothing: samples older than a few of these barely count. */
const speedTimeConstantMs = 250;
/** Shortest window a speed sample covers, so a burst of buffered bytes does not read as 200 MB/s. */
const minSampleMs = 100;

/**
 * Exponential moving average of the byte rate over windows of at least 100 ms, weighted by the time
 * each window covers. O(1). The speed stays 0 (unknown) until the first window closes.
 */
export function updateSpeed(image: ImageRecord, transferred: number, relative: number): void {
	if (image.sampleMs === undefined) {
		image.sampleMs = relative;
		image.sampleBytes = transferred;
		return;
	}

	const elapsed = relative - image.sampleMs;
	if (elapsed < minSampleMs) {
		return;
	}

	const instant = (Math.max(0, transferred - image.sampleBytes) / elapsed) * 1000;
	const weight = 1 - Math.exp(-elapsed / speedTimeConstantMs);
	image.speed = image.speed === 0 ? instant : image.speed + (weight * (instant - image.speed));
	image.sampleMs = relative;
	image.sampleBytes = transferred;
}

/** Per-image durations (start to end) of the finished images, for statistics. */
export function imageDurations(images: readonly ImageRecord[]): number[] {
	const durations: number[] = [];
	for (const image of images) {
		if (image.status === 'done' && image.startMs !== undefined && image.endMs !== undefined) {
			durations.push(image.endMs - image.startMs);
		}
	}

	return durations;
}

/** Times to first byte of the finished images. */
export function imageTtfbs(images: readonly ImageRecord[]): number[] {
	const values: number[] = [];
	for (const image of images) {
		if (image.status === 'done' && image.ttfbMs !== undefined) {
			values.push(image.ttfbMs);
		}
	}

	return values;
}
