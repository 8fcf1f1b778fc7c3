import type {StrategyName} from '../engine/events.js';
import {formatBytes, formatDuration, formatSpeed} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {summarize, type Summary} from '../stats/statistics.js';
import {imageDurations, imageTtfbs, type RunRecord} from './run-record.js';
import type {RunTotals} from './session-state.js';
import {judge, type Verdict, type VerdictSide} from './verdict.js';

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
	/** "parallel 8.2× faster", "parallel 8.2 ± 0.3× faster", "no verdict: parallel had 2 failed images". */
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

/** The finished runs comparable with the latest one (same concurrency). */
function comparableRuns(input: SummaryInput): RunTotals[] {
	const concurrency = input.lastComplete?.concurrency;
	return input.history.filter(run => run.concurrency === concurrency);
}

/** Wall times of the runs comparable with the latest one (same concurrency). */
export function comparableWallTimes(input: SummaryInput): number[] {
	return comparableRuns(input).map(run => run.wallMs);
}

/**
 * The verdict of the session: none while the latest run of either strategy failed images; otherwise
 * over the comparable runs that did all the work, so one bad run earlier does not block a verdict for
 * the rest of the session.
 */
export function summaryVerdict(sequential: SummaryInput, parallel: SummaryInput): Verdict {
	const side = (input: SummaryInput): VerdictSide => ({
		wallMs: comparableRuns(input).filter(run => run.failed === 0).map(run => run.wallMs),
		failed: input.lastComplete?.failed ?? 0,
	});

	return judge(side(sequential), side(parallel));
}

/** "2.31s" for one run, "2.31s ± 52ms" for several, as hyperfine reports them. */
export function formatMeanSd(summary: Summary): string {
	return summary.count > 1 ? `${formatDuration(summary.mean)} ${glyphs.plusMinus} ${formatDuration(summary.sd)}` : formatDuration(summary.mean);
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
	const verdict = summaryVerdict(sequential, parallel);
	return {
		titles: ['Sequential', `Parallel ${glyphs.times}${parRun.concurrency}`],
		rows,
		compactRows: [wallRow, imagesRow],
		verdict: verdict.text,
		winner: verdict.winner,
		samples: [walls[0]?.count ?? 0, walls[1]?.count ?? 0],
	};
}
