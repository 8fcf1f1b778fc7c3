import os from 'node:os';
import type {StrategyName} from '../engine/events.js';
import {formatBytes, formatDuration, formatSpeed} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {imageDurations, imageTtfbs, type RunRecord} from '../model/run-record.js';
import {raceVerdict, type RaceVerdict} from '../model/verdict.js';
import {summarize, type Summary} from '../stats/statistics.js';
import {durationScale, meanSdText} from '../charts/runs-line.js';
import {costRows} from './summary-costs.js';
import {comparableRuns, comparableWallTimes, countedRuns, type SummaryInput} from './summary-inputs.js';
import {summaryLayout, type SummaryRow} from './summary-layout.js';

export type {SummaryRow} from './summary-layout.js';
export {comparableWallTimes, pendingStrategies, summaryInputs, type SummaryInput} from './summary-inputs.js';
import {summaryVerdictLines, type VerdictLines, type VerdictRoom} from './summary-verdict.js';

export type SummaryView = {
	/** "Sequential", "Parallel ×8": one column per strategy with a finished run, in order. */
	readonly titles: readonly string[];
	/** Every row, most important first. */
	readonly rows: readonly SummaryRow[];
	/** The rows of the compact variant (for short terminals). */
	readonly compactRows: readonly SummaryRow[];
	/**
	 * The rows of the costs variant: the compact rows and what each strategy cost (speedup, CPU, memory,
	 * start-up), for a terminal too short for every row; empty when no strategy started workers.
	 */
	readonly costRows: readonly SummaryRow[];
	/** The race's one verdict (model/verdict.ts) over the columns' comparable runs, with the claim's sentences. */
	readonly verdict: RaceVerdict;
	/**
	 * A line under the table when a column is not its strategy's latest run (that run was aborted):
	 * "sequential's latest run was aborted: its column is its earlier runs'"; undefined otherwise.
	 */
	readonly note?: string;
};

export type SummaryVariant = 'full' | 'costs' | 'compact' | 'verdict';

/** Tallest first. 'costs' is there only when a strategy started workers (see SummaryView.costRows). */
export const summaryVariants: readonly SummaryVariant[] = ['full', 'costs', 'compact', 'verdict'];

/** How much of the verdict each variant says: the full one all of it, the shorter ones less. */
const verdictRoom: Readonly<Record<SummaryVariant, VerdictRoom>> = {
	full: {verdict: 3, claim: 5},
	costs: {verdict: 2, claim: 2},
	compact: {verdict: 1, claim: 0},
	verdict: {verdict: 1, claim: 0},
};

/** Room for all of the verdict and its claim, under any table, once the race has settled (see summaryForms). */
const wholeRoom: VerdictRoom = {verdict: 4, claim: 8};

/** A variant's table, and whether the verdict under it is said whole or in the variant's own room. */
export type SummaryForm = {readonly variant: SummaryVariant; readonly whole: boolean};

/**
 * The forms to try, tallest first. Once nothing runs or waits, the verdict said whole comes before
 * any table: under each table in turn, then alone, and only then cut to the variants' own rooms. While a
 * race runs there is no verdict yet to say whole, and the rows in flight come first.
 */
export function summaryForms(variants: readonly SummaryVariant[], settled: boolean): SummaryForm[] {
	const cut = variants.map(variant => ({variant, whole: false}));
	return settled ? [...variants.map(variant => ({variant, whole: true})), ...cut] : cut;
}

/** The verdict's lines under the variant's table, in `width` columns. */
export function verdictLines(view: SummaryView, variant: SummaryVariant, width = Number.POSITIVE_INFINITY, whole = false): VerdictLines {
	return summaryVerdictLines(view.verdict, whole ? wholeRoom : verdictRoom[variant], width);
}

/** The table rows of each variant. */
export function variantRows(view: SummaryView, variant: SummaryVariant): readonly SummaryRow[] {
	return {full: view.rows, costs: view.costRows, compact: view.compactRows, verdict: []}[variant];
}

/**
 * Lines the variant takes in `width` columns: a title row and its rows for each block of columns
 * (one block unless the columns must wrap, see summaryLayout), then the verdict's lines (the verdict
 * variant is its one line).
 */
export function summaryHeight(view: SummaryView, variant: SummaryVariant, width = Number.POSITIVE_INFINITY, whole = false): number {
	const lines = verdictLines(view, variant, width, whole);
	const rows = variantRows(view, variant);
	const table = rows.length === 0 ? 0 : summaryLayout(view.titles.length, width).groups.length * (rows.length + 1);
	return table + (view.note === undefined ? 0 : 1) + lines.verdict.length + lines.claim.length;
}

