import type {EngineEvent, RunCosts} from '../engine/events.js';
import {formatBytes, formatDuration, formatMemoryGrowth, formatSpeed} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {displayText} from '../format/safe-text.js';
import {plural} from '../format/plural.js';
import type {RunRecord} from '../model/run-record.js';
import type {RaceVerdict} from '../model/verdict.js';
import {widthLabel} from '../model/width-label.js';
import type {FailedStart} from '../model/failed-start.js';

export {widthLabel} from '../model/width-label.js';

/** "sequential", "parallel×8": the width is said unless the strategy only ever takes one slot. */
function runLabel(record: RunRecord): string {
	return widthLabel(record.strategy, record.role, record.concurrency);
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
			// The URL too: with --urls, the number alone does not say which line of the list failed.
			return `${label} ${number(event.index)} ${glyphs.failed} ${displayText(event.url, 100)}: ${event.reason} [${event.code}]${event.retries > 0 ? ` after ${event.retries} ${event.retries === 1 ? 'retry' : 'retries'}` : ''}`;
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

	const memory = event.peakRssMb === undefined ? '' : `, ${formatMemoryGrowth(event.peakRssMb)}`;
	return `; cpu ${formatDuration(event.cpuMs)}${memory}, start ${formatDuration(event.startupMs ?? 0)}`;
}

/**
 * The verdict as the plain output prints it, once per race: its words ("pipeline×8 2.3× faster than
 * parallel×8 (pipeline 2.90s vs parallel 6.60s): …", or why there is none), then each sentence on the
 * seed's claim on a line of its own.
 */
export function verdictLines(verdict: RaceVerdict): string[] {
	return [verdict.text, ...verdict.claim];
}

/** "parallel: not started, cannot create folder out/parallel: a file is in the way". */
export function failedStartLine(run: FailedStart): string {
	return `${run.strategy}: not started ${glyphs.failed} ${run.error}`;
}
