import {createHash} from 'node:crypto';
import type {RaceConfig} from '../config/race-config.js';
import {raceSchema} from '../model/baseline-comparison.js';
import type {Noise} from '../model/noise.js';
import type {RepeatSummary} from '../model/repeats.js';
import type {RaceVerdict} from '../model/verdict.js';
import {ratioWithSpread, type Summary} from '../stats/statistics.js';
import {exportNumber, timingCells, timingColumns, type ExportTable} from './export-table.js';
import {verdictDocument, type VerdictJson} from './json-report.js';

export {raceSchema} from '../model/baseline-comparison.js';

/** The documented --export-json document of a race (docs/json.md); --baseline reads it. */
export type RaceExport = {
	readonly schema: typeof raceSchema;
	readonly version: string;
	/** How the race ran; the names in model/race-settings.ts are what --baseline holds equal. */
	readonly settings: {
		readonly images: number;
		readonly mode: readonly string[];
		/** As asked for: 0 = one slot per image (each strategy's own is in strategies[]). */
		readonly concurrency: number;
		readonly runs: number;
		readonly warmup: number;
		/** 'embedded' (then the server's settings below), 'url' or 'urls'. */
		readonly source: 'embedded' | 'url' | 'urls';
		/** With --url or --urls: a hash of the URL list in order, so a different list is told apart without saving its URLs. */
		readonly sourceFingerprint: string | null;
		readonly keepAlive: boolean;
		/** The HTTP client every strategy downloaded through. */
		readonly client: string;
		readonly work: RaceConfig['work'];
		readonly latencyMs: number | null;
		readonly jitterMs: number | null;
		readonly bandwidth: number | null;
		readonly linkBandwidth: number | null;
		readonly seed: number | null;
		/** --size: every image exactly this many bytes; null when not given (or not the embedded server). */
		readonly imageBytes: number | null;
	};
	readonly strategies: ReadonlyArray<{
		readonly strategy: string;
		readonly concurrency: number;
		/** Wall time of each counted run, ms: what --baseline tests against. */
		readonly wallMs: readonly number[];
		readonly meanMs: number | null;
		readonly sdMs: number | null;
		readonly medianMs: number | null;
		readonly minMs: number | null;
		readonly maxMs: number | null;
		/** Runs not counted: aborted, with failed images, or not started. */
		readonly leftOut: number;
		/** Over all runs; a run that could not start counts all of its images. */
		readonly failedImages: number;
	}>;
	/** The same verdict as the output's and --json's (its `text`: "parallel×4 3.9 ± 0.1× faster than sequential (…)"); null when a single strategy ran. */
	readonly verdict: VerdictJson | null;
	/** Every round in the order it ran, warm-ups first: which strategy went first in each. */
	readonly order: ReadonlyArray<{readonly round: number; readonly warmup: boolean; readonly strategies: readonly string[]}>;
	/** What may have blurred the times (model/noise.ts). */
	readonly noise: {
		readonly loadAverage: number | null;
		readonly cores: number;
		readonly busy: boolean;
		/** Strategies whose runs spread widely: σ / mean. */
		readonly wide: ReadonlyArray<{readonly strategy: string; readonly concurrency: number; readonly spread: number | null}>;
	};
};

/** What the race measured beside the wall times: the order the runs went in, the noise, and the verdict over them all (finishedRaceVerdict). */
export type RaceMeasures = {
	readonly order: RaceExport['order'];
	readonly noise: Noise;
	readonly verdict: RaceVerdict | undefined;
};

const round = (value: number | undefined): number | null => exportNumber(value);

export type ExportSettings = Pick<RaceConfig, 'mode' | 'asked' | 'url' | 'urlsFile' | 'server' | 'download' | 'work' | 'client'> & {readonly urls: readonly string[]; readonly runs: number; readonly warmup: number};

/** 16 hex digits of SHA-256 over the URLs, one a line: the same list gives the same print, on any machine. */
function fingerprint(urls: readonly string[]): string {
	return createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 16);
}

