import type {BenchResults} from '../results.js';
import type {Exporter} from './exporter.js';
import {buildSections} from './sections.js';

/** The terminal the report is written for: every line of it fits in this many columns. */
export const reportColumns = 100;

/** Columns a cell takes: every character in the report (±, …, ×, digits) is one column wide. */
function stringWidth(text: string): number {
	return [...text].length;
}

function pad(text: string, width: number, alignRight: boolean): string {
	const gap = ' '.repeat(Math.max(0, width - stringWidth(text)));
	return alignRight ? gap + text : text + gap;
}

/**
 * `text` broken at spaces into lines of at most `width` columns, the first after `first`, the others
 * after `rest`; a word longer than a line stays whole.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
	const lines: string[] = [];
	let line = first;
	let empty = true;
	for (const word of text.split(' ')) {
		if (!empty && stringWidth(line) + 1 + stringWidth(word) > width) {
			lines.push(line);
			line = rest + word;
		} else {
			line = empty ? line + word : `${line} ${word}`;
		}

		empty = false;
	}

	return [...lines, line];
}

/** Plain-text tables for the terminal: first column left-aligned, figures right-aligned; titles and notes wrapped. */
export const tableExporter: Exporter = {
	serialize(results: BenchResults): string {
		const lines: string[] = [];
		for (const section of buildSections(results)) {
			const widths = section.columns.map((column, index) => Math.max(stringWidth(column), ...section.rows.map(row => stringWidth(row[index] ?? ''))));
			const line = (cells: readonly string[]) => cells.map((cell, index) => pad(cell, widths[index]!, index > 0)).join('  ').trimEnd();
			lines.push(...wrap(section.title, reportColumns), line(section.columns), widths.map(width => '─'.repeat(width)).join('  '));
			for (const row of section.rows) {
				lines.push(line(row));
			}

			for (const note of section.notes) {
				lines.push(...wrap(note, reportColumns, '  ', '    '));
			}

			lines.push('');
		}

		return `${lines.join('\n').trimEnd()}\n`;
	},
};
