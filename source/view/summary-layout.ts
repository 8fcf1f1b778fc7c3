import {fitText} from '../format/fit-text.js';
import {glyphs} from '../format/glyphs.js';

/** How the summary's columns fit the terminal width. */
export type SummaryLayout = {
	readonly labelWidth: number;
	readonly valueWidth: number;
	/** The strategy columns of each block, top to bottom: one block when they all fit on a line. */
	readonly groups: readonly (readonly number[])[];
	/** Narrow columns: the rows' short labels and values. */
	readonly short: boolean;
};

const wide = {labelWidth: 16, minValue: 8, maxValue: 34};
/** With more than two strategies, the wide form only when every value fits ("1.23s / 2.10s / 3.50s"). */
const wideEnough = 22;
const narrow = {labelWidth: 11, minValue: 12};

function chunks(count: number, size: number): number[][] {
	const groups: number[][] = [];
	for (let first = 0; first < count; first += size) {
		groups.push(Array.from({length: Math.min(size, count - first)}, (_, offset) => first + offset));
	}

	return groups;
}

/**
 * Lay `columns` strategy columns out in `width` terminal columns: a 16-column label and values up to
 * 34 wide while they fit (always with one or two strategies, as the summary has always looked);
 * otherwise short labels and values, and when even those do not fit on one line, the columns in
 * blocks of equal size, one under the other. Pure.
 */
export function summaryLayout(columns: number, width: number): SummaryLayout {
	const count = Math.max(1, columns);
	const wideValue = Math.max(wide.minValue, Math.min(wide.maxValue, Math.floor((width - wide.labelWidth - count) / count)));
	if (count <= 2 || wideValue >= wideEnough) {
		return {labelWidth: wide.labelWidth, valueWidth: wideValue, groups: chunks(columns, count), short: false};
	}

	const fitting = Math.max(1, Math.min(count, Math.floor((width - narrow.labelWidth) / (narrow.minValue + 1))));
	// Blocks as even as they can be: four in twos rather than three and one.
	const perGroup = Math.ceil(count / Math.ceil(count / fitting));
	const valueWidth = Math.max(narrow.minValue, Math.min(wide.maxValue, Math.floor((width - narrow.labelWidth - perGroup) / perGroup)));
	return {labelWidth: narrow.labelWidth, valueWidth, groups: chunks(columns, perGroup), short: true};
}

/** " ×4" at the end of a title (" x4" without UTF-8). */
const widthSuffix = new RegExp(` ${glyphs.times}\\d+$`);

/**
 * A column title in `width`: whole; else whole with its width joined on as the verdict writes it
 * ("Processes×10"); else cut, keeping its width suffix ("Test proce… ×4"): which strategy a column is
 * can be guessed from a cut name, how wide it ran cannot.
 */
export function fitTitle(title: string, width: number): string {
	const characters = [...title];
	const suffix = widthSuffix.exec(title)?.[0];
	if (characters.length <= width || !suffix || width < suffix.length + 4) {
		return fitText(title, width);
	}

	const joined = title.slice(0, -suffix.length) + suffix.slice(1);
	if ([...joined].length <= width) {
		return fitText(joined, width);
	}

	return fitText(title.slice(0, -suffix.length), width - suffix.length) + suffix;
}

/** One row of the summary's table: a label and a value per strategy, each in a long and a short form. */
export type SummaryRow = {
	readonly label: string;
	/** One per column. */
	readonly values: readonly string[];
	/**
	 * For narrow columns (see summaryLayout): at most 11 columns, or wider for wide label columns only,
	 * where the narrower forms then stand for it in narrow ones.
	 */
	readonly shortLabel: string;
	/** For narrow columns: the same facts in fewer characters. */
	readonly shortValues: readonly string[];
	/**
	 * Narrower forms still, each with fewer figures and a label that names them ("med/p95"), tried in
	 * turn where a short value would not fit its column.
	 */
	readonly narrower?: ReadonlyArray<{readonly label: string; readonly values: readonly string[]}>;
};

/**
 * A row's label and values as `layout` shows them: the long forms in wide columns where every value
 * fits with room to spare, else the row's short form (two strategies at 60 columns: "ttfb/p95
 * 12/46ms", never "first byte 12ms mean · 46ms p…"), else the first narrower form whose values all
 * fit ("med/p95 510/610ms", never "510/610/659…", whose unit is cut off). A long value that fills its
 * column exactly would stand one space from the next column's ("271ms / 403ms / 427ms 306ms / …"),
 * read as one list.
 */
export function rowCells(row: SummaryRow, layout: SummaryLayout): {label: string; values: readonly string[]} {
	const long = !layout.short && row.values.every(value => [...value].length < layout.valueWidth);
	if (long) {
		return {label: row.label, values: row.values};
	}

	const forms = [{label: row.shortLabel, values: row.shortValues}, ...(row.narrower ?? [])];
	const fits = (form: {label: string; values: readonly string[]}) => [...form.label].length <= layout.labelWidth && form.values.every(value => [...value].length <= layout.valueWidth);
	return forms.find(form => fits(form)) ?? forms.at(-1)!;
}
