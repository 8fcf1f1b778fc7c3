import {formatDuration} from '../format/format.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import {type Summary} from '../stats/statistics.js';
import {clip, columnsOf} from './text-width.js';

export type RunsLineOptions = {
	readonly width: number;
	readonly glyphs?: Glyphs;
};

/** Numbers of one line in one unit: `number` writes a value without it, `unit` follows the last. */
export type DurationScale = {readonly number: (ms: number) => string; readonly unit: string};

/**
 * One unit for all the numbers of a line, chosen from the mean as formatDuration chooses it (ms below
 * a second, 2 decimals below 10 s, 1 below a minute) and written as it writes it ("1.23s", "341ms"),
 * so mean, σ, min and max read side by side and beside any other duration imgrace prints. From a
 * minute on, formatDuration's own "1m 3.2s" for each number.
 */
export function durationScale(meanMs: number): DurationScale {
	if (!Number.isFinite(meanMs) || meanMs >= 60_000) {
		return {number: ms => formatDuration(ms), unit: ''};
	}

	if (meanMs < 1000) {
		return {number: ms => Math.round(ms).toString(), unit: 'ms'};
	}

	const decimals = meanMs < 10_000 ? 2 : 1;
	return {number: ms => (ms / 1000).toFixed(decimals), unit: 's'};
}

/**
 * "1.23s ± 0.04s": the mean and σ of several runs in the mean's unit. One run is its time alone, as
 * formatDuration writes it: the same figure the run's panel and plain line show (pretty-ms cuts
 * decimals where toFixed rounds them, "2.71s" against "2.72").
 * `tight` leaves out the spaces around ± (narrow columns).
 */
export function meanSdText(summary: Summary, options: {readonly glyphs?: Glyphs; readonly tight?: boolean} = {}): string {
	if (summary.count < 2) {
		return formatDuration(summary.mean);
	}

	const set = options.glyphs ?? defaultGlyphs;
	const {number, unit} = durationScale(summary.mean);
	const mean = `${number(summary.mean)}${unit}`;
	return options.tight ? `${mean}${set.plusMinus}${number(summary.sd)}${unit}` : `${mean} ${set.plusMinus} ${number(summary.sd)}${unit}`;
}

function firstThatFits(candidates: readonly string[], width: number): string {
	return candidates.find(candidate => columnsOf(candidate) <= width) ?? clip(candidates.at(-1)!, width);
}

/**
 * Repeated runs as hyperfine reports them, in imgrace's units: "1.23s ± 0.04s (min 1.19 … max 1.28,
 * 3 runs)"; one run is "1.23s (1 run)". Narrower widths drop the range, then the σ, before cutting.
 */
export function runsLine(summary: Summary, options: RunsLineOptions): string {
	const set = options.glyphs ?? defaultGlyphs;
	const {number, unit} = durationScale(summary.mean);
	const runs = plural(summary.count, 'run');
	const spread = meanSdText(summary, {glyphs: set});
	if (summary.count < 2) {
		return firstThatFits([`${spread} (${runs})`, spread], options.width);
	}

	const mean = `${number(summary.mean)}${unit}`;
	return firstThatFits([
		`${spread} (min ${number(summary.min)} ${set.ellipsis} max ${number(summary.max)}, ${runs})`,
		`${spread} (${runs})`,
		spread,
		mean,
	], options.width);
}
