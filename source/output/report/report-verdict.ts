import {claimVerdict} from '../../model/claim.js';
import {summariseRepeats} from '../../model/repeats.js';
import type {RunRecord} from '../../model/run-record.js';
import {latestRuns} from '../../model/verdict.js';

/** What the report says at its top: the verdict, and the claim sentences under it. */
export type ReportVerdict = {
	readonly text: string;
	readonly claims: readonly string[];
};

/**
 * The report's one way to the verdict: the same text --export-json records (every counted run of each
 * strategy), and the claim of the latest runs. The only place the report reads the verdict's modules,
 * so a new verdict is swapped in here.
 */
export function reportVerdict(records: readonly RunRecord[], cores: number): ReportVerdict {
	const claim = claimVerdict(latestRuns(records), cores);
	return {text: summariseRepeats(records).verdict.text, claims: claim === undefined ? [] : [claim]};
}