/**
 * The verdict of the session: none while the latest run of a strategy failed images; otherwise over
 * the comparable runs that did all the work, so one bad run earlier does not block a verdict for the
 * rest of the session.
 */
export function summaryVerdict(inputs: readonly SummaryInput[], cores: number, pending: readonly StrategyName[] = [], settled = false): RaceVerdict {
	const runs = inputs.flatMap(input => {
		const comparable = comparableRuns(input);
		return comparable.filter(run => run.failed === 0 || run === comparable.at(-1)).map(run => run.figures);
	});
	return raceVerdict(runs, {cores, order: inputs.map(input => input.strategy), pending, settled});
}

/** "2.31s" for one run, "2.31s ± 0.05s" for several (one unit, as hyperfine reports them). */
export function formatMeanSd(summary: Summary): string {
	return meanSdText(summary, {glyphs});
}

function images(run: RunRecord): string {
	return run.failed > 0 ? `${run.ok} ok ${glyphs.separator} ${run.failed} failed` : `${run.ok} ok`;
}

/** "100/120/200ms" for durations in one unit, "800ms/1.20s" otherwise: narrow columns. */
function joinSameUnit(durations: readonly string[]): string {
	for (const unit of ['ms', 's']) {
		const pattern = new RegExp(`^[\\d.]+${unit}$`);
		if (durations.every(duration => pattern.test(duration))) {
			return `${durations.map(duration => duration.slice(0, -unit.length)).join('/')}${unit}`;
		}
	}

	return durations.join('/');
}

function orDash(summary: Summary | undefined, pick: (summary: Summary) => number): string {
	return summary ? formatDuration(pick(summary)) : glyphs.missing;
}

/**
 * The summary view model, once two or more strategies have a finished run (undefined before): one
 * column for each of those. Pure; O(n log n) in the images of the runs, so callers memoize it on the
 * records.
 */
