import type {BenchResults} from '../results.js';
import type {Exporter} from './exporter.js';
import {buildSections} from './sections.js';

/** Columns a cell takes: every character in the report (±, …, ×, digits) is one column wide. */
function stringWidth(text: string): number {
	return [...text].length;
}

function pad(text: string, width: number, alignRight: boolean): string {
	const gap = ' '.repeat(Math.max(0, width - stringWidth(text)));
	return alignRight ? gap + text : text + gap;
}

/** Plain-text tables for the terminal: first column left-aligned, figures right-aligned. */
export const tableExporter: Exporter = {
	serialize(results: BenchResults): string {
		const lines: string[] = [];
		for (const section of buildSections(results)) {
			const widths = section.columns.map((column, index) => Math.max(stringWidth(column), ...section.rows.map(row => stringWidth(row[index] ?? ''))));
			const line = (cells: readonly string[]) => cells.map((cell, index) => pad(cell, widths[index]!, index > 0)).join('  ').trimEnd();
			lines.push(section.title, line(section.columns), widths.map(width => '─'.repeat(width)).join('  '));
			for (const row of section.rows) {
				lines.push(line(row));
			}

			lines.push(...section.notes.map(note => `  ${note}`), '');
		}

		return `${lines.join('\n').trimEnd()}\n`;
	},
};
