import {exportFlags, type ExportTargets} from '../config/show-options.js';
import {csvText, markdownParagraph, markdownText, type ExportTable} from './export-table.js';
import {writeExport} from './write-export.js';

/** What the exports are made of. The HTML report and the HAR are built only when asked for. */
export type ExportContents = {
	/** The JSON document. */
	readonly document: unknown;
	/** Markdown and CSV write it. */
	readonly table: ExportTable;
	/** Markdown, for people, also gives these (the verdict) under the table, a paragraph each. */
	readonly notes?: readonly string[];
	/** The HTML report's text (it reads its chart library from disk, hence loaded only here). */
	readonly html?: () => Promise<string>;
	/** The HAR document. */
	readonly har?: () => unknown;
};

/** Every export asked for: JSON as the document, Markdown and CSV as the table, the HTML report, the HAR. */
export async function writeExports(targets: ExportTargets, contents: ExportContents): Promise<void> {
	if (targets.json !== undefined) {
		await writeExport(`--${exportFlags.json}`, targets.json, `${JSON.stringify(contents.document, undefined, 2)}\n`);
	}

	if (targets.markdown !== undefined) {
		await writeExport(`--${exportFlags.markdown}`, targets.markdown, [markdownText(contents.table), ...(contents.notes ?? []).map(note => `${markdownParagraph(note)}\n`)].join('\n'));
	}

	if (targets.csv !== undefined) {
		await writeExport(`--${exportFlags.csv}`, targets.csv, csvText(contents.table));
	}

	if (targets.html !== undefined && contents.html) {
		await writeExport(`--${exportFlags.html}`, targets.html, await contents.html());
	}

	if (targets.har !== undefined && contents.har) {
		await writeExport(`--${exportFlags.har}`, targets.har, `${JSON.stringify(contents.har(), undefined, 2)}\n`);
	}
}
