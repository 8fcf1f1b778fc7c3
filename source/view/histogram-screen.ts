import {histogramLines} from '../charts/index.js';
import {fitText} from '../format/fit-text.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {percentileRanges, type HistogramSeries} from './histogram-view.js';

export type HistogramScreenOptions = {
	/** The space the view may take: columns, and lines. */
	readonly columns: number;
	readonly height: number;
	readonly glyphs?: Glyphs;
	/** Which page, when not everything fits at once (wraps around). */
	readonly page: number;
};

export type HistogramScreen = {
	readonly lines: readonly string[];
	readonly pages: number;
};

/** Two histograms side by side need this many columns each to keep their bars readable. */
const minSideBySide = 36;
const mostBins = 10;
const fewestBins = 3;

/** One band: a strategy's two histograms, side by side, or each alone when the terminal is narrow. */
function bands(series: readonly HistogramSeries[], columns: number, bins: number, set: Glyphs): string[][] {
	const sideBySide = columns >= (2 * minSideBySide) + 2;
	const width = sideBySide ? Math.floor((columns - 2) / 2) : columns;
	const out: string[][] = [];
	const ranges = percentileRanges(series);
	for (const one of series) {
		const time = histogramLines(one.imageMs, {bins, width, label: `Per-image time ${set.separator} ${one.name}`, unit: 'ms', glyphs: set, percentileRange: ranges.imageMs});
		const ttfb = histogramLines(one.ttfbMs, {bins, width, label: `Time to first byte ${set.separator} ${one.name}`, unit: 'ms', glyphs: set, percentileRange: ranges.ttfbMs});
		if (sideBySide) {
			const height = Math.max(time.length, ttfb.length);
			out.push(Array.from({length: height}, (_, at) => `${fitText(time[at] ?? '', width, 'left', set)}  ${ttfb[at] ?? ''}`.trimEnd()));
		} else {
			out.push(time, ttfb);
		}
	}

	return out;
}

/** Lines bands take one after the other, a blank line between two. */
function linesOf(group: readonly string[][]): number {
	return group.reduce((total, band) => total + band.length, 0) + Math.max(0, group.length - 1);
}

/**
 * Bands in pages of at most `room` lines, each page at least one band: as few pages as filling them
 * in turn takes, then as even as they fit (two strategies' pairs on a page each rather than three
 * histograms and one).
 */
function paginate(all: readonly string[][], room: number): string[][][] {
	const pages: string[][][] = [];
	let page: string[][] = [];
	for (const band of all) {
		if (page.length > 0 && linesOf([...page, band]) > room) {
			pages.push(page);
			page = [];
		}

		page.push(band);
	}

	if (page.length > 0) {
		pages.push(page);
	}

	const even = Math.ceil(all.length / pages.length);
	const evenPages = Array.from({length: Math.ceil(all.length / even)}, (_, at) => all.slice(at * even, (at + 1) * even));
	return evenPages.length === pages.length && evenPages.every(candidate => linesOf(candidate) <= room) ? evenPages : pages;
}

/**
 * The histogram view: per strategy, the per-image time and the time to first byte with p50/p90/p99,
 * fitted to the columns and lines given. With as many bins as let everything fit on one page (ten at
 * most, three at least); when even three do not, pages of whole bands, which the caller cycles
 * through (the title says which page). Pure; no line wider than `columns`, never more than `height`
 * lines where a band fits at all.
 */
export function histogramScreen(series: readonly HistogramSeries[], options: HistogramScreenOptions): HistogramScreen {
	const set = options.glyphs ?? defaultGlyphs;
	const columns = Math.max(1, Math.floor(options.columns));
	const room = Math.max(1, Math.floor(options.height) - 1);
	if (series.length === 0) {
		return {lines: [fitText('Histogram', columns, 'left', set).trimEnd(), fitText('nothing has run yet', columns, 'left', set).trimEnd()], pages: 1};
	}

	let chosen = bands(series, columns, fewestBins, set);
	for (let bins = mostBins; bins > fewestBins; bins--) {
		const candidate = bands(series, columns, bins, set);
		if (linesOf(candidate) <= room) {
			chosen = candidate;
			break;
		}
	}

	const pages = paginate(chosen, room);
	const page = ((Math.floor(options.page) % pages.length) + pages.length) % pages.length;
	const next = page + 1 < pages.length ? 'h next' : 'h back';
	const title = pages.length > 1 ? `Histogram ${set.separator} page ${page + 1}/${pages.length} ${set.separator} ${next}` : 'Histogram';
	const body = pages[page]!.flatMap((band, at) => (at === 0 ? band : ['', ...band]));
	return {lines: [fitText(title, columns, 'left', set).trimEnd(), ...body], pages: pages.length};
}
