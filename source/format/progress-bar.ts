import {glyphs, type Glyphs} from './glyphs.js';

/** Characters of the bar: full block, eighth-block partials (1/8 … 7/8) and the empty track. */
export const {barFull, barPartials, barEmpty} = glyphs;

export type ProgressBarOptions = {
	/** Bytes received so far. */
	readonly transferred: number;
	/** Expected size; undefined when unknown (no Content-Length): the bar is indeterminate. */
	readonly total: number | undefined;
	/** Width in terminal columns (every character of the bar is one column). */
	readonly width: number;
	/**
	 * Animation phase for the indeterminate bar (any integer, e.g. elapsed ms / 100). Ignored when
	 * the total is known.
	 */
	readonly phase?: number;
};

/** Fraction done in [0, 1]; a zero-byte body is complete. Undefined when the total is unknown. */
export function progressRatio(transferred: number, total: number | undefined): number | undefined {
	if (total === undefined || !Number.isFinite(total) || total < 0) {
		return undefined;
	}

	if (total === 0) {
		return 1;
	}

	return Math.min(1, Math.max(0, transferred / total));
}

/**
 * A bar of exactly `width` columns: "█████▍░░░░" with 1/8-column resolution. With an unknown total it
 * shows a block bouncing along the track, positioned by `phase`. Pure.
 */
export function progressBar(options: ProgressBarOptions, set: Glyphs = glyphs): string {
	const width = Math.max(0, Math.floor(options.width));
	if (width === 0) {
		return '';
	}

	const ratio = progressRatio(options.transferred, options.total);
	if (ratio === undefined) {
		return indeterminateBar(width, options.phase ?? 0, set);
	}

	const eighths = Math.round(ratio * width * 8);
	const full = Math.floor(eighths / 8);
	const remainder = eighths % 8;
	const partial = remainder > 0 ? set.barPartials[remainder - 1]! : '';
	return set.barFull.repeat(full) + partial + set.barEmpty.repeat(width - full - (partial ? 1 : 0));
}

/** A block a quarter of the width (at least 1, at most 8 columns) bouncing between the ends. */
function indeterminateBar(width: number, phase: number, set: Glyphs): string {
	const block = Math.min(width, Math.max(1, Math.min(8, Math.floor(width / 4))));
	const travel = width - block;
	let position = 0;
	if (travel > 0) {
		const cycle = travel * 2;
		const step = ((Math.floor(phase) % cycle) + cycle) % cycle;
		position = step <= travel ? step : cycle - step;
	}

	return set.barEmpty.repeat(position) + set.barFull.repeat(block) + set.barEmpty.repeat(width - position - block);
}
