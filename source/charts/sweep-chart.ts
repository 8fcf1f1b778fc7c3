import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {payoff, type SweepLevel} from '../stats/sweep-math.js';
import {clip, columnsOf, wrapEntries, wrapWords} from './text-width.js';

export type SweepPoint = {readonly concurrency: number; readonly speedup: number};

export type SweepChartOptions = {
	readonly levels: readonly SweepLevel[];
	/** The ideal speedup at (some of) the same levels, from idealSpeedup. */
	readonly ideal: readonly SweepPoint[];
	readonly width: number;
	/** Lines the whole chart may take, title to conclusion (at least 3 rows of plot are kept). */
	readonly height: number;
	/** Fraction of the best within which a level counts as the best, for the conclusion line. */
	readonly tolerance?: number;
	readonly glyphs?: Glyphs;
};

type Marks = {readonly measured: string; readonly ideal: string; readonly spread: string; readonly axis: string; readonly corner: string; readonly tick: string; readonly floor: string};

function marksFor(set: Glyphs): Marks {
	return set.unicode
		? {measured: '●', ideal: '·', spread: '│', axis: '│', corner: '└', tick: '┴', floor: '─'}
		: {measured: 'o', ideal: '.', spread: '|', axis: '|', corner: '+', tick: '+', floor: '-'};
}

/** "9.5×", "12×", "0×": the glyph set's times sign, one decimal below 10. */
function speedupText(value: number, set: Glyphs, trim = false): string {
	const digits = value < 10 ? value.toFixed(1) : value.toFixed(0);
	return `${trim ? digits.replace(/\.0$/, '') : digits}${set.times}`;
}

/**
 * Speedup against concurrency: the measured levels (with ±σ bars) beside the ideal line, y from 0 to
 * the largest value. Concurrency levels sit at even spacing in their sorted order, whatever their
 * values, so log-spaced sweeps (1, 2, 4, … 64) read as a straight run. Ends with where adding
 * concurrency stopped paying. Never a line wider than `width`.
 */
export function sweepChartLines(options: SweepChartOptions): string[] {
	const width = Math.max(0, Math.floor(options.width));
	const set = options.glyphs ?? defaultGlyphs;
	const marks = marksFor(set);
	const levels = options.levels.filter(level => Number.isFinite(level.speedup));
	const ideal = options.ideal.filter(point => Number.isFinite(point.speedup));
	const title = clip('Speedup by concurrency', width);
	if (levels.length === 0) {
		return [title, clip('  no levels measured', width)];
	}

	const xs = [...new Set([...levels, ...ideal].map(point => point.concurrency))].sort((a, b) => a - b);
	const top = Math.max(...levels.map(level => level.speedup + (level.speedupSd ?? 0)), ...ideal.map(point => point.speedup), 1);
	const sigma = `${set.plusMinus}${set.sigma}`;
	const legend = wrapEntries([`${marks.measured} measured`, `${marks.ideal} ideal`, ...(levels.some(level => (level.speedupSd ?? 0) > 0) ? [`${marks.spread} ${sigma}`] : []), 'x: concurrency', 'y: speedup'], width);
	const conclusion = conclusionOf(levels, options.tolerance ?? 0.05, set);
	const conclusionLines = wrapWords(conclusion, width);
	const plotRows = Math.max(3, Math.floor(options.height) - 3 - legend.length - conclusionLines.length);
	const yLabels = [top, top / 2, 0].map(value => speedupText(value, set, true));
	const yWidth = Math.max(...yLabels.map(label => columnsOf(label)));
	const plotColumns = Math.max(1, width - yWidth - 1);
	const columnOf = (concurrency: number) => xs.length === 1 ? Math.floor((plotColumns - 1) / 2) : Math.round(xs.indexOf(concurrency) * (plotColumns - 1) / (xs.length - 1));
	const rowOf = (value: number) => Math.max(0, Math.min(plotRows - 1, Math.round((1 - (value / top)) * (plotRows - 1))));
	const grid = Array.from({length: plotRows}, () => Array.from({length: plotColumns}, () => ' '));
	const sortedIdeal = [...ideal].sort((a, b) => a.concurrency - b.concurrency);
	for (const [index, point] of sortedIdeal.entries()) {
		const next = sortedIdeal[index + 1];
		const from = columnOf(point.concurrency);
		const to = next ? columnOf(next.concurrency) : from;
		// A line, not just points: interpolated between neighbouring levels in column space.
		for (let column = from; column <= to; column++) {
			const share = to === from ? 0 : (column - from) / (to - from);
			const value = point.speedup + ((next ? next.speedup - point.speedup : 0) * share);
			grid[rowOf(value)]![column] = marks.ideal;
		}
	}

	for (const level of levels) {
		const column = columnOf(level.concurrency);
		const sd = level.speedupSd ?? 0;
		if (sd > 0) {
			for (let row = rowOf(level.speedup + sd); row <= rowOf(Math.max(0, level.speedup - sd)); row++) {
				grid[row]![column] = marks.spread;
			}
		}

		grid[rowOf(level.speedup)]![column] = marks.measured;
	}

	const labelAt = new Map<number, string>([[0, yLabels[0]!], [rowOf(top / 2), yLabels[1]!], [plotRows - 1, yLabels[2]!]]);
	const plot = grid.map((cells, row) => clip(`${(labelAt.get(row) ?? '').padStart(yWidth)}${marks.axis}${cells.join('')}`.trimEnd(), width));
	const floor = Array.from({length: plotColumns}, () => marks.floor);
	const xLabels = Array.from({length: plotColumns}, () => ' ');
	let free = 0;
	for (const concurrency of xs) {
		const column = columnOf(concurrency);
		floor[column] = marks.tick;
		const label = String(concurrency);
		// Centred under its tick where there is room; a label that would touch the last one is left out.
		const start = Math.max(free, Math.min(plotColumns - label.length, column - Math.floor((label.length - 1) / 2)));
		if (start > column || start + label.length > plotColumns) {
			continue;
		}

		for (const [offset, character] of [...label].entries()) {
			xLabels[start + offset] = character;
		}

		free = start + label.length + 1;
	}

	return [
		title,
		...plot,
		clip(`${' '.repeat(yWidth)}${marks.corner}${floor.join('')}`, width),
		clip(`${' '.repeat(yWidth + 1)}${xLabels.join('').trimEnd()}`, width),
		...legend,
		...conclusionLines,
	];
}

/** The chart's last words: where adding concurrency stopped paying, or why it cannot say. */
function conclusionOf(levels: readonly SweepLevel[], tolerance: number, set: Glyphs): string {
	const best = payoff(levels, tolerance);
	const times = set.times;
	if (!best && levels.some(level => (level.failedImages ?? 0) > 0)) {
		return 'No conclusion: too few levels did all their work (images failed)';
	}

	if (!best || levels.length === 1) {
		return `One level measured: ${times}${levels[0]!.concurrency} at ${speedupText(levels[0]!.speedup, set)}`;
	}

	const bestSpeedup = Math.max(...levels.map(level => level.speedup));
	return best.stopped
		? `Adding concurrency stopped paying at ${times}${best.level.concurrency}: ${speedupText(best.level.speedup, set)}, within ${Math.round(tolerance * 100)}% of the best (${speedupText(bestSpeedup, set)})`
		// The best at the widest level is where the range ended, not where paying stopped.
		: `Adding concurrency still paid at ${times}${best.level.concurrency}, the widest level run: ${speedupText(best.level.speedup, set)}`;
}
