import {fitText} from '../format/fit-text.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {percentiles} from '../stats/statistics.js';
import {clip, columnsOf, wrapEntries} from './text-width.js';
import {valueFormat, type ValueUnit} from './value-scale.js';

export type HistogramOptions = {
	/** Buckets of equal width between the smallest and largest value; default 10 (fewer for few values). */
	readonly bins?: number;
	readonly width: number;
	/** The title line: "Per-image time, parallel". */
	readonly label: string;
	readonly unit: ValueUnit;
	readonly glyphs?: Glyphs;
	/**
	 * The range the p50/p90/p99 are written for, when this histogram is one of several to read side by
	 * side (one per strategy): all of theirs, so that every one writes its percentiles alike ("p50 355ms"
	 * beside "p50 409ms", not "p50 355.3ms"). Default: this histogram's own.
	 */
	readonly percentileRange?: ValueRange;
};

/** The smallest and largest of some values. */
export type ValueRange = {readonly low: number; readonly high: number};

/** The range of the finite values among `values` (a loop: a spread of 100,000 would overflow the stack); undefined with none. */
export function valueRange(values: readonly number[]): ValueRange | undefined {
	let low = Number.POSITIVE_INFINITY;
	let high = Number.NEGATIVE_INFINITY;
	for (const value of values) {
		if (Number.isFinite(value)) {
			low = Math.min(low, value);
			high = Math.max(high, value);
		}
	}

	return low <= high ? {low, high} : undefined;
}

export type Bucket = {readonly from: number; readonly to: number; readonly count: number};

/**
 * Equal-width buckets from min to max, the last one closed ([from, to) except [from, max]). All values
 * equal (or one value) make one bucket. Non-finite values are left out.
 */
export function histogramBuckets(values: readonly number[], bins = 10): Bucket[] {
	const range = valueRange(values);
	if (range === undefined) {
		return [];
	}

	const finite = values.filter(value => Number.isFinite(value));
	const {low, high} = range;
	const count = high === low ? 1 : Math.max(1, Math.min(Math.floor(bins), finite.length));
	const size = (high - low) / count;
	const buckets = Array.from({length: count}, (_, index) => ({from: low + (index * size), to: index === count - 1 ? high : low + ((index + 1) * size), count: 0}));
	for (const value of finite) {
		const index = size === 0 ? 0 : Math.min(count - 1, Math.floor((value - low) / size));
		buckets[index]!.count++;
	}

	return buckets;
}

/**
 * A histogram as oha draws one: a line per bucket with its range, its count in brackets and a bar
 * scaled to the largest bucket ("  120–198ms [12] |██████"), then p50, p90 and p99 (type 7, see
 * percentiles) under it. Never a line wider than `width`.
 */
export function histogramLines(values: readonly number[], options: HistogramOptions): string[] {
	const width = Math.max(0, Math.floor(options.width));
	const set = options.glyphs ?? defaultGlyphs;
	const title = clip(options.label, width);
	const buckets = histogramBuckets(values, options.bins);
	if (buckets.length === 0) {
		return [title, clip('  no values', width)];
	}

	const first = buckets[0]!;
	const last = buckets.at(-1)!;
	const format = valueFormat(options.unit, Math.max(Math.abs(first.from), Math.abs(last.to)), first.to - first.from);
	const dash = set.range;
	const edges = buckets.map(bucket => bucket.from === bucket.to ? format.one(bucket.from) : format.range(bucket.from, bucket.to, dash));
	const counts = buckets.map(bucket => `[${bucket.count}]`);
	const edgeWidth = Math.max(...edges.map(edge => columnsOf(edge)));
	const countWidth = Math.max(...counts.map(count => columnsOf(count)));
	const barRoom = Math.max(0, width - edgeWidth - countWidth - 5);
	const most = Math.max(...buckets.map(bucket => bucket.count));
	const lines = buckets.map((bucket, index) => {
		// A bucket with anything in it shows at least one cell, however small next to the largest.
		const length = bucket.count === 0 ? 0 : Math.max(1, Math.round(bucket.count / most * barRoom));
		return clip(`  ${fitText(edges[index]!, edgeWidth, 'right', set)} ${fitText(counts[index]!, countWidth, 'left', set)} |${set.barFull.repeat(length)}`, width);
	});
	const marks = percentiles(values.filter(value => Number.isFinite(value)))!;
	// To a hundredth of the range, in the unit its largest value takes.
	const {low, high} = options.percentileRange ?? {low: first.from, high: last.to};
	const exact = valueFormat(options.unit, Math.abs(high), (high - low) / 100).one;
	const summary = wrapEntries([`p50 ${exact(marks.p50)}`, `p90 ${exact(marks.p90)}`, `p99 ${exact(marks.p99)}`], Math.max(0, width - 2)).map(line => clip(`  ${line}`, width));
	return [title, ...lines, ...summary];
}
