import type {ImageStatus} from './run-record.js';

/** From this many columns on, the two panels sit side by side; below, they are stacked. */
export const sideBySideMinColumns = 100;
/** Columns between side-by-side panels. */
export const panelGap = 2;

export type Arrangement = 'side-by-side' | 'stacked';

export function arrangementFor(columns: number): Arrangement {
	return columns >= sideBySideMinColumns ? 'side-by-side' : 'stacked';
}

/** Width of one panel for the terminal width. */
export function panelWidthFor(columns: number): number {
	return arrangementFor(columns) === 'side-by-side' ? Math.floor((columns - panelGap) / 2) : columns;
}

// ---------------------------------------------------------------------------------------------
// Row windowing

/** The fields of an image windowing looks at. */
export type WindowedImage = {
	readonly index: number;
	readonly status: ImageStatus;
	/** When it finished (run-relative ms), for "most recent first". */
	readonly endMs: number | undefined;
	/** When it started; aborted rows that never started matter least. */
	readonly startMs?: number | undefined;
};

/** Rows collapsed into one line, by status. */
export type HiddenCounts = {
	readonly done: number;
	readonly failed: number;
	readonly aborted: number;
	readonly running: number;
	readonly queued: number;
};

export type RowWindow = {
	/** Indices of the rows shown, ascending. */
	readonly visible: readonly number[];
	/** Finished rows not shown: one line above the rows. */
	readonly before: HiddenCounts | undefined;
	/** In-flight and queued rows not shown: one line below the rows. */
	readonly after: HiddenCounts | undefined;
	/** Lines the window takes (rows plus collapsed lines); never more than the budget. */
	readonly lines: number;
};

const noneHidden: HiddenCounts = {done: 0, failed: 0, aborted: 0, running: 0, queued: 0};

export function hiddenTotal(counts: HiddenCounts): number {
	return counts.done + counts.failed + counts.aborted + counts.running + counts.queued;
}

/** Done and failed rows collapse above the window; in-flight, queued and aborted ones below it. */
function isFinished(status: ImageStatus): boolean {
	return status === 'done' || status === 'failed';
}

/** Rows ranked best first (see windowRanked), the shown ones sorted back into index order. */
export type RankedWindow<T extends WindowedImage> = {
	/** The rows shown, ascending by index. */
	readonly visible: readonly T[];
	readonly before: HiddenCounts | undefined;
	readonly after: HiddenCounts | undefined;
	readonly lines: number;
};

function countHidden(counts: HiddenCounts, shown: readonly WindowedImage[], finished: boolean): HiddenCounts | undefined {
	const hidden = {...noneHidden};
	for (const status of ['done', 'failed', 'aborted', 'running', 'queued'] as const) {
		if (isFinished(status) === finished) {
			hidden[status] = counts[status];
		}
	}

	for (const image of shown) {
		if (isFinished(image.status) === finished) {
			hidden[image.status]--;
		}
	}

	return hiddenTotal(hidden) > 0 ? hidden : undefined;
}

/**
 * Which rows of a run fit in `budget` lines. All of them when they fit; otherwise in-flight rows
 * first, then the most recently finished (failures before successes), then those an abort cut short,
 * then the next queued, then those an abort kept from starting, with the rest collapsed into a count
 * above (done, failed) and below (in flight, queued, aborted). Pure; O(n log n).
 */
export function windowRows(images: readonly WindowedImage[], budget: number): RowWindow {
	const counts = {...noneHidden};
	for (const image of images) {
		counts[image.status]++;
	}

	const byIndex = new Map(images.map(image => [image.index, image]));
	const window = windowRanked(rank(images).map(index => byIndex.get(index)!), counts, images.length, budget);
	return {...window, visible: window.visible.map(image => image.index)};
}

/**
 * windowRows for a run whose rows are already ranked (best first, as RowIndex keeps them): `ranked`
 * may stop after the most rows a screen could show; `counts` are the run's images by status and
 * `total` their number. O(ranked rows).
 */