/** The settings block of the export: how the race ran, and (race-settings.ts) what --baseline holds equal. */
export function raceSettings(settings: ExportSettings): RaceExport['settings'] {
	const source = settings.urlsFile === undefined ? (settings.url === undefined ? 'embedded' : 'url') : 'urls';
	const embedded = source === 'embedded';
	const server = (value: number | undefined) => (embedded ? value ?? null : null);
	return {
		images: settings.urls.length,
		mode: settings.mode,
		concurrency: settings.asked,
		runs: settings.runs,
		warmup: settings.warmup,
		source,
		// The embedded server's URLs name a port picked afresh each time: its settings say which images instead.
		sourceFingerprint: embedded ? null : fingerprint(settings.urls),
		keepAlive: settings.download.keepAlive,
		work: settings.work,
		client: settings.client.name,
		latencyMs: server(settings.server.latencyMs),
		jitterMs: server(settings.server.jitterMs),
		bandwidth: server(settings.server.bandwidth),
		linkBandwidth: server(settings.server.linkBandwidth),
		seed: server(settings.server.seed),
		imageBytes: server(settings.server.imageBytes),
	};
}

export function raceExport(summary: RepeatSummary, settings: ExportSettings, version: string, measures: RaceMeasures): RaceExport {
	const {noise} = measures;
	return {
		schema: raceSchema,
		version,
		settings: raceSettings(settings),
		strategies: summary.strategies.map(side => ({
			strategy: side.strategy,
			concurrency: side.concurrency,
			wallMs: side.wallMs.map(ms => round(ms) ?? 0),
			meanMs: round(side.summary?.mean),
			// One run has no spread: null, as the verdict's walls and the CSV have it, not a σ of 0.
			sdMs: side.summary && side.summary.count > 1 ? round(side.summary.sd) : null,
			medianMs: round(side.summary?.median),
			minMs: round(side.summary?.min),
			maxMs: round(side.summary?.max),
			leftOut: side.leftOut,
			failedImages: side.failed,
		})),
		verdict: verdictDocument(measures.verdict),
		order: measures.order,
		noise: {
			loadAverage: round(noise.loadAverage ?? undefined),
			cores: noise.cores,
			busy: noise.busy,
			wide: noise.wide.map(side => ({strategy: side.strategy, concurrency: side.concurrency, spread: exportNumber(side.spread, 3)})),
		},
	};
}

/**
 * This strategy's mean over the fastest one's, with its σ, as hyperfine's Relative column: two numbers,
 * not "3.92 ± 0.05", so a spreadsheet reads them. Nulls when there is no ratio; no σ between two single runs.
 */
function relative(side: Summary | undefined, fastest: Summary | undefined): [number | null, number | null] {
	const spread = ratioWithSpread(side, fastest);
	const several = (side?.count ?? 0) > 1 || (fastest?.count ?? 0) > 1;
	return spread === undefined ? [null, null] : [round(spread.ratio), several ? round(spread.sd) : null];
}

/** One row per strategy, for the Markdown and CSV exports. */
export function raceTable(summary: RepeatSummary): ExportTable {
	const summaries = summary.strategies.map(side => side.summary).filter(side => side !== undefined);
	const fastest = summaries.length === 0 ? undefined : summaries.reduce((best, side) => side.mean < best.mean ? side : best);
	return {
		columns: [
			...timingColumns,
			{key: 'median_ms', label: 'Median [ms]'},
			{key: 'min_ms', label: 'Min [ms]'},
			{key: 'max_ms', label: 'Max [ms]'},
			{key: 'relative', label: 'Relative'},
			{key: 'relative_sd', label: 'Relative σ'},
		],
		rows: summary.strategies.map(side => [
			...timingCells(side.strategy, side.concurrency, side.wallMs.length, side.summary),
			round(side.summary?.median),
			round(side.summary?.min),
			round(side.summary?.max),
			...relative(side.summary, fastest),
		]),
	};
}
