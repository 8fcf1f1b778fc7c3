import os from 'node:os';
import type {StrategyName} from '../engine/events.js';
import {formatBytes, formatDuration, formatRatio, formatSpeed} from '../format/format.js';
import {claimVerdict, speedupOverSequential} from '../model/claim.js';
import {glyphs} from '../format/glyphs.js';
import {imageDurations, imageTtfbs, type RunRecord} from '../model/run-record.js';
import type {FinishedRun} from '../model/run-totals.js';
import {judge, type Verdict, type VerdictSide} from '../model/verdict.js';
import {summarize, type Summary} from '../stats/statistics.js';

/** What the summary needs of one strategy. */
export type SummaryInput = {
	readonly strategy: StrategyName;
	/** "Sequential ×1" without the width: "Sequential". */
	readonly title: string;
	/** Whether the width is worth saying in the title (it follows --concurrency). */
	readonly showsWidth: boolean;
	/** The latest finished run. */
	readonly lastComplete: RunRecord | undefined;
	/** Totals of every finished run this session. */
	readonly history: readonly FinishedRun[];
};

export type SummaryRow = {
	readonly label: string;
	/** One per column. */
	readonly values: readonly string[];
};

export type SummaryView = {
	/** "Sequential", "Parallel ×8": one column per strategy with a finished run, in order. */
	readonly titles: readonly string[];
	/** Every row, most important first. */
	readonly rows: readonly SummaryRow[];
	/** The rows of the compact variant (for short terminals). */
	readonly compactRows: readonly SummaryRow[];
	/** "parallel 8.2× faster", "parallel 8.2 ± 0.3× faster", "no verdict: parallel had 2 failed images". */
	readonly verdict: string;
	/** Which half of the seed's claim held (model/claim.ts), shown under the verdict in the full variant. */
	readonly claim: string | undefined;
	readonly winner: StrategyName | undefined;
	/** The wall-time samples behind the verdict (runs of each strategy), one per column. */
	readonly samples: readonly number[];
};

export type SummaryVariant = 'full' | 'compact' | 'verdict';

export const summaryVariants: readonly SummaryVariant[] = ['full', 'compact', 'verdict'];

