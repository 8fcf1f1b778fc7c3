import {histogramBuckets} from '../../charts/histogram.js';

/** One chart the page draws with uPlot: a shared x, one or more series. Plain data, embedded as JSON. */
export type ChartSpec = {
	readonly kind: 'bars' | 'lines';
	readonly title: string;
	readonly xLabel: string;
	readonly yLabel: string;
	readonly x: readonly number[];
	readonly series: ReadonlyArray<{readonly label: string; readonly values: ReadonlyArray<number | null>; readonly colour: string; readonly dash?: boolean}>;
	/** A line under the chart: "p50 120 ms · p90 180 ms". */
	readonly note?: string;
};

/** A histogram as bars: each bucket's middle and its count. Undefined with no values. */
export function histogramSpec(values: readonly number[], title: string, colour: string, note?: string): ChartSpec | undefined {
	const buckets = histogramBuckets(values, 12);
	if (buckets.length === 0) {
		return undefined;
	}

	return {
		kind: 'bars',
		title,
		xLabel: 'ms',
		yLabel: 'images',
		x: buckets.map(bucket => Math.round(((bucket.from + bucket.to) / 2) * 100) / 100),
		series: [{label: 'images', values: buckets.map(bucket => bucket.count), colour}],
		...(note === undefined ? {} : {note}),
	};
}
