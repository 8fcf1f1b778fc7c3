import type {EngineEvent, SlotCap, StrategyName} from '../engine/events.js';
import type {ClientName, StrategyRole} from '../engine/names.js';
import {beginTransfer, endAttempt, newImage, updateSpeed, type ImageRecord} from './image-record.js';
import {RowIndex} from './row-index.js';

export type {FailedAttempt, ImageRecord, ImageStatus} from './image-record.js';
export {imageDurations, imageTtfbs, newImage} from './image-record.js';

export type RunState = 'running' | 'done' | 'aborted';

export type RunRecord = {
	readonly runId: string;
	readonly strategy: StrategyName;
	/** What the strategy stands for in the verdict (never its name). */
	readonly role: StrategyRole;
	/** The HTTP client the run went through. */
	readonly client: ClientName;
	/** Downloads at once. */
	readonly concurrency: number;
	/** The concurrency a limit of the machine lowered, and which limit (the open-file limit's value too), when one did. */
	readonly cappedFrom?: number;
	readonly cappedBy?: SlotCap;
	readonly openFileLimit?: number;
	readonly outDir: string;
	/** The work after each download ('download': none, 'thumbnail'). */
	readonly work: string;
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
	/** The run's pool of workers (threads, processes, the pipeline's cores), once it said it was starting; ready when its start-up is over. */
	workers: {readonly count: number; readonly ready: boolean} | undefined;
	/** What the run cost (RunCosts), set when it ends; undefined until then or if the engine did not say. */
	startupMs: number | undefined;
	cpuMs: number | undefined;
	peakRssMb: number | undefined;
	readonly images: ImageRecord[];
	/** Which images deserve a row on screen, kept up to date by applyEvent (row-index.ts). */
	readonly rows: RowIndex;
};

/** Start a record from a run-started event. */
export function createRunRecord(event: Extract<EngineEvent, {type: 'run-started'}>): RunRecord {
	const images = event.urls.map((url, index) => newImage(index, url));
	return {
		runId: event.runId,
		strategy: event.strategy,
		role: event.role,
		client: event.client,
		concurrency: event.concurrency,
		...(event.cappedFrom === undefined ? {} : {cappedFrom: event.cappedFrom, cappedBy: event.cappedBy, openFileLimit: event.openFileLimit}),
		outDir: event.outDir,
		work: event.work,
		startedAt: event.at,
		state: 'running',
		wallMs: undefined,
		ok: 0,
		failed: 0,
		bytes: 0,
		active: 0,
		workers: undefined,
		startupMs: undefined,
		cpuMs: undefined,
		peakRssMb: undefined,
		images,
		rows: new RowIndex(images),
	};
}

/**
 * Fold one event of this run into the record, in place and in O(1): progress events arrive for every
 * image many times a second, and copying thousands of rows per event would make the consumer the
 * bottleneck. The record's row index follows in the same step. Consumers that need immutability
 * (React) take a snapshot on their own tick.
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
				const from = image.status;
				image.status = 'running';
				image.attempt = 1;
				image.startMs = relative;
				image.attemptMs = relative;
				record.active++;
				record.rows.moved(event.index, from);
			}

			break;
		}

		case 'image-first-byte': {
			const image = record.images[event.index];
			if (image) {
				beginTransfer(image, event.attempt, {ttfbMs: event.ttfbMs, total: event.total, atMs: relative});
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
				endAttempt(image, relative, event);
				image.retries = event.attempt - 1;
				image.code = event.code;
				image.error = event.reason;
				image.attemptMs = relative + Math.max(0, event.delayMs);
				// Nothing of the next attempt is known until its headers arrive.
				beginTransfer(image, event.attempt, undefined);
			}

			break;
		}

		case 'image-work': {
			const image = record.images[event.index];
			if (image) {
				image.work = event.stage;
			}

			break;
		}

		case 'run-workers': {
			record.workers = {count: event.workers, ready: event.ready};
			break;
		}

		case 'image-done': {
			const image = settle(record, event.index, 'done', relative);
			if (image) {
				const {path, bytes, contentType, width, height, ttfbMs, retries, phases, reusedConnection, workSkipped} = event;
				const done = {path, bytes, transferred: bytes, total: bytes, contentType, width, height, ttfbMs, retries, phases, reusedConnection, workSkipped, work: undefined, code: undefined, error: undefined} satisfies Partial<ImageRecord>;
				Object.assign(image, done);
				record.ok++;
				record.bytes += event.bytes;
			}

			break;
		}

		case 'image-failed': {
			const image = settle(record, event.index, 'failed', relative, event);
			if (image) {
				image.retries = event.retries;
				image.code = event.code;
				image.error = event.reason;
				image.phases = event.phases;
				record.failed++;
			}

			break;
		}

		case 'run-finished':
		case 'run-aborted': {
			record.state = event.type === 'run-finished' ? 'done' : 'aborted';
			record.wallMs = event.wallMs;
			record.startupMs = event.startupMs;
			record.cpuMs = event.cpuMs;
			record.peakRssMb = event.peakRssMb;
			if (event.type === 'run-aborted') {
				for (const image of record.images) {
					if (image.status === 'running' || image.status === 'queued') {
						image.status = 'aborted';
					}
				}

				record.active = 0;
				record.rows.invalidate();
			}

			break;
		}
	}

	return record;
}

/**
 * An image ends, done or failed: out of the images in flight (a failure in flight ends its attempt too),
 * its end time set, its row moved to where ended rows go. The caller fills in what the event says.
 */
function settle(record: RunRecord, index: number, status: 'done' | 'failed', endMs: number, failure?: Pick<Extract<EngineEvent, {type: 'image-failed'}>, 'code' | 'reason' | 'answer'>): ImageRecord | undefined {
	const image = record.images[index];
	if (!image) {
		return undefined;
	}

	const from = image.status;
	if (from === 'running') {
		record.active--;
		if (failure) {
			endAttempt(image, endMs, failure);
			// The answer that failed it, when one came: its last attempt's time to first byte.
			image.ttfbMs = failure.answer?.ttfbMs ?? image.ttfbMs;
		}
	}

	image.status = status;
	image.endMs = endMs;
	record.rows.moved(index, from);
	return image;
}
