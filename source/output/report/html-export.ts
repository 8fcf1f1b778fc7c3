import type {RepeatSummary} from '../../model/repeats.js';
import type {RunRecord} from '../../model/run-record.js';
import type {SweepResult} from '../../model/sweep-levels.js';
import type {RaceVerdict} from '../../model/verdict.js';
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

/** What a race's report shows that every other output shows too, each made once by the entry. */
export type RaceFacts = {
	/** Its runs that started: the waterfalls and histograms draw their latest. */
	readonly records: readonly RunRecord[];
	/** Which runs count, their times and costs (summariseRepeats). */
	readonly summary: RepeatSummary;
	/** The race's verdict (finishedRaceVerdict); undefined when a single strategy ran. */
	readonly verdict: RaceVerdict | undefined;
};

/**
 * The HTML report of a race (--export-html). The entry loads this module only when the flag is given:
 * the page's chart library is read from disk here.
 */
export async function raceHtml(facts: RaceFacts, context: HtmlContext): Promise<string> {
	const page = raceReport({...context, records: facts.records, summary: facts.summary, machine: thisMachine(), verdict: reportVerdict(facts.verdict), madeAt: new Date().toISOString()});
	return reportHtml(page, await chartAssets());
}

/** The HTML report of a sweep (imgrace sweep --export-html). */
export async function sweepHtml(result: SweepResult, context: HtmlContext): Promise<string> {
	const page = sweepReport({...context, result, machine: thisMachine(), madeAt: new Date().toISOString()});
	return reportHtml(page, await chartAssets());
}
