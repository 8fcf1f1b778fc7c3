import type {RunRecord} from '../../model/run-record.js';
import type {SweepResult} from '../../model/sweep-levels.js';
import {chartAssets} from './chart-assets.js';
import {reportHtml} from './html-page.js';
import {thisMachine} from './machine.js';
import {raceReport} from './race-report.js';
import {reportVerdict} from './report-verdict.js';
import {sweepReport} from './sweep-page.js';

/** What --export-html is given of a race or a sweep: the settings it ran with, imgrace's version. */
export type HtmlContext = {
	readonly settings: Readonly<Record<string, unknown>>;
	readonly version: string;
};

/**
 * The HTML report of a race's counted runs (--export-html). The entry loads this module only when the
 * flag is given: the page's chart library is read from disk here.
 */
export async function raceHtml(records: readonly RunRecord[], context: HtmlContext): Promise<string> {
	const machine = thisMachine();
	const page = raceReport({...context, records, machine, verdict: reportVerdict(records, machine.cores), madeAt: new Date().toISOString()});
	return reportHtml(page, await chartAssets());
}

/** The HTML report of a sweep (imgrace sweep --export-html). */
export async function sweepHtml(result: SweepResult, context: HtmlContext): Promise<string> {
	const page = sweepReport({...context, result, machine: thisMachine(), madeAt: new Date().toISOString()});
	return reportHtml(page, await chartAssets());
}
