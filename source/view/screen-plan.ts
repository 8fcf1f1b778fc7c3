import {arrangementFor, panelGap, panelLines, type Arrangement} from './arrangement.js';
import {rowColumns} from './row-columns.js';


export type PanelDemand = {
	/** Lines the panel's body would take with every row shown (the image count, or 1 with no run). */
	readonly rows: number;
	/** A run is in flight in this panel: it gets the room. */
	readonly busy: boolean;
	/** Its run is over: its header says how it ended and how many images it did, so it needs no body line. */
	readonly settled?: boolean;
};

export type ScreenPlanInput = {
	readonly columns: number;
	readonly rows: number;
	/** Heights of the summary variants that could be shown, tallest first (empty: no summary yet). */
	readonly summaryHeights: readonly number[];
	/** Lines below the panels besides the summary (footer, status). */
	readonly footerLines: number;
	/** One per panel, in the order they are shown. */
	readonly panels: readonly PanelDemand[];
};

export type ScreenPlan = {
	readonly arrangement: Arrangement;
	/** The panel indexes on each line of panels, top to bottom (one per line when stacked). */
	readonly lines: readonly (readonly number[])[];
	/** Columns of each panel, in panel order: a line's panels share its width, so a panel alone on its line (the third of three in a grid) has all of it. */
	readonly panelWidths: readonly number[];
	/** Lines for each panel's body (below its one-line header), in panel order. */
	readonly bodyLines: readonly number[];
	/** Index into summaryHeights of the variant that fits, or undefined for no summary. */
	readonly summaryVariant: number | undefined;
	/** Total lines of the screen; always below the terminal height. */
	readonly height: number;
};

/**
 * Fewest body lines a panel should keep when the summary competes for space: a panel not racing
 * says all it must in one ("10 images queued", "not run yet"), and one whose run is over in its header
 * ("done 5.08s 10/10"), so the summary's table and the whole verdict keep their place on a short
 * terminal with five panels.
 */
function minimumBody(panel: PanelDemand): number {
	return Math.min(panel.rows, panel.busy ? 4 : (panel.settled ? 0 : 1));
}

/**
 * Split the terminal between the panels, the summary and the footer so the whole screen stays within
 * rows - 1 lines (a live area as tall as the terminal flickers and floods scrollback).
 */
export function planScreen(input: ScreenPlanInput): ScreenPlan {
	const {panels} = input;
	const arrangement = arrangementFor(input.columns, panels.length);
	const maxHeight = Math.max(1, input.rows - 1);
	// Each line of panels is laid out as one stacked panel that wants what the tallest of its panels
	// wants: stacked is one panel a line, side by side one line of them all.
	const lines = panelLines(arrangement, panels.length);
	const panelWidths = panels.map(() => input.columns);
	const shared = (count: number) => Math.floor((input.columns - (panelGap * (count - 1))) / count);
	const fullLine = Math.max(0, ...lines.map(line => line.length));
	// A panel alone on the last line of a grid lines up with the panels above it where their width shows a
	// row's every field; only where it would lose some (100 columns: 49 each) does it take the whole line.
	const images = Math.max(1, ...panels.map(panel => panel.rows));
	const lone = rowColumns(shared(fullLine), images).ttfb > 0 ? shared(fullLine) : input.columns;
	for (const line of lines) {
		for (const at of line) {
			panelWidths[at] = line.length === 1 && fullLine > 1 ? lone : shared(line.length);
		}
	}

	const headerLines = lines.length;
	const lineDemands = lines.map((line): PanelDemand => ({
		rows: Math.max(0, ...line.map(at => panels[at]!.rows)),
		busy: line.some(at => panels[at]!.busy),
	}));
	const needed = sum(lines.map(line => Math.max(0, ...line.map(at => minimumBody(panels[at]!)))));

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
	const lineBodies = splitStacked(available, lineDemands);
	const bodyLines = panels.map(() => 0);
	for (const [row, line] of lines.entries()) {
		for (const at of line) {
			bodyLines[at] = Math.min(panels[at]!.rows, lineBodies[row]!);
		}
	}

	return {
		arrangement,
		lines,
		panelWidths,
		bodyLines,
		summaryVariant,
		height: sum(lineBodies) + headerLines + summaryLines + input.footerLines,
	};
}

function sum(values: readonly number[]): number {
	let total = 0;
	for (const value of values) {
		total += value;
	}

	return total;
}

/**
 * Stacked panels share the height: every row when all fit; otherwise panels with a run in flight get
 * the room and idle ones a glimpse (an eighth of the height per panel, two lines at least), and panels
 * of the same kind split evenly, any line one of them cannot use going to the earlier ones. The
 * glimpses never take the lines a busy panel needs at least (see minimumBody): with many idle panels
 * on a short terminal they would otherwise leave the race in flight no row at all.
 */
function splitStacked(available: number, panels: readonly PanelDemand[]): number[] {
	if (sum(panels.map(panel => panel.rows)) <= available) {
		return panels.map(panel => panel.rows);
	}

	const busy = panels.filter(panel => panel.busy).length;
	if (busy === 0 || busy === panels.length) {
		return splitEvenly(available, panels.map(panel => panel.rows));
	}

	const glimpse = Math.max(Math.min(2, available), Math.floor(available / (2 * panels.length)));
	const busyFloor = Math.min(available, sum(panels.filter(panel => panel.busy).map(panel => minimumBody(panel))));
	let left = available - busyFloor;
	const lines = panels.map(panel => {
		if (panel.busy) {
			return 0;
		}

		const taken = Math.min(panel.rows, glimpse, left);
		left -= taken;
		return taken;
	});
	const busyLines = splitEvenly(left + busyFloor, panels.filter(panel => panel.busy).map(panel => panel.rows));
	let next = 0;
	return lines.map((taken, at) => (panels[at]!.busy ? busyLines[next++]! : taken));
}

function splitEvenly(available: number, wants: readonly number[]): number[] {
	let left = available;
	const lines = wants.map((want, at) => {
		const taken = Math.min(want, Math.ceil(left / (wants.length - at)));
		left -= taken;
		return taken;
	});
	for (const [at, want] of wants.entries()) {
		const more = Math.min(want - lines[at]!, left);
		lines[at]! += more;
		left -= more;
	}

	return lines;
}
