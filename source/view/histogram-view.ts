import {valueRange, type ValueRange} from '../charts/index.js';
import {imageDurations, imageTtfbs} from '../model/image-record.js';
import type {RunRecord} from '../model/run-record.js';

/** The values one strategy's histograms are drawn from, ms, finished images only. */
export type HistogramSeries = {
	readonly name: string;
	/** Each image's time from its start to its file in place (queueing not counted). */
	readonly imageMs: readonly number[];
	/** Each image's time to first byte, of the attempt that succeeded. */
	readonly ttfbMs: readonly number[];
};

/**
 * Per record, in the order given, the per-image times and times to first byte of its finished
 * images: what the live histogram and the plain output's --histogram draw. Failed images took no
 * comparable time and are left out. Pure.
 */
export function histogramInput(records: readonly RunRecord[]): HistogramSeries[] {
	return records.map(record => ({name: record.strategy, imageMs: imageDurations(record.images), ttfbMs: imageTtfbs(record.images)}));
}

/**
 * The ranges the strategies' percentiles are written for, per chart: all strategies' values of it
 * together, so that their p50s read alike side by side. Pure.
 */
export function percentileRanges(series: readonly HistogramSeries[]): {readonly imageMs?: ValueRange; readonly ttfbMs?: ValueRange} {
	const imageMs = valueRange(series.flatMap(one => one.imageMs));
	const ttfbMs = valueRange(series.flatMap(one => one.ttfbMs));
	return {...(imageMs ? {imageMs} : {}), ...(ttfbMs ? {ttfbMs} : {})};
}
