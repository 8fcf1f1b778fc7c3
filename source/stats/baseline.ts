import {ratioWithSpread, summarize, type Summary} from './statistics.js';
import {welchTTest} from './welch.js';

export type BaselineVerdict = 'faster' | 'slower' | 'no difference' | 'cannot decide';

export type BaselineOptions = {
	/** Significance level of the two-sided Welch test. */
	readonly alpha?: number;
	/** A relative change smaller than this is "no difference", however significant. */
	readonly noiseFloor?: number;
};

export type BaselineComparison = {
	readonly verdict: BaselineVerdict;
	/** Why the verdict: the test said so, the change is under the noise floor, or no test could run ('cannot decide'). */
	readonly reason: 'significant' | 'not significant' | 'below noise floor' | 'too few runs for a test';
	/** mean(current) / mean(baseline): below 1 is faster for durations. */
	readonly ratio: number;
	/** σ of the ratio, from the two samples' relative σ (as ratioWithSpread); undefined for one run against one run, which have none. */
	readonly ratioSpread: number | undefined;
	/** Welch's two-sided p-value; undefined when the test could not run. */
	readonly p: number | undefined;
	readonly t: number | undefined;
	readonly df: number | undefined;
	/** False when either side has a single value: the verdict then rests on the noise floor alone. */
	readonly testRan: boolean;
	readonly current: Summary;
	readonly baseline: Summary;
};

/**
 * Compares durations of the current run(s) with a saved baseline's. "faster"/"slower" only when the
 * change is at least the noise floor and Welch's test finds it significant at `alpha`; never from the
 * bare ratio. With fewer than two runs on either side there is no test: "cannot decide", whatever the
 * ratio (one run against one run is one draw of the noise each). Undefined when either side is empty or
 * the baseline's mean is 0 (no ratio).
 */
export function compareToBaseline(current: readonly number[], baseline: readonly number[], options: BaselineOptions = {}): BaselineComparison | undefined {
	const {alpha = 0.05, noiseFloor = 0.03} = options;
	const now = summarize(current);
	const before = summarize(baseline);
	const spread = ratioWithSpread(now, before);
	if (!now || !before || !spread) {
		return undefined;
	}

	const direction: BaselineVerdict = spread.ratio < 1 ? 'faster' : 'slower';
	const test = welchTTest(current, baseline);
	const common = {
		ratio: spread.ratio,
		ratioSpread: now.count > 1 || before.count > 1 ? spread.sd : undefined,
		p: test?.p,
		t: test?.t,
		df: test?.df,
		testRan: test !== undefined,
		current: now,
		baseline: before,
	};
	if (!test) {
		return {...common, verdict: 'cannot decide', reason: 'too few runs for a test'};
	}

	if (Math.abs(spread.ratio - 1) < noiseFloor) {
		return {...common, verdict: 'no difference', reason: 'below noise floor'};
	}

	return test.p < alpha
		? {...common, verdict: direction, reason: 'significant'}
		: {...common, verdict: 'no difference', reason: 'not significant'};
}
