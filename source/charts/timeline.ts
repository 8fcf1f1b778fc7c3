import {fitText} from '../format/fit-text.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {phaseLabels, phaseMs, phaseNames, timelineGlyphs, type TimelineGlyphs} from './phases.js';
import {clip, columnsOf, wrapEntries} from './text-width.js';
import {timeAxisLine} from './time-axis.js';
import {binCells, imageCells, imageOriginMs, phasesTotalMs, type Cell, type TimelineImage} from './timeline-cells.js';

export type TimelineStrategy = {
	readonly name: string;
	readonly images: readonly TimelineImage[];
	/** The strategy's wall time, ms: the axis reaches the longest of these. */
	readonly wallMs: number;
};

export type TimelineOptions = {
	/** Drawn top to bottom in this order, all on one time axis from each strategy's own start. */
	readonly strategies: readonly TimelineStrategy[];
	readonly width: number;
	/** Lines the chart may take. Each strategy gets at least one row even when that is more. */
	readonly height: number;
	/** The terminal's glyph set: the ASCII one draws phases in ASCII. */
	readonly glyphs?: Glyphs;
};

type Row = {readonly label: string; readonly cells: Cell[]};

type Label = {readonly name: string; readonly number: string};

/** Rows for each strategy, in proportion to its images, at least one each, summing to at most `rows` where that is possible. */
function rowsPerStrategy(counts: readonly number[], rows: number): number[] {
	const total = counts.reduce((sum, count) => sum + count, 0);
	if (total <= rows) {
		return [...counts];
	}

	const shares = counts.map(count => Math.min(count, Math.max(1, Math.floor(rows * count / total))));
	let spare = rows - shares.reduce((sum, share) => sum + share, 0);
	for (let index = 0; spare > 0 && index < shares.length; index++) {
		const more = Math.min(spare, counts[index]! - shares[index]!);
		shares[index]! += more;
		spare -= more;
	}

	return shares;
}

function spanMs(strategies: readonly TimelineStrategy[]): number {
	let span = 0;
	for (const strategy of strategies) {
		span = Math.max(span, Number.isFinite(strategy.wallMs) ? strategy.wallMs : 0);
		for (const image of strategy.images) {
			span = Math.max(span, Number.isFinite(image.endMs) ? image.endMs : 0, imageOriginMs(image) + phasesTotalMs(image.phases));
		}
	}

	return span > 0 ? span : 1;
}

function legendEntries(strategies: readonly TimelineStrategy[], phases: TimelineGlyphs): string[] {
	const images = strategies.flatMap(strategy => strategy.images);
	const entries = phaseNames
		.filter(name => images.some(image => phaseMs(image.phases, name) > 0))
		.map(name => `${phases[name]} ${phaseLabels[name]}`);
	if (images.some(image => image.failed)) {
		entries.push(`${phases.failed} failed`);
	}

	return entries;
}

/**
 * A waterfall of every image of every strategy on one time axis (seconds): one row per image, each
 * phase in its own character, so a sequential run is a staircase and a parallel one a stack. With
 * more images than rows, consecutive images share a row ("#1–5"), which shows the phase most of them
 * spent the most time in at each column (see binCells). Never a line wider than `width`.
 */
export function timelineLines(options: TimelineOptions): string[] {
	const width = Math.max(0, Math.floor(options.width));
	const set = options.glyphs ?? defaultGlyphs;
	const phases = timelineGlyphs(set);
	const strategies = options.strategies.map(strategy => ({...strategy, images: [...strategy.images].sort((a, b) => a.index - b.index)}));
	const legend = wrapEntries(legendEntries(strategies, phases), width);
	const rowBudget = Math.max(1, Math.floor(options.height) - 2 - legend.length);
	const shares = rowsPerStrategy(strategies.map(strategy => strategy.images.length), rowBudget);
	const perRow = strategies.map((strategy, index) => Math.ceil(strategy.images.length / Math.max(1, shares[index]!)));
	const binned = perRow.some(count => count > 1);
	const dash = set.range;
	const labels: Label[][] = strategies.map((strategy, index) => {
		const out: Label[] = [];
		for (let first = 0; first < strategy.images.length; first += perRow[index]!) {
			const group = strategy.images.slice(first, first + perRow[index]!);
			const from = group[0]!.index + 1;
			const to = group.at(-1)!.index + 1;
			out.push({name: strategy.name, number: `#${from}${to === from ? '' : `${dash}${to}`}`});
		}

		return out;
	});
	const longest = Math.max(0, ...labels.flat().map(label => columnsOf(`${label.name} ${label.number}`)));
	const labelWidth = Math.min(longest, Math.floor(width * 0.35));
	const gap = labelWidth > 0 ? 1 : 0;
	// A narrow label column cuts the strategy's name, not the image number.
	const labelText = ({name, number}: Label) => {
		const room = labelWidth - columnsOf(number) - 1;
		return room > 0 ? `${fitText(name, Math.min(room, columnsOf(name)), 'left', set)} ${number}` : number;
	};
	const plotColumns = Math.max(0, width - labelWidth - gap);
	const span = spanMs(strategies);
	const msPerColumn = span / Math.max(1, plotColumns);
	const rows: Row[] = strategies.flatMap((strategy, index) => labels[index]!.map((label, row) => {
		const group = strategy.images.slice(row * perRow[index]!, (row + 1) * perRow[index]!);
		return {label: labelText(label), cells: group.length === 1 ? imageCells(group[0]!, msPerColumn, plotColumns) : binCells(group, msPerColumn, plotColumns)};
	}));
	const title = binned ? `Timeline ${set.separator} up to ${Math.max(...perRow)} images a row` : 'Timeline';
	const prefix = (text: string) => labelWidth > 0 ? `${fitText(text, labelWidth, 'left', set)} ` : '';
	const draw = (cell: Cell) => cell === undefined ? ' ' : phases[cell];
	return [
		clip(title, width),
		clip((prefix('seconds') + timeAxisLine(span, plotColumns)).trimEnd(), width),
		...rows.map(row => clip(prefix(row.label) + row.cells.map(cell => draw(cell)).join('').trimEnd(), width)),
		...legend,
	];
}
