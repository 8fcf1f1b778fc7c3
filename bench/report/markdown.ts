import type {BenchResults} from '../results.js';
import type {Exporter} from './exporter.js';
import {buildSections} from './sections.js';

function escapeCell(text: string): string {
	return text.replaceAll('|', String.raw`\|`);
}

/** The report's tables as GitHub Markdown, for docs/performance.md. */
export const markdownExporter: Exporter = {
	serialize(results: BenchResults): string {
		const lines: string[] = [];
		for (const section of buildSections(results)) {
			lines.push(`#### ${section.title}`, '');
			lines.push(`| ${section.columns.map(escapeCell).join(' | ')} |`);
			lines.push(`|${section.columns.map((_, index) => index === 0 ? ':---' : '---:').join('|')}|`);
			for (const row of section.rows) {
				lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
			}

			lines.push('');
			for (const note of section.notes) {
				lines.push(`${note}  `);
			}

			if (section.notes.length > 0) {
				lines.push('');
			}
		}

		return `${lines.join('\n').trimEnd()}\n`;
	},
};
