import {durationScale, formatDuration} from '../format/format.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import {type Summary} from '../stats/statistics.js';
import {clip, columnsOf} from './text-width.js';

export {durationScale, type DurationScale} from '../format/format.js';

export type RunsLineOptions = {
	readonly width: number;
	readonly glyphs?: Glyphs;
};

/**
 * "1.23s ± 0.04s": the mean and σ of several runs in the mean's unit. One run is its time alone, as
 * formatDuration writes it: the same figure the run's panel and plain line show.
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
