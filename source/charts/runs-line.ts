import {formatDuration} from '../format/format.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import {type Summary} from '../stats/statistics.js';
import {clip, columnsOf} from './text-width.js';

export type RunsLineOptions = {
	readonly width: number;
	readonly glyphs?: Glyphs;
};

/**
 * One unit for all the numbers of a line, chosen from the mean as formatDuration chooses it (ms below
 * a second, 2 decimals below 10 s, 1 below a minute), so mean, σ, min and max read side by side.
 * From a minute on, formatDuration's own "1m 3.2s" for each number.
 */
function durationScale(meanMs: number): {number: (ms: number) => string; unit: string} {
	if (!Number.isFinite(meanMs) || meanMs >= 60_000) {
		return {number: ms => formatDuration(ms), unit: ''};
	}

	if (meanMs < 1000) {
		return {number: ms => Math.round(ms).toString(), unit: ' ms'};
	}

	const decimals = meanMs < 10_000 ? 2 : 1;
	return {number: ms => (ms / 1000).toFixed(decimals), unit: ' s'};
}

function firstThatFits(candidates: readonly string[], width: number): string {
	return candidates.find(candidate => columnsOf(candidate) <= width) ?? clip(candidates.at(-1)!, width);
}

/**
 * Repeated runs as hyperfine reports them: "1.23 s ± 0.04 s (min 1.19 … max 1.28, 3 runs)"; one run is
 * "1.23 s (1 run)". Narrower widths drop the range, then the σ, before cutting.
 */
export function runsLine(summary: Summary, options: RunsLineOptions): string {
	const set = options.glyphs ?? defaultGlyphs;
	const {number, unit} = durationScale(summary.mean);
	const mean = `${number(summary.mean)}${unit}`;
	const runs = plural(summary.count, 'run');
	if (summary.count < 2) {
		return firstThatFits([`${mean} (${runs})`, mean], options.width);
	}

	const spread = `${mean} ${set.plusMinus} ${number(summary.sd)}${unit}`;
	return firstThatFits([
		`${spread} (min ${number(summary.min)} ${set.ellipsis} max ${number(summary.max)}, ${runs})`,
		`${spread} (${runs})`,
		spread,
		mean,
	], options.width);
}
