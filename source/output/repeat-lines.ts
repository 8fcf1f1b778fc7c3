import {runsLine} from '../charts/index.js';
import {glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import type {StrategyComparison} from '../model/baseline-comparison.js';
import {wideSpread, type Noise} from '../model/noise.js';
import type {RepeatSummary} from '../model/repeats.js';
import type {BaselineComparison} from '../stats/baseline.js';
import {widthLabel} from '../model/width-label.js';

const width = 200;

/**
 * hyperfine's summary of repeated runs: a line per strategy ("parallel×4: 106 ms ± 1 ms (min 105 … max
 * 107, 3 runs)"). The verdict over them follows, printed once by the caller (verdictLines).
 */
export function repeatLines(summary: RepeatSummary, warmup: number): string[] {
	const lines = summary.strategies.map(side => {
		const name = widthLabel(side.strategy, side.role, side.concurrency);
		const leftOut = side.leftOut > 0 ? ` (${side.leftOut} not counted: aborted, failed images or not started)` : '';
		return side.summary ? `${name}: ${runsLine(side.summary, {width})}${leftOut}` : `${name}: no run to count${leftOut}`;
	});
	const warm = warmup > 0 ? ` after ${warmup} warm-up ${warmup === 1 ? 'run' : 'runs'} each` : '';
	return [`Repeated runs${warm}:`, ...lines.map(line => `  ${line}`)];
}

/**
 * The noise notes, as hyperfine warns: "Noise: the 1-minute load average reached 5.3 on 2 cores …" and
 * "Noise: parallel×4's runs spread widely …". None when nothing blurred the race.
 */
export function noiseLines(noise: Noise): string[] {
	const busy = noise.busy && noise.loadAverage !== null
		? [`Noise: the 1-minute load average reached ${noise.loadAverage.toFixed(1)} on ${plural(noise.cores, 'core')} during the race (imgrace's own work counts too): other work may have stretched these times`]
		: [];
	const wide = noise.wide.map(side => `Noise: ${widthLabel(side.strategy, side.role, side.concurrency)}'s runs spread widely, their standard deviation ${Math.round(side.spread * 100)}% of the mean (over ${Math.round(wideSpread * 100)}%): more --runs or a quieter machine would tell more`);
	return [...busy, ...wide];
}

function pValue(p: number | undefined): string {
	if (p === undefined) {
		return 'no test: one run';
	}

	// The baseline's times are checked when it is read (config/baseline-file.ts); never print "p = NaN" all the same.
	if (!Number.isFinite(p)) {
		return 'no p-value';
	}

	return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** Why the verdict, in words a reader can check: the ratio with its spread, the p-value or the floor. */
function because(comparison: BaselineComparison, floor: number): string {
	// One run against one run has no spread to give: "1.00×", not "1.00 ± 0.00×".
	const spread = comparison.ratioSpread === undefined ? '' : ` ${glyphs.plusMinus} ${comparison.ratioSpread.toFixed(2)}`;
	const ratio = `${comparison.ratio.toFixed(2)}${spread}${glyphs.times} the baseline's time`;
	switch (comparison.reason) {
		case 'below noise floor': {
			return `${ratio}, within the ${Math.round(floor * 100)}% noise floor`;
		}

		case 'not significant': {
			return `${ratio}, not significant: ${pValue(comparison.p)}`;
		}

		case 'too few runs for a test': {
			return `${ratio}; one run on a side is no sample to test: use --runs 2 or more on both`;
		}

		default: {
			return `${ratio}, Welch's t-test ${pValue(comparison.p)}`;
		}
	}
}

/**
 * "parallel×4 against the baseline: 212 ms ± 2 ms, was 106 ms ± 1 ms: slower (2.00 ± 0.03× the
 * baseline's time, Welch's t-test p < 0.001)". Words from the test, never a bare ratio.
 */
export function baselineLines(file: string, comparisons: readonly StrategyComparison[], floor: number): string[] {
	const lines = comparisons.map(entry => {
		const name = widthLabel(entry.strategy, entry.role, entry.concurrency);
		if (entry.missing) {
			return `${name}: not in the baseline`;
		}

		const {comparison} = entry;
		if (!comparison) {
			return `${name}: no counted run on one side, nothing to compare`;
		}

		const now = runsLine(comparison.current, {width});
		const before = runsLine(comparison.baseline, {width});
		const otherWidth = entry.baselineConcurrency !== undefined && entry.baselineConcurrency !== entry.concurrency ? ` (the baseline ran ${glyphs.times}${entry.baselineConcurrency})` : '';
		// A test that found no difference did not show there is none: said so where the gap is past the floor.
		const verdict = comparison.reason === 'not significant' ? 'no difference shown' : comparison.verdict;
		return `${name}: ${verdict} ${glyphs.separator} now ${now}, baseline ${before} (${because(comparison, floor)})${otherWidth}`;
	});
	return [`Against the baseline ${file}:`, ...lines.map(line => `  ${line}`)];
}
