import {histogramLines, timelineLines, type TimelineImage, type TimelineStrategy} from '../charts/index.js';
import type {Glyphs} from '../format/glyphs.js';
import {imagePhases} from '../model/image-phases.js';
import {imageDurations, imageTtfbs, type RunRecord} from '../model/run-record.js';

/**
 * The timeline's input from finished or running runs: one strategy per run, in the order given, each
 * image that has phases (done or failed) drawn from its own run's start. Images still in flight are left out.
 */
export function timelineFor(records: readonly RunRecord[]): TimelineStrategy[] {
	return records.map(record => {
		const images: TimelineImage[] = [];
		for (const image of record.images) {
			const phases = imagePhases(image);
			if (phases && image.endMs !== undefined) {
				// Without a retry, the instant between taking the slot and sending the request is not one
				// (the chart gives every nonzero phase a cell): it counts as waiting.
				const shown = image.retries === 0 && image.status === 'done' ? {...phases, queuedMs: phases.queuedMs + phases.retryMs, retryMs: 0} : phases;
				images.push({index: image.index, endMs: image.endMs, failed: image.status === 'failed', phases: shown});
			}
		}

		return {name: record.strategy, images, wallMs: record.wallMs ?? Math.max(0, ...images.map(image => image.endMs))};
	});
}

export type ChartSize = {readonly width: number; readonly height: number; readonly glyphs?: Glyphs};

/** The "Timeline" waterfall of these runs, at most `height` lines of at most `width` columns. */
export function timelineText(records: readonly RunRecord[], {width, height, glyphs}: ChartSize): string[] {
	return timelineLines({strategies: timelineFor(records), width, height, ...(glyphs ? {glyphs} : {})});
}

/** Per strategy, the histograms of per-image time and of time to first byte, each with p50/p90/p99. */
export function histogramText(records: readonly RunRecord[], {width, glyphs}: Omit<ChartSize, 'height'>): string[] {
	return records.flatMap((record, index) => [
		...(index > 0 ? [''] : []),
		...histogramLines(imageDurations(record.images), {width, label: `Per-image time, ${record.strategy}`, unit: 'ms', ...(glyphs ? {glyphs} : {})}),
		...histogramLines(imageTtfbs(record.images), {width, label: `Time to first byte, ${record.strategy}`, unit: 'ms', ...(glyphs ? {glyphs} : {})}),
	]);
}