export function buildSummary(all: readonly SummaryInput[], cores = os.availableParallelism(), pending: readonly StrategyName[] = [], settled = false): SummaryView | undefined {
	// One strategy's column too: its figures, and a verdict line that says what it waits for.
	const inputs = all.filter(input => input.lastComplete !== undefined);
	if (inputs.length === 0) {
		return undefined;
	}

	const runs = inputs.map(input => input.lastComplete!);
	const walls = inputs.map(input => summarize(comparableWallTimes(input)));
	const perImage = runs.map(run => summarize(imageDurations(run.images)));
	const ttfb = runs.map(run => summarize(imageTtfbs(run.images)));
	const each = (pick: (index: number) => string): string[] => runs.map((_, index) => pick(index));
	const row = (label: string, values: string[], shortLabel = label, shortValues = values): SummaryRow => ({label, values, shortLabel, shortValues});
	const wallOf = (index: number, short: boolean) => {
		const summary = walls[index];
		if (!summary) {
			return formatDuration(runs[index]!.wallMs ?? Number.NaN);
		}

		return meanSdText(summary, {glyphs, tight: short});
	};

	const rangeOf = (index: number, short: boolean) => {
		const summary = walls[index];
		if (!summary || summary.count < 2) {
			return '1 run';
		}

		// In the mean's unit, as the wall time above. The run counts are in the verdict line too: the
		// short form leaves them out.
		const {number, unit} = durationScale(summary.mean);
		return short
			? `${number(summary.min)}${glyphs.ellipsis}${number(summary.max)}${unit}`
			: `${number(summary.min)}${unit} ${glyphs.ellipsis} ${number(summary.max)}${unit} (${summary.count} runs)`;
	};

	const durations = (summary: Summary | undefined, picks: ReadonlyArray<(summary: Summary) => number>, join: string) =>
		(summary ? picks.map(pick => formatDuration(pick(summary))).join(join) : glyphs.missing);
	const shortDurations = (summary: Summary | undefined, picks: ReadonlyArray<(summary: Summary) => number>) =>
		(summary ? joinSameUnit(picks.map(pick => formatDuration(pick(summary)))) : glyphs.missing);
	const several = walls.some(summary => (summary?.count ?? 0) > 1);
	const wallRow = row('wall time', each(index => wallOf(index, false)), 'wall time', each(index => wallOf(index, true)));
	// Over the runs the wall time counts, as it does: every byte they moved in all their time. None when
	// no run counts (each failed an image): a run that did less work has no speed of the strategy's.
	const throughput = each(index => {
		const counted = countedRuns(inputs[index]!);
		const [bytes, wallMs] = counted.reduce(([b, w], run) => [b + run.bytes, w + run.wallMs], [0, 0]);
		return wallMs > 0 ? formatSpeed((bytes / wallMs) * 1000) : glyphs.missing;
	});
	const spread = [(summary: Summary) => summary.median, (summary: Summary) => summary.p95, (summary: Summary) => summary.max];
	// The costs come in with a strategy that started workers: for sequential against parallel alone
	// the verdict says it all, and the classic summary keeps its height.
	const pooled = runs.some(run => (run.startupMs ?? 0) > 0);
	const costs = pooled ? costRows(inputs) : [];
	// The rows below are the latest run's alone: beside a wall time over several runs they say so, in
	// labels within the label columns (16 and 11), "last" taking the place of figures in narrow ones.
	const lastRun = (plain: SummaryRow, last: Partial<SummaryRow>): SummaryRow => (several ? {...plain, ...last} : plain);
	const imagesRow = lastRun(row('images', each(index => images(runs[index]!)), 'images', each(index => `${runs[index]!.ok}/${runs[index]!.ok + runs[index]!.failed} ok`)), {label: 'last run images', shortLabel: 'last images'});
	const [medians, medianP95s] = [each(index => orDash(perImage[index], summary => summary.median)), each(index => shortDurations(perImage[index], spread.slice(0, 2)))];
	const ttfbMeans = each(index => orDash(ttfb[index], summary => summary.mean));
	const rows: SummaryRow[] = [
		wallRow,
		...(several ? [row('range', each(index => rangeOf(index, false)), 'range', each(index => rangeOf(index, true)))] : []),
		imagesRow,
		lastRun(row('bytes', each(index => formatBytes(runs[index]!.bytes))), {label: 'last run bytes', shortLabel: 'last bytes'}),
		row('throughput', throughput),
		...costs,
		lastRun(row('per image mean', each(index => orDash(perImage[index], summary => summary.mean)), 'image mean'), {label: 'last image mean', shortLabel: 'last mean'}),
		lastRun(
			{
				...row('median/p95/max', each(index => durations(perImage[index], spread, ' / ')), 'med/p95/max', each(index => shortDurations(perImage[index], spread))),
				narrower: [{label: 'med/p95', values: medianP95s}, {label: 'median', values: medians}],
			},
			{label: 'last med/p95/max', shortLabel: 'last med/p95/max', narrower: [{label: 'last p50/95', values: medianP95s}, {label: 'last median', values: medians}]},
		),
		lastRun(
			{
				...row(
					'first byte',
					each(index => {
						const summary = ttfb[index];
						return summary ? `${formatDuration(summary.mean)} mean ${glyphs.separator} ${formatDuration(summary.p95)} p95` : glyphs.missing;
					}),
					'ttfb/p95',
					each(index => shortDurations(ttfb[index], [summary => summary.mean, summary => summary.p95])),
				),
				narrower: [{label: 'ttfb mean', values: ttfbMeans}],
			},
			{label: 'last first byte', shortLabel: 'last ttfb/p95', narrower: [{label: 'last ttfb', values: ttfbMeans}]},
		),
	];
	return {
		titles: inputs.map((input, index) => (input.showsWidth ? `${input.title} ${glyphs.times}${runs[index]!.concurrency}` : input.title)),
		rows,
		compactRows: [wallRow, imagesRow],
		costRows: pooled ? [wallRow, imagesRow, ...costs] : [],
		verdict: summaryVerdict(inputs, cores, pending, settled),
		...summaryNote(inputs),
	};
}

/** "parallel's", "processes'". */
function possessive(name: string): string {
	return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/**
 * Whose times are not their latest run's: that run was aborted (the panel beside it says so), or it
 * failed images, and the times are the earlier runs' that did all the work. Its images, bytes and per
 * image rows are the latest run's.
 */
function summaryNote(inputs: readonly SummaryInput[]): {note?: string} {
	const aborted = inputs.filter(input => input.latestAborted).map(input => input.strategy);
	const failed = inputs.filter(input => !input.latestAborted && (input.lastComplete?.failed ?? 0) > 0 && countedRuns(input).length > 0).map(input => input.strategy);
	const notes = [
		...(aborted.length === 0 ? [] : [aborted.length === 1 ? `${possessive(aborted[0]!)} latest run was aborted: its column is its earlier runs'` : `the latest runs of ${aborted.join(', ')} were aborted: their columns are their earlier runs'`]),
		...(failed.length === 0 ? [] : [failed.length === 1 ? `${possessive(failed[0]!)} latest run failed images: its times are its earlier runs'` : `the latest runs of ${failed.join(', ')} failed images: their times are their earlier runs'`]),
	];
	return notes.length === 0 ? {} : {note: notes.join('; ')};
}
