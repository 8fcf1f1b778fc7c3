import {regularizedIncompleteBeta} from './incomplete-beta.js';

/**
 * P(|T| ≥ |t|) for Student's t with `df` degrees of freedom (df > 0, not necessarily whole, as
 * Welch's df is): I_(df / (df + t²))(df / 2, 1 / 2). NaN for df ≤ 0 or a NaN t.
 */
export function studentTTwoSidedP(t: number, df: number): number {
	if (Number.isNaN(t) || !(df > 0)) {
		return Number.NaN;
	}

	if (!Number.isFinite(t)) {
		return 0;
	}

	const square = t * t;
	// Both x and 1 - x computed directly: for a small t, x is close to 1 and 1 - x would cancel.
	return Math.min(1, regularizedIncompleteBeta(df / (df + square), df / 2, 0.5, square / (df + square)));
}

/** P(T ≤ t), the Student t cumulative distribution function. */
export function studentTCdf(t: number, df: number): number {
	const tail = studentTTwoSidedP(t, df) / 2;
	return t > 0 ? 1 - tail : tail;
}
