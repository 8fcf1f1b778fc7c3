import type {RunRecord} from '../../model/run-record.js';
import {raceVerdict} from '../../model/verdict.js';

/** What the report says at its top: the verdict, and the claim sentences under it. */
export type ReportVerdict = {
	readonly text: string;
	readonly claims: readonly string[];
};

/**
 * The report's one way to the verdict: the same one every other output gives (model/verdict.ts), over
 * every counted run of each strategy, as --export-json records it.
 */
export function reportVerdict(records: readonly RunRecord[], cores: number): ReportVerdict {
	const verdict = raceVerdict(records, {cores});
	return {text: verdict.text, claims: verdict.claim};
}
