import {exportFlags, type ExportTargets} from '../config/show-options.js';
import {csvText, markdownParagraph, markdownText, type ExportTable} from './export-table.js';
import {ExportError, writeExport} from './write-export.js';

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

/**
 * Every export asked for: JSON as the document, Markdown and CSV as the table, the HTML report, the HAR.
 * One that cannot be written does not keep the others from theirs: each is tried, then one ExportError
 * names every one that failed, a line each.
 */
export async function writeExports(targets: ExportTargets, contents: ExportContents): Promise<void> {
	const {html, har} = contents;
	const exports: Array<readonly [keyof ExportTargets, () => string | Promise<string>]> = [
		['json', () => `${JSON.stringify(contents.document, undefined, 2)}\n`],
		['markdown', () => [markdownText(contents.table), ...(contents.notes ?? []).map(note => `${markdownParagraph(note)}\n`)].join('\n')],
		['csv', () => csvText(contents.table)],
		...(html ? [['html', html] as const] : []),
		...(har ? [['har', () => `${JSON.stringify(har(), undefined, 2)}\n`] as const] : []),
	];
	const failures: ExportError[] = [];
	for (const [key, text] of exports) {
		const target = targets[key];
		if (target === undefined) {
			continue;
		}

		try {
			await writeExport(`--${exportFlags[key]}`, target, await text());
		} catch (error) {
			if (!(error instanceof ExportError)) {
				throw error;
			}

			failures.push(error);
		}
	}

	if (failures.length > 0) {
		throw failures.length === 1 ? failures[0]! : new ExportError(failures.map(failure => failure.message).join('\n'), {cause: failures});
	}
}