export function windowRanked<T extends WindowedImage>(ranked: readonly T[], counts: HiddenCounts, total: number, budget: number): RankedWindow<T> {
	const lines = Math.max(0, Math.floor(budget));
	const byIndex = (a: T, b: T) => a.index - b.index;
	if (total <= lines && ranked.length >= total) {
		return {visible: ranked.slice(0, total).sort(byIndex), before: undefined, after: undefined, lines: total};
	}

	if (lines === 0) {
		return {visible: [], before: undefined, after: undefined, lines: 0};
	}

	if (lines < 3) {
		// No room for rows and both collapsed lines: one line that counts everything.
		return {visible: [], before: {...counts}, after: undefined, lines: 1};
	}

	for (let reserve = 0; reserve <= 2; reserve++) {
		const shown = ranked.slice(0, lines - reserve);
		const before = countHidden(counts, shown, true);
		const after = countHidden(counts, shown, false);
		const needed = (before ? 1 : 0) + (after ? 1 : 0);
		if (needed <= reserve) {
			return {visible: shown.sort(byIndex), before, after, lines: shown.length + needed};
		}
	}

	// Unreachable: with two lines reserved every hidden row is counted.
	return {visible: [], before: undefined, after: undefined, lines: 0};
}

/** Indices by how much they deserve a row. */
function rank(images: readonly WindowedImage[]): number[] {
	const running: number[] = [];
	const finished: WindowedImage[] = [];
	const queued: number[] = [];
	const interrupted: number[] = [];
	const aborted: number[] = [];
	for (const image of images) {
		switch (image.status) {
			case 'running': {
				running.push(image.index);
				break;
			}

			case 'queued': {
				queued.push(image.index);
				break;
			}

			case 'aborted': {
				(image.startMs === undefined ? aborted : interrupted).push(image.index);
				break;
			}

			default: {
				finished.push(image);
			}
		}
	}

	finished.sort((a, b) => Number(a.status !== 'failed') - Number(b.status !== 'failed')
		|| (b.endMs ?? Number.NEGATIVE_INFINITY) - (a.endMs ?? Number.NEGATIVE_INFINITY)
		|| b.index - a.index);
	return [...running, ...finished.map(image => image.index), ...interrupted, ...queued, ...aborted];
}

// ---------------------------------------------------------------------------------------------
// Screen plan

export type PanelDemand = {
	/** Lines the panel's body would take with every row shown (the image count, or 1 with no run). */
	readonly rows: number;
	/** A run is in flight in this panel: it gets the room. */
	readonly busy: boolean;
};

export type ScreenPlanInput = {
	readonly columns: number;
	readonly rows: number;
	/** Heights of the summary variants that could be shown, tallest first (empty: no summary yet). */
	readonly summaryHeights: readonly number[];
	/** Lines below the panels besides the summary (footer, status). */
	readonly footerLines: number;
	readonly panels: readonly [PanelDemand, PanelDemand];
};

export type ScreenPlan = {
	readonly arrangement: Arrangement;
	readonly panelWidth: number;
	/** Lines for each panel's body (below its one-line header). */
	readonly bodyLines: readonly [number, number];
	/** Index into summaryHeights of the variant that fits, or undefined for no summary. */
	readonly summaryVariant: number | undefined;
	/** Total lines of the screen; always below the terminal height. */
	readonly height: number;
};

/** Fewest body lines a panel should keep when the summary competes for space. */
function minimumBody(panel: PanelDemand): number {
	return Math.min(panel.rows, panel.busy ? 4 : 2);
}

/**
 * Split the terminal between the two panels, the summary and the footer so the whole screen stays
 * within rows - 1 lines (a live area as tall as the terminal flickers and floods scrollback).
 */
