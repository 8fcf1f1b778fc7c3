import type {StrategyName} from '../engine/events.js';
import {formatBytes, formatDuration, formatRatio, formatSpeed} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {ratioWithSpread, summarize, type Summary} from '../stats/statistics.js';
import {imageDurations, imageTtfbs, type RunRecord} from './run-record.js';
import type {RunTotals} from './session-state.js';

/** What the summary needs of one strategy. */
export type SummaryInput = {
	/** The latest finished run. */
	readonly lastComplete: RunRecord | undefined;
	/** Totals of every finished run this session. */
	readonly history: readonly RunTotals[];
};

export type SummaryRow = {
	readonly label: string;
	readonly values: readonly [string, string];
};

export type SummaryView = {
	/** "Sequential", "Parallel ×8". */
	readonly titles: readonly [string, string];
	/** Every row, most important first. */
	readonly rows: readonly SummaryRow[];
	/** The rows of the compact variant (for short terminals). */
	readonly compactRows: readonly SummaryRow[];
	/** "parallel 8.2× faster", "parallel 8.2 ± 0.3× faster", "sequential 1.1× faster". */
	readonly verdict: string;
	readonly winner: StrategyName | undefined;
	/** The wall-time samples behind the verdict (runs of each strategy). */
	readonly samples: readonly [number, number];
};

export type SummaryVariant = 'full' | 'compact' | 'verdict';

export const summaryVariants: readonly SummaryVariant[] = ['full', 'compact', 'verdict'];

/** Lines the variant takes: a title row, its rows and the verdict (the verdict variant is one line). */
export function summaryHeight(view: SummaryView, variant: SummaryVariant): number {
	switch (variant) {
		case 'full': {
			return view.rows.length + 2;
		}

		case 'compact': {
			return view.compactRows.length + 2;
		}

		case 'verdict': {
			return 1;
		}
	}
}

/** Wall times of the runs comparable with the latest one (same concurrency). */
export function comparableWallTimes(input: SummaryInput): number[] {
	const concurrency = input.lastComplete?.concurrency;
	return input.history.filter(run => run.concurrency === concurrency).map(run => run.wallMs);
}

/** "2.31s" for one run, "2.31s ± 52ms" for several, as hyperfine reports them. */
export function formatMeanSd(summary: Summary): string {
	return summary.count > 1 ? `${formatDuration(summary.mean)} ${glyphs.plusMinus} ${formatDuration(summary.sd)}` : formatDuration(summary.mean);
}

/** The verdict from the wall-time summaries of both strategies. */
export function verdictFor(sequential: Summary | undefined, parallel: Summary | undefined): {text: string; winner: StrategyName | undefined} {
	const speedup = ratioWithSpread(sequential, parallel);
	if (!speedup || !Number.isFinite(speedup.ratio) || speedup.ratio <= 0) {
		return {text: 'no verdict yet', winner: undefined};
	}

	const several = (sequential?.count ?? 0) > 1 || (parallel?.count ?? 0) > 1;
	const parallelWins = speedup.ratio >= 1;
	const ratio = parallelWins ? speedup.ratio : 1 / speedup.ratio;
	const sd = parallelWins ? speedup.sd : speedup.sd / (speedup.ratio ** 2);
	const digits = ratio < 10 ? 1 : 0;
	const amount = several && sd > 0 ? `${ratio.toFixed(digits)} ${glyphs.plusMinus} ${formatRatio(sd, digits)}` : formatRatio(ratio, digits);
	const winner: StrategyName = parallelWins ? 'parallel' : 'sequential';
	return {text: `${winner} ${amount} faster`, winner};
}

function images(run: RunRecord): string {
	return run.failed > 0 ? `${run.ok} ok ${glyphs.separator} ${run.failed} failed` : `${run.ok} ok`;
}

function orDash(summary: Summary | undefined, pick: (summary: Summary) => number): string {
	return summary ? formatDuration(pick(summary)) : glyphs.missing;
}

/**
 * The summary view model, once both strategies have a finished run (undefined before). Pure;
 * O(n log n) in the images of the two runs, so callers memoize it on the records.
 */
export function buildSummary(sequential: SummaryInput, parallel: SummaryInput): SummaryView | undefined {
	const runs = [sequential.lastComplete, parallel.lastComplete] as const;
	if (!runs[0] || !runs[1]) {
		return undefined;
	}

	const [seqRun, parRun] = [runs[0], runs[1]];
	const walls = [summarize(comparableWallTimes(sequential)), summarize(comparableWallTimes(parallel))] as const;
	const perImage = [summarize(imageDurations(seqRun)), summarize(imageDurations(parRun))] as const;
	const ttfb = [summarize(imageTtfbs(seqRun)), summarize(imageTtfbs(parRun))] as const;
	const pair = (pick: (index: 0 | 1) => string): readonly [string, string] => [pick(0), pick(1)];
	const wallOf = (index: 0 | 1) => {
		const summary = walls[index];
		return summary ? formatMeanSd(summary) : formatDuration(runs[index]!.wallMs ?? Number.NaN);
	};

	const several = (walls[0]?.count ?? 0) > 1 || (walls[1]?.count ?? 0) > 1;
	const wallRow: SummaryRow = {label: 'wall time', values: pair(wallOf)};
	const rangeRow: SummaryRow = {
		label: 'range',
		values: pair(index => {
			const summary = walls[index];
			if (!summary || summary.count < 2) {
				return '1 run';
			}

			return `${formatDuration(summary.min)} ${glyphs.ellipsis} ${formatDuration(summary.max)} (${summary.count} runs)`;
		}),
	};
	const imagesRow: SummaryRow = {label: 'images', values: pair(index => images(runs[index]!))};
	const throughputRow: SummaryRow = {
		label: 'throughput',
		values: pair(index => {
			const run = runs[index]!;
			return run.wallMs && run.wallMs > 0 ? formatSpeed((run.bytes / run.wallMs) * 1000) : glyphs.missing;
		}),
	};
	const rows: SummaryRow[] = [
		wallRow,
		...(several ? [rangeRow] : []),
		imagesRow,
		{label: 'bytes', values: pair(index => formatBytes(runs[index]!.bytes))},
		throughputRow,
		{label: 'per image mean', values: pair(index => orDash(perImage[index], summary => summary.mean))},
		{
			label: 'median/p95/max',
			values: pair(index => {
				const summary = perImage[index];
				return summary ? [summary.median, summary.p95, summary.max].map(value => formatDuration(value)).join(' / ') : glyphs.missing;
			}),
		},
		{
			label: 'first byte',
			values: pair(index => {
				const summary = ttfb[index];
				return summary ? `${formatDuration(summary.mean)} mean ${glyphs.separator} ${formatDuration(summary.p95)} p95` : glyphs.missing;
			}),
		},
	];
	const verdict = verdictFor(walls[0], walls[1]);
	return {
		titles: ['Sequential', `Parallel ${glyphs.times}${parRun.concurrency}`],
		rows,
		compactRows: [wallRow, imagesRow],
		verdict: verdict.text,
		winner: verdict.winner,
		samples: [walls[0]?.count ?? 0, walls[1]?.count ?? 0],
	};
}
