import os from 'node:os';
import {isRunRecord, type FailedStart, type RaceRun} from '../model/failed-start.js';
import type {RunRecord} from '../model/run-record.js';
import {speedupOverSequential, speedupsByRound} from '../model/speedup.js';
import {finishedRaceVerdict, latestRuns, type RaceVerdict} from '../model/verdict.js';
import type {LoopLoad} from '../model/client-bound.js';
import {imagePhases, runPhases} from '../model/image-phases.js';
import {exportNumber} from './export-table.js';

/** The documented --json document. Field names are a contract scripts rely on (docs/json.md). */
export type JsonReport = {
	readonly version: string;
	readonly runs: Array<{
		readonly strategy: string;
		/** The HTTP client every request of the run went through. */
		readonly client: string;
		/** Downloads at once. */
		readonly concurrency: number;
		/**
		 * Present when a limit of the machine lowered the concurrency: what was asked for, and which limit
		 * ("open files", "memory", "address space", "cores", "processes") with a phrase naming it; for
		 * the open-file limit, its value too.
		 */
		readonly cappedFrom?: number;
		readonly cappedBy?: {readonly limit: string; readonly reason: string};
		readonly openFileLimit?: number;
		/** Null for a run that could not start (nor has one an image: it tried none). */
		readonly wallMs: number | null;
		readonly ok: number;
		readonly failed: number;
		readonly bytes: number;
		readonly aborted: boolean;
		/** The work after each download (--work): "download" (none) or "thumbnail". */
		readonly work: string;
		/** Sequential's wall over this run's (1 for sequential itself); null when not comparable. */
		readonly speedup: number | null;
		/** From the run's start until the last worker or child process was ready (0 on the main thread). */
		readonly startupMs: number | null;
		/** User + system CPU of every thread or process that did the run's work. */
		readonly cpuMs: number | null;
		/** Peak memory attributable to the run, MiB (how: docs/claim.md, "What the costs mean"). */
		readonly peakRssMb: number | null;
		readonly outDir: string;
		/** Why the run could not start (its folder could not be made), in words and as its code; null for a run that ran. */
		readonly error: string | null;
		readonly code: string | null;
		readonly images: Array<{
			readonly index: number;
			readonly url: string;
			readonly status: string;
			readonly path: string | null;
			readonly bytes: number | null;
			readonly contentType: string | null;
			readonly width: number | null;
			readonly height: number | null;
			/** Relative to the run's start. */
			readonly startMs: number | null;
			/** Duration: request sent to response headers, of the attempt that counted. */
			readonly ttfbMs: number | null;
			/** Relative to the run's start. */
			readonly endMs: number | null;
			readonly retries: number;
			readonly error: string | null;
			readonly code: string | null;
			/**
			 * Where the image's time went, adding up to endMs (queuedMs counts from the run's start). A
			 * failed image's time is all queuedMs and retryMs (its attempts), its other phases 0, unless the
			 * download went well and its work failed (then the download's phases and the work's); null while unfinished.
			 */
			readonly phases: Record<string, number> | null;
			/** The successful attempt went over a kept-alive connection; null for an image not done. */
			readonly reusedConnection: boolean | null;
			/** Done, but its work (--work) was skipped, and why ("no WebP decoder here"); null otherwise. */
			readonly workSkipped: string | null;
		}>;
		/** Each phase summed over the run's finished images, with how many were summed and reused a connection; null for a run that could not start. */
		readonly phases: Record<string, number> | null;
		/** Event loop utilisation of imgrace's own thread over the run, 0 to 1; null when not measured (a run that could not start). */
		readonly eventLoopUtilization: number | null;
		/** imgrace itself set the pace: the figures measured imgrace, not the network (see client-bound.ts); null when not measured. */
		readonly clientBound: boolean | null;
	}>;
	/**
	 * Sequential wall / parallel wall when both ran to the end with no failed image, else null (a run
	 * that failed images did less work: its time is no measure of speed). Each run's own `speedup`
	 * compares it with sequential.
	 */
	readonly speedup: number | null;
	/**
	 * The race's one verdict (model/verdict.ts), as the plain output and the live summary give it; null
	 * when fewer than two strategies ran.
	 */
	readonly verdict: VerdictJson | null;
};

/**
 * The verdict as --json and --export-json write it: winner and runner-up (`against`), the ratio of
 * their mean wall times (1 or more) and its σ over repeated runs, the words, the claim's sentences and
 * each strategy's width and mean wall time. Numbers rounded as every figure of the exports.
 */
export type VerdictJson = {
	readonly winner: string | null;
	readonly against: string | null;
	readonly ratio: number | null;
	readonly spread: number | null;
	readonly tie: boolean;
	readonly undecided: boolean;
	readonly text: string;
	readonly why: string | null;
	readonly claim: readonly string[];
	readonly walls: ReadonlyArray<{readonly strategy: string; readonly concurrency: number | null; readonly runs: number; readonly meanMs: number | null; readonly sdMs: number | null}>;
};

