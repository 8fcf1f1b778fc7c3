import type {EngineEvent, ErrorCode, StrategyName} from '../engine/events.js';

export type ImageStatus = 'queued' | 'running' | 'done' | 'failed' | 'aborted';

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
	/** Final values, set when done. */
	path: string | undefined;
	bytes: number | undefined;
	contentType: string | undefined;
	width: number | undefined;
	height: number | undefined;
	/** Failure (or last retry) reason. */
	code: ErrorCode | undefined;
	error: string | undefined;
};

export type RunState = 'running' | 'done' | 'aborted';

export type RunRecord = {
	readonly runId: string;
	readonly strategy: StrategyName;
	readonly concurrency: number;
	/** The concurrency the open-file limit lowered, and that limit, when it did. */
	readonly cappedFrom?: number;
	readonly openFileLimit?: number;
	readonly outDir: string;
	/** Monotonic timestamp of run-started; image times are relative to it. */
	readonly startedAt: number;
	state: RunState;
	/** Set when the run ends; until then consumers compute elapsed from startedAt. */
	wallMs: number | undefined;
	ok: number;
	failed: number;
	bytes: number;
	/** Images in flight right now. */
	active: number;
	readonly images: ImageRecord[];
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
		path: undefined,
		bytes: undefined,
		contentType: undefined,
		width: undefined,
		height: undefined,
		code: undefined,
		error: undefined,
	};
}

/** Start a record from a run-started event. */
export function createRunRecord(event: Extract<EngineEvent, {type: 'run-started'}>): RunRecord {
	return {
		runId: event.runId,
		strategy: event.strategy,
		concurrency: event.concurrency,
		...(event.cappedFrom === undefined ? {} : {cappedFrom: event.cappedFrom, openFileLimit: event.openFileLimit}),
		outDir: event.outDir,
		startedAt: event.at,
		state: 'running',
		wallMs: undefined,
		ok: 0,
		failed: 0,
		bytes: 0,
		active: 0,
		images: event.urls.map((url, index) => newImage(index, url)),
	};
}

/**
 * Fold one event of this run into the record, in place and in O(1): progress events arrive for every
 * image many times a second, and copying thousands of rows per event would make the consumer the
 * bottleneck. Consumers that need immutability (React) take a snapshot on their own tick.
 * Events of another run are ignored. Returns the same record for chaining.
 */
export function applyEvent(record: RunRecord, event: EngineEvent): RunRecord {
	if (event.runId !== record.runId) {
		return record;
	}

	const relative = event.at - record.startedAt;
	switch (event.type) {
		case 'run-started':
		case 'image-queued': {
			break;
		}

		case 'image-started': {
			const image = record.images[event.index];
			if (image) {
				image.status = 'running';
				image.attempt = 1;
				image.startMs = relative;
				record.active++;
			}

			break;
		}

		case 'image-first-byte': {
			const image = record.images[event.index];
			if (image) {
				image.attempt = event.attempt;
				image.ttfbMs = event.ttfbMs;
				image.total = event.total;
				image.transferred = 0;
				image.firstByteMs = relative;
				image.sampleMs = relative;
				image.sampleBytes = 0;
				image.speed = 0;
			}

			break;
		}

		case 'image-progress': {
			const image = record.images[event.index];
			if (image) {
				updateSpeed(image, event.transferred, relative);
				image.transferred = event.transferred;
				image.total = event.total;
			}

			break;
		}

		case 'image-retried': {
			const image = record.images[event.index];
			if (image) {
				image.retries = event.attempt - 1;
				image.attempt = event.attempt;
				image.code = event.code;
				image.error = event.reason;
				image.transferred = 0;
				image.total = undefined;
				image.ttfbMs = undefined;
				image.firstByteMs = undefined;
				image.sampleMs = undefined;
				image.sampleBytes = 0;
				image.speed = 0;
			}

			break;
		}

		case 'image-done': {
			const image = record.images[event.index];
			if (image) {
				if (image.status === 'running') {
					record.active--;
				}

				image.status = 'done';
				image.endMs = relative;
				image.path = event.path;
				image.bytes = event.bytes;
				image.transferred = event.bytes;
				image.total = event.bytes;
				image.contentType = event.contentType;
				image.width = event.width;
				image.height = event.height;
				image.ttfbMs = event.ttfbMs;
				image.retries = event.retries;
				image.code = undefined;
				image.error = undefined;
				record.ok++;
				record.bytes += event.bytes;
			}

			break;
		}

		case 'image-failed': {
			const image = record.images[event.index];
			if (image) {
				if (image.status === 'running') {
					record.active--;
				}

				image.status = 'failed';
				image.endMs = relative;
				image.retries = event.retries;
				image.code = event.code;
				image.error = event.reason;
				record.failed++;
			}

			break;
		}

		case 'run-finished':
		case 'run-aborted': {
			record.state = event.type === 'run-finished' ? 'done' : 'aborted';
			record.wallMs = event.wallMs;
			if (event.type === 'run-aborted') {
				for (const image of record.images) {
					if (image.status === 'running' || image.status === 'queued') {
						image.status = 'aborted';
					}
				}

				record.active = 0;
			}

			break;
		}
	}

	return record;
}

/** Time constant of the speed smoothing: samples older than a few of these barely count. */
const speedTimeConstantMs = 250;
/** Shortest window a speed sample covers, so a burst of buffered bytes does not read as 200 MB/s. */
const minSampleMs = 100;

/**
 * Exponential moving average of the byte rate over windows of at least 100 ms, weighted by the time
 * each window covers. O(1). The speed stays 0 (unknown) until the first window closes.
 */
function updateSpeed(image: ImageRecord, transferred: number, relative: number): void {
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
export function imageDurations(record: RunRecord): number[] {
	const durations: number[] = [];
	for (const image of record.images) {
		if (image.status === 'done' && image.startMs !== undefined && image.endMs !== undefined) {
			durations.push(image.endMs - image.startMs);
		}
	}

	return durations;
}

/** Times to first byte of the finished images. */
export function imageTtfbs(record: RunRecord): number[] {
	const values: number[] = [];
	for (const image of record.images) {
		if (image.status === 'done' && image.ttfbMs !== undefined) {
			values.push(image.ttfbMs);
		}
	}

	return values;
}
