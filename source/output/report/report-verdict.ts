import type {RaceVerdict} from '../../model/verdict.js';

/** What the report says at its top: the verdict, and the claim sentences under it. */
export type ReportVerdict = {
	readonly text: string;
	readonly claims: readonly string[];
};

/**
 * The report's verdict is the race's own (finishedRaceVerdict, made once by the entry for every output),
 * never one the report makes again; none when a single strategy ran.
 */
export function reportVerdict(verdict: RaceVerdict | undefined): ReportVerdict | undefined {
	return verdict && {text: verdict.text, claims: verdict.claim};
}
