import type {StrategyName} from '../engine/events.js';
import type {StrategyRole} from '../engine/names.js';
import type {RunRecord, RunState} from './run-record.js';

/**
 * What the verdict needs of one run, without its images: the live session keeps these for every
 * finished run (a record of thousands of images is kept only for the latest), and a scripted race
 * derives them from its records. Pure data.
 */
export type RunFigures = {
	readonly strategy: StrategyName;
	readonly role: StrategyRole;
	/** Its width: images at once. */
	readonly concurrency: number;
	readonly work: string;
	readonly imageCount: number;
	readonly state: RunState;
	readonly wallMs: number | undefined;
	readonly failed: number;
	readonly startupMs: number | undefined;
	/** CPU time of every thread or process of the run. */
	readonly cpuMs: number | undefined;
	/** Memory the run took (MiB), as its record has it. */
	readonly peakRssMb: number | undefined;
	/** Threads or processes of its pool, when it had one. */
	readonly workers: number | undefined;
	/** Time with at least one download in flight (the images' download phases, overlaps counted once), ms. */
	readonly downloadSpanMs: number;
	/** The images' download phases summed (overlaps counted each time), ms. */
	readonly downloadSumMs: number;
};

/** The phases of a download, from a slot taking the image until its file is in place (not the work after it). */
const downloadPhases = ['retryMs', 'setupMs', 'connectMs', 'sendMs', 'waitMs', 'receiveMs', 'writeMs'] as const;

/** Total length of the union of [start, end) intervals. */
function unionLength(intervals: Array<readonly [number, number]>): number {
	intervals.sort((a, b) => a[0] - b[0]);
	let total = 0;
	let current: [number, number] | undefined;
	for (const [start, end] of intervals) {
		if (current && start <= current[1]) {
			current[1] = Math.max(current[1], end);
			continue;
		}

		total += current ? current[1] - current[0] : 0;
		current = [start, end];
	}

	return total + (current ? current[1] - current[0] : 0);
}

/** The figures of a run record, once it is over. O(n log n) in its images. */
export function runFigures(record: RunRecord): RunFigures {
	const intervals: Array<readonly [number, number]> = [];
	let downloadSumMs = 0;
	for (const image of record.images) {
		const phases = image.status === 'done' ? image.phases : undefined;
		if (!phases) {
			continue;
		}

		const length = downloadPhases.reduce((sum, key) => sum + Math.max(0, phases[key]), 0);
		intervals.push([phases.queuedMs, phases.queuedMs + length]);
		downloadSumMs += length;
	}

	return {
		strategy: record.strategy,
		role: record.role,
		concurrency: record.concurrency,
		work: record.work,
		imageCount: record.images.length,
		state: record.state,
		wallMs: record.wallMs,
		failed: record.failed,
		startupMs: record.startupMs,
		cpuMs: record.cpuMs,
		peakRssMb: record.peakRssMb,
		workers: record.workers?.count,
		downloadSpanMs: unionLength(intervals),
		downloadSumMs,
	};
}
