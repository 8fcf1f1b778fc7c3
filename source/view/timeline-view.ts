import type {TimelineImage, TimelineStrategy} from '../charts/index.js';
import type {ImageRecord} from '../model/image-record.js';
import type {RunRecord} from '../model/run-record.js';

export type TimelineInputOptions = {
	/**
	 * Monotonic time (performance.now()) to draw runs in flight up to. Without it a run in flight
	 * reaches its latest finished image.
	 */
	readonly now?: number;
};

/** Where a run's time axis ends: its wall time once ended, else now (or its latest finish). */
function runSpanMs(record: RunRecord, now: number | undefined): number {
	if (record.wallMs !== undefined) {
		return record.wallMs;
	}

	if (now !== undefined) {
		return Math.max(0, now - record.startedAt);
	}

	let latest = 0;
	for (const image of record.images) {
		latest = Math.max(latest, image.endMs ?? 0);
	}

	return latest;
}

function within(value: number | undefined, low: number, high: number): number | undefined {
	return value === undefined ? undefined : Math.min(high, Math.max(low, value));
}

/**
 * Phases from what the record saw, for an image without the engine's (failed, in flight, aborted,
 * or from a runner that does not measure them): queued until it started, retries until its last
 * attempt began, waiting until that attempt's headers (set-up, connect and send as one), receiving
 * after. A failed image's last attempt that never had an answer (a refused connection, a name not
 * found) is one more failed attempt, not a wait for a first byte that never came. They add up to `endMs`.
 */
function seenPhases(image: ImageRecord, endMs: number): TimelineImage['phases'] {
	const start = within(image.startMs, 0, endMs) ?? endMs;
	const firstByte = within(image.firstByteMs, start, endMs);
	const unanswered = image.status === 'failed' && firstByte === undefined;
	const attempt = unanswered ? endMs : (within(image.attemptMs, start, endMs) ?? start);
	return {
		queuedMs: start,
		retryMs: attempt - start,
		waitMs: (firstByte ?? endMs) - attempt,
		receiveMs: firstByte === undefined ? 0 : endMs - firstByte,
	};
}

function timelineImage(image: ImageRecord, spanMs: number): TimelineImage {
	if ((image.status === 'done' || image.status === 'failed') && image.endMs !== undefined && image.phases !== undefined) {
		// The engine's phases add up to endMs, so the chart places them from the run's start.
		return {index: image.index, endMs: image.endMs, ...(image.status === 'failed' ? {failed: true} : {}), phases: image.phases};
	}

	if (image.status === 'done' && image.endMs !== undefined) {
		return {index: image.index, endMs: image.endMs, phases: seenPhases(image, image.endMs)};
	}

	const endMs = image.status === 'failed' && image.endMs !== undefined ? image.endMs : spanMs;
	return {index: image.index, startMs: 0, endMs, ...(image.status === 'failed' ? {failed: true} : {}), phases: seenPhases(image, endMs)};
}

/**
 * What timelineLines draws for these runs: one strategy per record, in the order given, every image
 * with its phases from the run's start. Images still in flight or queued are drawn up to `now`, so
 * the same function serves the live screen and a finished race. Pure; walks every image once.
 */
export function timelineInput(records: readonly RunRecord[], options: TimelineInputOptions = {}): TimelineStrategy[] {
	return records.map(record => {
		const spanMs = runSpanMs(record, options.now);
		return {name: record.strategy, wallMs: spanMs, images: record.images.map(image => timelineImage(image, spanMs))};
	});
}