/** Lines the variant takes: a title row, its rows and the verdict (the verdict variant is one line). */
export function summaryHeight(view: SummaryView, variant: SummaryVariant): number {
	switch (variant) {
		case 'full': {
			return view.rows.length + 2 + (view.claim === undefined ? 0 : 1);
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
function comparableRuns(input: SummaryInput): FinishedRun[] {
	const concurrency = input.lastComplete?.concurrency;
	return input.history.filter(run => run.concurrency === concurrency);
}

/** Wall times of the runs comparable with the latest one (same concurrency). */
export function comparableWallTimes(input: SummaryInput): number[] {
	return comparableRuns(input).map(run => run.wallMs);
}

/**
 * The verdict of the session: none while the latest run of a strategy failed images; otherwise over
 * the comparable runs that did all the work, so one bad run earlier does not block a verdict for the
 * rest of the session.
 */
export function summaryVerdict(inputs: readonly SummaryInput[]): Verdict {
	const side = (input: SummaryInput): VerdictSide => ({
		strategy: input.strategy,
		wallMs: comparableRuns(input).filter(run => run.failed === 0).map(run => run.wallMs),
		failed: input.lastComplete?.failed ?? 0,
	});

	return judge(inputs.map(input => side(input)));
}

/** "2.31s" for one run, "2.31s ± 52ms" for several, as hyperfine reports them. */
export function formatMeanSd(summary: Summary): string {
	return summary.count > 1 ? `${formatDuration(summary.mean)} ${glyphs.plusMinus} ${formatDuration(summary.sd)}` : formatDuration(summary.mean);
}

function images(run: RunRecord): string {
	return run.failed > 0 ? `${run.ok} ok ${glyphs.separator} ${run.failed} failed` : `${run.ok} ok`;
}

/** Speedup against sequential, CPU, memory and start-up: what each strategy cost for its speed. */
function costRows(runs: readonly RunRecord[]): SummaryRow[] {
	const each = (pick: (run: RunRecord) => string): string[] => runs.map(run => pick(run));
	return [
		{label: 'speedup', values: each(run => {
			const speedup = speedupOverSequential(run, runs);
			return speedup === null ? glyphs.missing : formatRatio(speedup);
		})},
		{label: 'cpu', values: each(run => orMissing(run.cpuMs, formatDuration))},
		{label: 'peak memory', values: each(run => orMissing(run.peakRssMb, mb => `+${mb.toFixed(mb < 10 ? 1 : 0)} MB`))},
		{label: 'start-up', values: each(run => orMissing(run.startupMs, formatDuration))},
	];
}

function orMissing(value: number | undefined, format: (value: number) => string): string {
	return value === undefined ? glyphs.missing : format(value);
}

function orDash(summary: Summary | undefined, pick: (summary: Summary) => number): string {
	return summary ? formatDuration(pick(summary)) : glyphs.missing;
}

/**
 * The summary view model, once two or more strategies have a finished run (undefined before): one
 * column for each of those. Pure; O(n log n) in the images of the runs, so callers memoize it on the
 * records.
 */
export function buildSummary(all: readonly SummaryInput[], cores = os.availableParallelism()): SummaryView | undefined {
	const inputs = all.filter(input => input.lastComplete !== undefined);
	if (inputs.length < 2) {
		return undefined;
	}

	const runs = inputs.map(input => input.lastComplete!);
	const walls = inputs.map(input => summarize(comparableWallTimes(input)));
	const perImage = runs.map(run => summarize(imageDurations(run.images)));
	const ttfb = runs.map(run => summarize(imageTtfbs(run.images)));
	const each = (pick: (index: number) => string): string[] => runs.map((_, index) => pick(index));
	const wallOf = (index: number) => {
		const summary = walls[index];
		return summary ? formatMeanSd(summary) : formatDuration(runs[index]!.wallMs ?? Number.NaN);
	};

	const several = walls.some(summary => (summary?.count ?? 0) > 1);
	// The costs and the claim come in with a strategy that started workers: for sequential against
	// parallel alone the verdict says it all, and the classic summary keeps its height.
	const pooled = runs.some(run => (run.startupMs ?? 0) > 0);
	const wallRow: SummaryRow = {label: 'wall time', values: each(wallOf)};
	const rangeRow: SummaryRow = {
		label: 'range',
		values: each(index => {
			const summary = walls[index];
			if (!summary || summary.count < 2) {
				return '1 run';
			}

			return `${formatDuration(summary.min)} ${glyphs.ellipsis} ${formatDuration(summary.max)} (${summary.count} runs)`;
		}),
	};
	const imagesRow: SummaryRow = {label: 'images', values: each(index => images(runs[index]!))};
	const throughputRow: SummaryRow = {
		label: 'throughput',
		values: each(index => {
			const run = runs[index]!;
			return run.wallMs && run.wallMs > 0 ? formatSpeed((run.bytes / run.wallMs) * 1000) : glyphs.missing;
		}),
	};
	const rows: SummaryRow[] = [
		wallRow,
		...(several ? [rangeRow] : []),
		imagesRow,
		{label: 'bytes', values: each(index => formatBytes(runs[index]!.bytes))},
		throughputRow,
		...(pooled ? costRows(runs) : []),
		{label: 'per image mean', values: each(index => orDash(perImage[index], summary => summary.mean))},
		{
			label: 'median/p95/max',
			values: each(index => {
				const summary = perImage[index];
				return summary ? [summary.median, summary.p95, summary.max].map(value => formatDuration(value)).join(' / ') : glyphs.missing;
			}),
		},
		{
			label: 'first byte',
			values: each(index => {
				const summary = ttfb[index];
				return summary ? `${formatDuration(summary.mean)} mean ${glyphs.separator} ${formatDuration(summary.p95)} p95` : glyphs.missing;
			}),
		},
	];
	const verdict = summaryVerdict(inputs);
	return {
		titles: inputs.map((input, index) => (input.showsWidth ? `${input.title} ${glyphs.times}${runs[index]!.concurrency}` : input.title)),
		rows,
		compactRows: [wallRow, imagesRow],
		verdict: verdict.text,
		claim: pooled ? claimVerdict(runs, cores) : undefined,
		winner: verdict.winner,
		samples: walls.map(summary => summary?.count ?? 0),
	};
}