export function planScreen(input: ScreenPlanInput): ScreenPlan {
	const arrangement = arrangementFor(input.columns);
	const panelWidth = panelWidthFor(input.columns);
	const maxHeight = Math.max(1, input.rows - 1);
	const [first, second] = input.panels;
	const headerLines = arrangement === 'stacked' ? 2 : 1;
	const needed = arrangement === 'stacked'
		? minimumBody(first) + minimumBody(second)
		: Math.max(minimumBody(first), minimumBody(second));

	let summaryVariant: number | undefined;
	let summaryLines = 0;
	for (const [variant, height] of input.summaryHeights.entries()) {
		if (maxHeight - input.footerLines - height - headerLines >= needed) {
			summaryVariant = variant;
			summaryLines = height;
			break;
		}
	}

	const available = Math.max(0, maxHeight - input.footerLines - summaryLines - headerLines);
	const bodyLines = arrangement === 'stacked'
		? splitStacked(available, first, second)
		: [Math.min(first.rows, available), Math.min(second.rows, available)] as const;
	const panelsHeight = arrangement === 'stacked'
		? bodyLines[0] + bodyLines[1] + 2
		: Math.max(bodyLines[0], bodyLines[1]) + 1;
	return {
		arrangement,
		panelWidth,
		bodyLines,
		summaryVariant,
		height: panelsHeight + summaryLines + input.footerLines,
	};
}

function splitStacked(available: number, first: PanelDemand, second: PanelDemand): readonly [number, number] {
	if (first.rows + second.rows <= available) {
		return [first.rows, second.rows];
	}

	if (first.busy !== second.busy) {
		const idle = first.busy ? second : first;
		const idleLines = Math.min(idle.rows, Math.max(Math.min(2, available), Math.floor(available / 4)));
		const busyLines = Math.min(available - idleLines, first.busy ? first.rows : second.rows);
		return first.busy ? [busyLines, idleLines] : [idleLines, busyLines];
	}

	let a = Math.min(first.rows, Math.ceil(available / 2));
	const b = Math.min(second.rows, available - a);
	a = Math.min(first.rows, available - b);
	return [a, b];
}

// ---------------------------------------------------------------------------------------------
// Row columns

/** Column widths of a progress row; 0 means the field is left out at this width. */
export type RowColumns = {
	readonly index: number;
	readonly bar: number;
	readonly bytes: number;
	readonly speed: number;
	readonly time: number;
	readonly retry: number;
	readonly dims: number;
	readonly ttfb: number;
};

export const rowFieldWidths = {
	icon: 1,
	/** "999.9 kB/999.9 kB" */
	bytes: 17,
	/** "999.9 kB/s" */
	speed: 10,
	/** "12.34s", "1m 3.2s" */
	time: 7,
	/** "↻2" */
	retry: 2,
	/** "1920×1080" */
	dims: 9,
	/** "ttfb 999ms" */
	ttfb: 10,
	minBar: 6,
	maxBar: 40,
} as const;

/**
 * Fit a row into `width` columns (fields separated by one space): the bar takes what is left, up to
 * 40 columns; when it would be narrower than 6, optional fields go, least useful first (time to first
 * byte, dimensions, speed, retries, bytes).
 */
export function rowColumns(width: number, imageCount: number): RowColumns {
	const index = String(Math.max(1, imageCount)).length;
	const w = rowFieldWidths;
	const optional: Array<keyof Omit<RowColumns, 'index' | 'bar' | 'time'>> = ['bytes', 'retry', 'speed', 'dims', 'ttfb'];
	const fields: Record<string, number> = {bytes: w.bytes, speed: w.speed, retry: w.retry, dims: w.dims, ttfb: w.ttfb};
	const used = () => {
		let total = index + 1 + w.icon + 1 + w.time;
		for (const name of optional) {
			total += fields[name]! > 0 ? fields[name]! + 1 : 0;
		}

		return total + 1;
	};

	for (let drop = optional.length - 1; width - used() < w.minBar && drop >= 0; drop--) {
		fields[optional[drop]!] = 0;
	}

	const bar = Math.max(0, Math.min(w.maxBar, width - used()));
	return {
		index,
		bar,
		bytes: fields['bytes']!,
		speed: fields['speed']!,
		time: w.time,
		retry: fields['retry']!,
		dims: fields['dims']!,
		ttfb: fields['ttfb']!,
	};
}
