import {mean, standardDeviation} from './statistics.js';
import {studentTTwoSidedP} from './student-t.js';

export type WelchResult = {
	/** (mean a − mean b) / standard error of the difference. */
	readonly t: number;
	/** Welch–Satterthwaite degrees of freedom (not a whole number in general). */
	readonly df: number;
	/** Two-sided p-value: how likely a |t| this large is when both samples share one mean. */
	readonly p: number;
};

/**
 * Welch's unequal-variances t-test of two samples. Undefined when either has fewer than two values:
 * with one value there is no variance to estimate. When both samples have zero variance the
 * difference is exact: p = 1 for equal means, 0 otherwise.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | undefined {
	if (a.length < 2 || b.length < 2) {
		return undefined;
	}

	const errorA = (standardDeviation(a) ** 2) / a.length;
	const errorB = (standardDeviation(b) ** 2) / b.length;
	const difference = mean(a) - mean(b);
	const errorSum = errorA + errorB;
	if (errorSum === 0) {
		const df = a.length + b.length - 2;
		return difference === 0 ? {t: 0, df, p: 1} : {t: Math.sign(difference) * Number.POSITIVE_INFINITY, df, p: 0};
	}

	const t = difference / Math.sqrt(errorSum);
	const df = (errorSum ** 2) / (((errorA ** 2) / (a.length - 1)) + ((errorB ** 2) / (b.length - 1)));
	return {t, df, p: studentTTwoSidedP(t, df)};
}