export function verdictJson(verdict: RaceVerdict): VerdictJson {
	return {
		winner: verdict.winner,
		against: verdict.against,
		ratio: round(verdict.ratio ?? undefined),
		spread: round(verdict.spread ?? undefined),
		tie: verdict.tie,
		undecided: verdict.undecided,
		text: verdict.text,
		why: verdict.why,
		claim: verdict.claim,
		walls: verdict.walls.map(wall => ({...wall, meanMs: round(wall.meanMs ?? undefined), sdMs: round(wall.sdMs ?? undefined)})),
	};
}

/** Two decimals, as every figure of the exports (a NaN is written as null, as JSON.stringify would). */
const round = (value: number | undefined): number | null => exportNumber(value);

/** Extra figures the entry layer measured beside the events. */
export type JsonExtras = {
	/** Event loop load of each run, by run id. */
	readonly loads?: ReadonlyMap<string, LoopLoad>;
	/** Top-level sections (repeat, baseline), merged into the document as they are. */
	readonly sections?: Readonly<Record<string, unknown>>;
	/** The race's verdict (finishedRaceVerdict), when the caller made it (it is printed too; undefined: none); else made here from the runs. */
	readonly verdict?: RaceVerdict | undefined;
};

function roundedPhases(phases: object | undefined): Record<string, number> | null {
	if (!phases) {
		return null;
	}

	return Object.fromEntries(Object.entries(phases).filter(([, value]) => typeof value === 'number').map(([key, value]) => [key, round(value as number) ?? 0]));
}

function loadFields(load: LoopLoad | undefined): {eventLoopUtilization: number | null; clientBound: boolean | null} {
	return {eventLoopUtilization: round(load?.eventLoopUtilization), clientBound: load?.clientBound ?? null};
}

/** The verdict of these runs on this machine (finishedRaceVerdict): none when a single strategy ran. */
export function verdictOfRuns(runs: readonly RaceRun[], order?: readonly string[]): RaceVerdict | undefined {
	return finishedRaceVerdict(runs, {cores: os.availableParallelism(), order});
}

/** The verdict as the JSON documents hold it: null when there is none. */
export function verdictDocument(verdict: RaceVerdict | undefined): VerdictJson | null {
	return verdict ? verdictJson(verdict) : null;
}

/** The top-level speedup's one meaning: one-at-a-time over the event loop (sequential over parallel), both whole and without failures. */
function sequentialOverParallel(records: readonly RunRecord[]): number | null {
	const latest = latestRuns(records);
	const eventLoop = latest.find(record => record.role === 'event-loop');
	return eventLoop ? round(speedupOverSequential(eventLoop, latest) ?? undefined) : null;
}

/** A run that could not start has every key a run has: what it never measured is null, and it tried no image. */
function failedRun(run: FailedStart): JsonReport['runs'][number] {
	return {strategy: run.strategy, client: run.client, concurrency: run.concurrency, wallMs: null, ok: 0, failed: run.images, bytes: 0, aborted: false, work: run.work, speedup: null, startupMs: null, cpuMs: null, peakRssMb: null, outDir: run.outDir, error: run.error, code: run.code, images: [], phases: null, ...loadFields(undefined)};
}

export function buildJsonReport(runs: readonly RaceRun[], version: string, extras: JsonExtras = {}): JsonReport {
	const records = runs.filter(run => isRunRecord(run));
	const notStarted = runs.some(run => !isRunRecord(run));
	const verdict = 'verdict' in extras ? extras.verdict : verdictOfRuns(runs);
	const byRound = speedupsByRound(records);
	const speedups = new Map(records.map((record, index) => [record, byRound[index]]));
	return {
		version,
		runs: runs.map(record => isRunRecord(record) ? ({
			strategy: record.strategy,
			client: record.client,
			concurrency: record.concurrency,
			...(record.cappedFrom === undefined ? {} : {cappedFrom: record.cappedFrom, cappedBy: record.cappedBy, ...(record.openFileLimit === undefined ? {} : {openFileLimit: record.openFileLimit})}),
			wallMs: round(record.wallMs),
			ok: record.ok,
			failed: record.failed,
			bytes: record.bytes,
			aborted: record.state === 'aborted',
			work: record.work,
			speedup: round(speedups.get(record) ?? undefined),
			startupMs: round(record.startupMs),
			cpuMs: round(record.cpuMs),
			peakRssMb: round(record.peakRssMb),
			outDir: record.outDir,
			error: null,
			code: null,
			images: record.images.map(image => ({
				index: image.index,
				url: image.url,
				status: image.status,
				path: image.path ?? null,
				bytes: image.bytes ?? null,
				contentType: image.contentType ?? null,
				width: image.width ?? null,
				height: image.height ?? null,
				startMs: round(image.startMs),
				ttfbMs: round(image.ttfbMs),
				endMs: round(image.endMs),
				retries: image.retries,
				error: image.status === 'failed' ? (image.error ?? null) : null,
				code: image.status === 'failed' ? (image.code ?? null) : null,
				phases: roundedPhases(imagePhases(image)),
				reusedConnection: image.status === 'done' ? (image.reusedConnection ?? null) : null,
				workSkipped: image.workSkipped ?? null,
			})),
			phases: roundedPhases(runPhases(record)) ?? {},
			...loadFields(extras.loads?.get(record.runId)),
		}) : failedRun(record)),
		speedup: notStarted ? null : sequentialOverParallel(records),
		verdict: verdictDocument(verdict),
		...extras.sections,
	};
}
