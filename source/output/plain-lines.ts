import type {EngineEvent, RunCosts} from '../engine/events.js';
import {claimVerdict} from '../model/claim.js';
import {formatBytes, formatDuration, formatSpeed} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import type {RunRecord} from '../model/run-record.js';
import {judgeRuns, latestRuns} from '../model/verdict.js';
import type {FailedStart} from './json-report.js';

/** "sequential", "parallel×8": the width is said unless the strategy only ever takes one slot. */
function runLabel(record: RunRecord): string {
	return widthLabel(record.strategy, record.role, record.concurrency);
}

/** A strategy's name, with its width unless it is the one that only ever takes one slot. */
export function widthLabel(strategy: string, role: RunRecord['role'] | undefined, concurrency: number): string {
	return role === 'one-at-a-time' ? strategy : `${strategy}${glyphs.times}${concurrency}`;
}

/**
 * The line, if any, that the plain (non-TTY) output prints for an event. Pure, so the format is
 * tested without a process; one line per finished image, retry or run.
 */
export function lineForEvent(record: RunRecord, event: EngineEvent): string | undefined {
	const label = runLabel(record);
	const number = (index: number) => String(index + 1).padStart(Math.max(3, String(record.images.length).length), '0');
	switch (event.type) {
		case 'run-started': {
			const capped = event.cappedBy === undefined ? '' : ` (${event.cappedFrom} asked for; ${event.cappedBy.reason} allows ${event.concurrency})`;
			return `${label}: ${plural(event.urls.length, 'image')}, ${event.concurrency} at a time${capped} ${glyphs.arrow} ${event.outDir}`;
		}

		case 'image-done': {
			const type = event.contentType.replace('image/', '');
			return `${label} ${number(event.index)} ${glyphs.done} ${formatBytes(event.bytes).padStart(8)}  ${`${event.width}${glyphs.times}${event.height}`.padEnd(9)} ${type.padEnd(4)}  ttfb ${formatDuration(event.ttfbMs).padStart(6)}  ${formatDuration(event.totalMs).padStart(6)}${event.retries > 0 ? `  (${event.retries} ${event.retries === 1 ? 'retry' : 'retries'})` : ''}${event.workSkipped === undefined ? '' : `  (thumbnail skipped: ${event.workSkipped})`}`;
		}

		case 'image-failed': {
			return `${label} ${number(event.index)} ${glyphs.failed} ${event.reason} [${event.code}]${event.retries > 0 ? ` after ${event.retries} ${event.retries === 1 ? 'retry' : 'retries'}` : ''}`;
		}

		case 'image-retried': {
			return `${label} ${number(event.index)} ${glyphs.retry} ${event.reason}; attempt ${event.attempt} in ${formatDuration(event.delayMs)}`;
		}

		case 'run-finished':
		case 'run-aborted': {
			const verb = event.type === 'run-aborted' ? 'aborted after' : 'in';
			return `${label}: ${event.ok} ok, ${event.failed} failed, ${formatBytes(event.bytes)} ${verb} ${formatDuration(event.wallMs)} (${formatSpeed(event.bytes / (event.wallMs / 1000))})${costsOf(event)}`;
		}

		default: {
			return undefined;
		}
	}
}

/** "; cpu 1.32s, +12 MB, start 420ms": what the run cost beyond its wall time, when the engine said. */
function costsOf(event: Partial<RunCosts>): string {
	if (event.cpuMs === undefined) {
		return '';
	}

	const memory = event.peakRssMb === undefined ? '' : `, +${event.peakRssMb.toFixed(event.peakRssMb < 10 ? 1 : 0)} MB`;
	return `; cpu ${formatDuration(event.cpuMs)}${memory}, start ${formatDuration(event.startupMs ?? 0)}`;
}

/**
 * "claim: download: parallel 7.4×, threads 7.2× (…) sequential on 2 cores; I/O half held: …", once
 * every run is over; undefined without two comparable runs.
 */
export function claimLine(records: readonly RunRecord[], cores: number): string | undefined {
	const latest = latestRuns(records);
	if (latest.some(record => record.state !== 'done')) {
		return undefined;
	}

	const claim = claimVerdict(latest, cores);
	return claim === undefined ? undefined : `claim ${glyphs.arrow} ${claim}`;
}

/**
 * "parallel 8.2× faster than sequential (4.61s vs 0.56s)", the wall times in registry order, or why
 * there is no verdict ("no verdict: parallel had 2 failed images"); undefined until two or more
 * strategies ran and every one of them is done.
 */
export function verdictLine(records: readonly RunRecord[]): string | undefined {
	const latest = latestRuns(records);
	if (latest.length < 2 || latest.some(record => record.state !== 'done')) {
		return undefined;
	}

	const verdict = judgeRuns(latest);
	if (verdict.winner === undefined) {
		return verdict.text;
	}

	const walls = latest.map(record => formatDuration(record.wallMs ?? Number.NaN)).join(' vs ');
	return verdict.tie ? `${verdict.text} (${walls})` : `${verdict.text} than ${verdict.runnerUp} (${walls})`;
}

/** "parallel: not started, cannot create folder out/parallel: a file is in the way". */
export function failedStartLine(run: FailedStart): string {
	return `${run.strategy}: not started ${glyphs.failed} ${run.error}`;
}
