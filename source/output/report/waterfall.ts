import {phaseLabels, phaseMs, phaseNames, type PhaseName} from '../../charts/phases.js';
import {imagePhases} from '../../model/image-phases.js';
import type {ImageRecord, RunRecord} from '../../model/run-record.js';

/** One phase of one image on the time axis, ms from the run's start. */
export type WaterfallSegment = {readonly phase: PhaseName; readonly startMs: number; readonly ms: number};

export type WaterfallRow = {
	readonly index: number;
	readonly url: string;
	readonly status: ImageRecord['status'];
	readonly segments: readonly WaterfallSegment[];
	/** When the image ended (its file in place, or its failure), ms from the run's start. */
	readonly endMs: number | undefined;
	/** A failed image's reason. */
	readonly reason: string | undefined;
	readonly bytes: number | undefined;
};

/** A run's waterfall: its name, width and wall as the run record has them, then its images. */
export type Waterfall = Readonly<Pick<RunRecord, 'strategy' | 'concurrency' | 'wallMs'>> & {
	readonly images: number;
	/** The rows drawn: every image up to the cap, in image order. */
	readonly rows: readonly WaterfallRow[];
};

/**
 * Rows all the waterfalls of a page draw at most, shared between the strategies: about 1.2 kB a row
 * with every phase, so a race of thousands of images still makes a page under 2 MB.
 */
export const maxWaterfallRows = 1250;

/** Each phase of an image that ended, in order, placed from the run's start (phases add up to its end). */
export function imageSegments(image: ImageRecord): WaterfallSegment[] {
	const phases = imagePhases(image);
	if (!phases) {
		return [];
	}

	const segments: WaterfallSegment[] = [];
	let at = 0;
	for (const phase of phaseNames) {
		const ms = phaseMs(phases, phase);
		if (ms > 0) {
			segments.push({phase, startMs: at, ms});
			at += ms;
		}
	}

	return segments;
}

/** A run's waterfall: a row per image (the first `maxRows`), each its phases. Pure. */
export function waterfallOf(record: RunRecord, maxRows: number): Waterfall {
	return {
		strategy: record.strategy,
		concurrency: record.concurrency,
		wallMs: record.wallMs,
		images: record.images.length,
		rows: record.images.slice(0, maxRows).map(image => ({
			index: image.index,
			url: image.url,
			status: image.status,
			segments: imageSegments(image),
			endMs: image.endMs,
			reason: image.status === 'failed' ? image.error : undefined,
			bytes: image.bytes,
		})),
	};
}

/** The time axis every waterfall shares: the longest run (or latest image end) of them all, ms. */
export function sharedAxisMs(waterfalls: readonly Waterfall[]): number {
	let longest = 0;
	for (const waterfall of waterfalls) {
		longest = Math.max(longest, waterfall.wallMs ?? 0, ...waterfall.rows.map(row => row.endMs ?? 0));
	}

	return longest > 0 ? longest : 1;
}

/** Each phase's colour in the report, by name (the list and the labels are charts/phases.ts's). */
export const phaseColours: Readonly<Record<PhaseName, string>> = {
	queued: '#c9ced6',
	retry: '#e8a33d',
	setup: '#9aa5b1',
	connect: '#f08c3a',
	send: '#3fb5a3',
	wait: '#4a90d9',
	receive: '#2e7d32',
	write: '#8e6bbf',
	workQueued: '#d9c36a',
	thumbnail: '#c0507a',
};

export const failedColour = '#d64545';

/** The legend: every phase with its label and colour, in the order they happen. */
export function phaseLegend(): Array<{readonly phase: PhaseName; readonly label: string; readonly colour: string}> {
	return phaseNames.map(phase => ({phase, label: phaseLabels[phase], colour: phaseColours[phase]}));
}
