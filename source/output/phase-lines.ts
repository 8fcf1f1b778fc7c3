import {phaseLabels, phaseNames} from '../charts/index.js';
import {formatDuration} from '../format/format.js';
import {busyThreshold, type LoopLoad} from '../model/client-bound.js';
import {runPhases} from '../model/image-phases.js';
import type {RunRecord} from '../model/run-record.js';

/** The summary's words for each phase field: the timeline legend's, in the order the phases happen. */
const phaseWords: ReadonlyArray<readonly [string, string]> = phaseNames.map(name => [`${name}Ms`, phaseLabels[name]]);

/**
 * "where the time went, parallel (4 images, summed): queued 2ms 0%, connect 3ms 1%, first byte 412ms 93%, …;
 * 3 of 4 over a reused connection". Summed over images, so parallel runs show more time than their wall:
 * the shares are what matters. Undefined for a run with no finished image.
 */
export function phaseLine(record: RunRecord): string | undefined {
	const totals = runPhases(record);
	if (totals.images === 0) {
		return undefined;
	}

	const values = totals as unknown as Record<string, number>;
	const sum = phaseWords.reduce((total, [key]) => total + (values[key] ?? 0), 0);
	const parts = phaseWords
		.filter(([key]) => (values[key] ?? 0) >= 0.5)
		.map(([key, word]) => `${word} ${formatDuration(values[key]!)} ${sum > 0 ? Math.round(values[key]! / sum * 100) : 0}%`);
	const images = totals.images === 1 ? '1 image' : `${totals.images} images, summed`;
	// Summed image time, not wall time: with parallel images it is more than the run took.
	return `where the time went, ${record.strategy} (${images}): ${parts.join(', ') || 'nothing measurable'}; ${totals.reusedConnections} of ${totals.images} over a reused connection`;
}

/**
 * "parallel: client-bound: this measured imgrace, not the network (event loop 97% busy over the run)".
 * The figures named are the ones the rule went by, so they never contradict each other: a short run
 * has no 100 ms samples to quote, and a run judged by its samples may average under 90% overall.
 */
export function clientBoundLine(record: RunRecord, load: LoopLoad | undefined): string | undefined {
	if (!load?.clientBound) {
		return undefined;
	}

	const percent = (share: number) => `${Math.round(share * 100)}%`;
	const overall = `${percent(load.eventLoopUtilization)} busy over the run`;
	const samples = `over ${percent(busyThreshold)} busy in ${percent(load.busyShare)} of it`;
	const figures = load.eventLoopUtilization > busyThreshold
		? (load.busyShare > 0.5 ? `${overall}, ${samples}` : overall)
		: `${samples}, ${percent(load.eventLoopUtilization)} on average`;
	return `${record.strategy}: client-bound: this measured imgrace, not the network (event loop ${figures})`;
}
