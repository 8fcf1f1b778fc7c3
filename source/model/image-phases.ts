import type {ImagePhases} from '../engine/events.js';
import type {ImageRecord} from './image-record.js';
import type {RunRecord} from './run-record.js';

/** The phase fields in the order they happen; every ImagePhases has all of them. */
export const phaseKeys = ['queuedMs', 'retryMs', 'setupMs', 'connectMs', 'sendMs', 'waitMs', 'receiveMs', 'writeMs'] as const satisfies ReadonlyArray<keyof ImagePhases>;

export type PhaseKey = typeof phaseKeys[number];

/**
 * Where a finished image's time went, adding up to its endMs. A done image has the engine's phases, and
 * so has one that failed in the work after a good download. Any other failed one has no successful
 * attempt to cut up: its wait for a slot is `queuedMs` and everything from its start to its failure is
 * `retryMs` (all of its attempts were failed ones, and their waits). Undefined for images still queued,
 * running or aborted, and for done images of an engine that sent none.
 */
export function imagePhases(image: ImageRecord): ImagePhases | undefined {
	if (image.status === 'done' || (image.status === 'failed' && image.phases !== undefined)) {
		return image.phases;
	}

	if (image.status === 'failed' && image.endMs !== undefined) {
		const queuedMs = Math.max(0, image.startMs ?? image.endMs);
		return {queuedMs, retryMs: Math.max(0, image.endMs - queuedMs), setupMs: 0, connectMs: 0, sendMs: 0, waitMs: 0, receiveMs: 0, writeMs: 0};
	}

	return undefined;
}

export type PhaseTotals = ImagePhases & {
	/** Images whose phases were summed. */
	readonly images: number;
	/** Of those, the ones that finished over a kept-alive connection. */
	readonly reusedConnections: number;
};

/**
 * Each phase summed over the run's finished images (image-seconds: parallel images overlap). Phases the
 * engine adds later (a thumbnail's) are summed too, by name.
 */
export function runPhases(record: Pick<RunRecord, 'images'>): PhaseTotals {
	const sums: Record<string, number> = Object.fromEntries(phaseKeys.map(key => [key, 0]));
	let images = 0;
	let reusedConnections = 0;
	for (const image of record.images) {
		const phases = imagePhases(image);
		if (!phases) {
			continue;
		}

		images++;
		if (image.status === 'done' && image.reusedConnection === true) {
			reusedConnections++;
		}

		for (const [key, value] of Object.entries(phases)) {
			if (typeof value === 'number' && Number.isFinite(value)) {
				sums[key] = (sums[key] ?? 0) + value;
			}
		}
	}

	return {...(sums as Record<PhaseKey, number>), images, reusedConnections};
}
