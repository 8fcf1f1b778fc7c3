import {histogramLines, timelineLines} from '../charts/index.js';
import type {Glyphs} from '../format/glyphs.js';
import type {RunRecord} from '../model/run-record.js';
import {histogramInput, percentileRanges} from './histogram-view.js';
import {timelineInput} from './timeline-view.js';

/** The plain output's charts (--timeline, --histogram), from the same inputs the live UI's t and h draw. */

export type ChartSize = {readonly width: number; readonly height: number; readonly glyphs?: Glyphs};

/** The "Timeline" waterfall of these runs, at most `height` lines of at most `width` columns. */
export function timelineText(records: readonly RunRecord[], {width, height, glyphs}: ChartSize): string[] {
	return timelineLines({strategies: timelineInput(records), width, height, ...(glyphs ? {glyphs} : {})});
}

/** Per strategy, the histograms of per-image time and of time to first byte, each with p50/p90/p99. */
export function histogramText(records: readonly RunRecord[], {width, glyphs}: Omit<ChartSize, 'height'>): string[] {
	const all = histogramInput(records);
	const ranges = percentileRanges(all);
	return all.flatMap((series, index) => [
		...(index > 0 ? [''] : []),
		...histogramLines(series.imageMs, {width, label: `Per-image time, ${series.name}`, unit: 'ms', percentileRange: ranges.imageMs, ...(glyphs ? {glyphs} : {})}),
		...histogramLines(series.ttfbMs, {width, label: `Time to first byte, ${series.name}`, unit: 'ms', percentileRange: ranges.ttfbMs, ...(glyphs ? {glyphs} : {})}),
	]);
}
