/** Summary statistics over a sample, as hyperfine reports them. Pure; empty input gives undefined. */
export type Summary = {
	readonly count: number;
	readonly mean: number;
	/** Sample standard deviation (n - 1); 0 for a single value. */
	readonly sd: number;
	readonly min: number;
	readonly max: number;
	readonly median: number;
	readonly p95: number;
};

export function mean(values: readonly number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	let sum = 0;
	for (const value of values) {
		sum += value;
	}

	return sum / values.length;
}

export function standardDeviation(values: readonly number[]): number {
	if (values.length < 2) {
		return 0;
	}

	const m = mean(values);
	let squares = 0;
	for (const value of values) {
		squares += (value - m) ** 2;
	}

	return Math.sqrt(squares / (values.length - 1));
}

/** Linear-interpolated quantile (q in [0, 1]) of already sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) {
		return Number.NaN;
	}

	const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
	const lower = Math.floor(position);
	const upper = Math.ceil(position);
	const low = sorted[lower]!;
	const high = sorted[upper]!;
	return low + ((high - low) * (position - lower));
}

export type Percentiles = {
	readonly p50: number;
	readonly p90: number;
	readonly p99: number;
};

/**
 * p50, p90 and p99 by linear interpolation between closest ranks (Hyndman & Fan type 7: R's and
 * numpy's default, the same quantileSorted the summary's median uses), so a p99 of ten values lies
 * between the two largest rather than being the largest. Undefined for no values.
 */
export function percentiles(values: readonly number[]): Percentiles | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	return {p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), p99: quantileSorted(sorted, 0.99)};
}

export function summarize(values: readonly number[]): Summary | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	return {
		count: sorted.length,
		mean: mean(sorted),
		sd: standardDeviation(sorted),
		min: sorted[0]!,
		max: sorted.at(-1)!,
		median: quantileSorted(sorted, 0.5),
		p95: quantileSorted(sorted, 0.95),
	};
}

/**
 * Ratio a / b with its spread, propagating relative standard deviations (as hyperfine does for
 * "x times faster"). Undefined when either side is missing or b is zero.
 */
export function ratioWithSpread(a: Summary | undefined, b: Summary | undefined): {ratio: number; sd: number} | undefined {
	if (!a || !b || b.mean === 0) {
		return undefined;
	}

	const ratio = a.mean / b.mean;
	const relative = Math.sqrt(((a.sd / a.mean) ** 2) + ((b.sd / b.mean) ** 2));
	return {ratio, sd: Number.isFinite(relative) ? ratio * relative : 0};
}
