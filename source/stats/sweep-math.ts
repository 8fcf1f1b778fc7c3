export type SweepLevel = {
	readonly concurrency: number;
	/** Sequential wall time / this level's wall time. */
	readonly speedup: number;
	/** σ of the speedup over repeated runs, when there were several. */
	readonly speedupSd?: number;
	/** Images that failed at this level: it did less work, so its speedup says little. */
	readonly failedImages?: number;
};

export type IdealLimits = {
	/** Images in the run: more concurrency than images has nothing to do. */
	readonly images: number;
	/** The most speedup the link allows: its bandwidth ÷ what one download alone gets of it. */
	readonly linkCap?: number;
	/** CPU cores, for strategies whose work is CPU-bound (threads, processes). */
	readonly cores?: number;
};

/** The best speedup `concurrency` could give: linear in it until the images, the link or the cores cap it. */
export function idealSpeedup(concurrency: number, limits: IdealLimits): number {
	const caps = [concurrency, limits.images, limits.linkCap ?? Number.POSITIVE_INFINITY, limits.cores ?? Number.POSITIVE_INFINITY];
	return Math.max(0, Math.min(...caps.map(cap => Number.isNaN(cap) ? Number.POSITIVE_INFINITY : cap)));
}

/**
 * Where adding concurrency stopped paying: the smallest level whose speedup is within `tolerance`
 * (a fraction) of the best measured. Undefined without levels.
 */
export function stoppedPayingAt<Level extends SweepLevel>(levels: readonly Level[], tolerance = 0.05): Level | undefined {
	const measured = levels.filter(level => Number.isFinite(level.speedup));
	if (measured.length === 0) {
		return undefined;
	}

	const best = Math.max(...measured.map(level => level.speedup));
	const enough = best * (1 - tolerance);
	return [...measured].sort((a, b) => a.concurrency - b.concurrency).find(level => level.speedup >= enough);
}

/**
 * Where adding concurrency stopped paying, and whether that is a finding: a best at the widest level
 * measured is only the end of the range (or of the images), so `stopped` is false there; it says adding
 * concurrency still paid. Undefined without levels that did all their work.
 */
export function payoff<Level extends SweepLevel>(levels: readonly Level[], tolerance = 0.05): {readonly level: Level; readonly stopped: boolean} | undefined {
	// Levels with failed images did less work: not measured. Where the first level (what every speedup
	// divides) failed images, no level is.
	const first = [...levels].sort((a, b) => a.concurrency - b.concurrency)[0];
	const whole = (first?.failedImages ?? 0) > 0 ? [] : levels.filter(entry => (entry.failedImages ?? 0) === 0);
	const level = stoppedPayingAt(whole, tolerance);
	if (level === undefined) {
		return undefined;
	}

	const widest = Math.max(...whole.filter(entry => Number.isFinite(entry.speedup)).map(entry => entry.concurrency));
	return {level, stopped: level.concurrency < widest};
}
