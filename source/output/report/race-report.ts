import {mibToMb} from '../../format/format.js';
import type {RepeatSummary} from '../../model/repeats.js';
import {imageDurations, imageTtfbs, type RunRecord} from '../../model/run-record.js';
import {latestRuns} from '../../model/verdict.js';
import {percentiles} from '../../stats/statistics.js';
import {exportNumber, timingCells, timingColumns, type ExportTable} from '../export-table.js';
import {histogramSpec, type ChartSpec} from './chart-spec.js';
import type {Machine} from './machine.js';
import type {ReportVerdict} from './report-verdict.js';
import {maxWaterfallRows, phaseColours, waterfallOf, type Waterfall} from './waterfall.js';

/** Everything one HTML report shows, as plain data; html-page.ts lays it out. */
export type ReportPage = {
	readonly title: string;
	/** "imgrace 0.1.0, 2026-12-01T10:00:00.000Z". */
	readonly subtitle: string;
	/** None when a single strategy ran, as in every other output. */
	readonly verdict: ReportVerdict | undefined;
	readonly waterfalls: readonly Waterfall[];
	readonly charts: readonly ChartSpec[];
	/** Titled tables: the costs, or a sweep's levels. */
	readonly tables: ReadonlyArray<{readonly title: string; readonly table: ExportTable}>;
	/** How it ran: name and value, as the user gave them. */
	readonly settings: ReadonlyArray<readonly [string, string]>;
	readonly machine: Machine;
};

/** Settings as name-value pairs, nulls left out. */
export function settingPairs(settings: Readonly<Record<string, unknown>>): Array<[string, string]> {
	return Object.entries(settings)
		.filter(([, value]) => value !== null && value !== undefined)
		.map(([name, value]) => [name, settingText(value)]);
}

/** A list as "a, b"; a setting with parts (the work) as its name and the rest: "thumbnail (size 128, repeat 16)". */
function settingText(value: unknown): string {
	if (Array.isArray(value)) {
		return value.map(item => settingText(item)).join(', ');
	}

	if (typeof value !== 'object' || value === null) {
		return String(value);
	}

	const {name, ...rest} = value as Record<string, unknown>;
	const details = Object.entries(rest).filter(([, part]) => part !== null && part !== undefined).map(([key, part]) => `${key} ${settingText(part)}`);
	const parts = details.length > 0 ? `(${details.join(', ')})` : '';
	return name === undefined ? parts : `${String(name)}${parts === '' ? '' : ` ${parts}`}`;
}

/**
 * Per strategy, from the summary every export shares (summariseRepeats): its width, its counted runs,
 * their wall time and what they cost (means), the runs not counted, the failed images of all its runs,
 * its client and work. Memory is measured in MiB and shown in decimal MB, as every size on the page.
 */
export function costsTable(summary: RepeatSummary): ExportTable {
	return {
		columns: [
			...timingColumns,
			{key: 'cpu_ms', label: 'CPU [ms]'},
			{key: 'peak_memory_mb', label: 'Peak memory [MB]'},
			{key: 'startup_ms', label: 'Start-up [ms]'},
			{key: 'left_out', label: 'Not counted'},
			{key: 'failed', label: 'Failed images'},
			{key: 'client', label: 'Client'},
			{key: 'work', label: 'Work'},
		],
		rows: summary.strategies.map(side => [
			...timingCells(side.strategy, side.concurrency, side.wallMs.length, side.summary),
			exportNumber(side.costs.cpuMs),
			exportNumber(side.costs.peakRssMb === undefined ? undefined : mibToMb(side.costs.peakRssMb)),
			exportNumber(side.costs.startupMs),
			side.leftOut,
			side.failed,
			side.client,
			side.work,
		]),
	};
}

function percentileNote(values: readonly number[]): string | undefined {
	const marks = percentiles(values);
	return marks && `p50 ${marks.p50.toFixed(1)} ms · p90 ${marks.p90.toFixed(1)} ms · p99 ${marks.p99.toFixed(1)} ms`;
}

/** Per strategy, the per-image time and time-to-first-byte histograms of its latest run (as the terminal's --histogram). */
export function histogramSpecs(latest: readonly RunRecord[]): ChartSpec[] {
	return latest.flatMap(record => {
		const imageMs = imageDurations(record.images);
		const ttfbMs = imageTtfbs(record.images);
		return [
			histogramSpec(imageMs, `Per-image time, ${record.strategy}`, phaseColours.receive, percentileNote(imageMs)),
			histogramSpec(ttfbMs, `Time to first byte, ${record.strategy}`, phaseColours.wait, percentileNote(ttfbMs)),
		];
	}).filter(spec => spec !== undefined);
}

export type RaceReportInput = {
	/** The runs that started: their latest ones are drawn. */
	readonly records: readonly RunRecord[];
	/** The counted runs' times and costs, as the Markdown and CSV exports have them. */
	readonly summary: RepeatSummary;
	readonly verdict: ReportVerdict | undefined;
	readonly settings: Readonly<Record<string, unknown>>;
	readonly machine: Machine;
	readonly version: string;
	/** When the report was made, ISO 8601. */
	readonly madeAt: string;
};

/** A race's report: the verdict, the latest run of each strategy as a waterfall, its histograms, the costs. Pure. */
export function raceReport(input: RaceReportInput): ReportPage {
	const latest = latestRuns(input.records);
	return {
		title: 'imgrace race',
		subtitle: `imgrace ${input.version}, ${input.madeAt}`,
		verdict: input.verdict,
		waterfalls: latest.map(record => waterfallOf(record, Math.floor(maxWaterfallRows / Math.max(1, latest.length)))),
		charts: histogramSpecs(latest),
		tables: [{title: 'Costs', table: costsTable(input.summary)}],
		settings: settingPairs(input.settings),
		machine: input.machine,
	};
}
