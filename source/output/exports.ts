import type {ExportTargets} from '../config/show-options.js';
import {csvText, markdownParagraph, markdownText, type ExportTable} from './export-table.js';
import {writeExport} from './write-export.js';

/**
 * Every export asked for, of one document and its table: JSON as the document, Markdown and CSV as the
 * table; Markdown, for people, also gives `notes` (the verdict) under the table, a paragraph each.
 */
export async function writeExports(targets: ExportTargets, document: unknown, table: ExportTable, notes: readonly string[] = []): Promise<void> {
	if (targets.json !== undefined) {
		await writeExport('--export-json', targets.json, `${JSON.stringify(document, undefined, 2)}\n`);
	}

	if (targets.markdown !== undefined) {
		await writeExport('--export-markdown', targets.markdown, [markdownText(table), ...notes.map(note => `${markdownParagraph(note)}\n`)].join('\n'));
	}

	if (targets.csv !== undefined) {
		await writeExport('--export-csv', targets.csv, csvText(table));
	}
}
