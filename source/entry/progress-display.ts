import {performance} from 'node:perf_hooks';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import {runProgress} from '../model/run-progress.js';
import type {RunRecord} from '../model/run-record.js';
import {progressLine} from '../output/progress-line.js';
import {widthLabel} from '../output/plain-lines.js';
import type {RunListener} from './run-strategies.js';

/** Where the line goes: a terminal's stderr (columns, when it says). */
export type ProgressStream = {
	write(text: string): unknown;
	readonly columns?: number;
};

export type ProgressDisplay = {
	/** `inner` with the line following its runs: erased before anything `inner` may print, drawn again after. */
	follow(round: string, inner: RunListener): RunListener;
	/** Redraw now (the clock does it ten times a second). */
	draw(): void;
	/** Erase the line and stop the clock. */
	stop(): void;
};

/** Go back to the line's start and clear it. */
const erase = '\r\u001B[2K';

/** Events no output prints a line for, when the listener does not say: following them only moves the bar. */
const quiet = new Set(['image-queued', 'image-started', 'image-first-byte', 'image-progress']);

/** A line redrawn in place needs a terminal that moves the cursor: stderr a TTY, and not TERM=dumb. */
export function showsProgress(stream: {readonly isTTY?: boolean} = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
	return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/**
 * One progress line on a terminal's stderr while a scripted race runs, as hyperfine draws one: which
 * run, images done, a bar, elapsed and the time left; erased when the run ends, so what is printed
 * afterwards (the run's result line, the summary) reads as it does without a terminal.
 */
export function progressDisplay({stream, now = () => performance.now(), glyphs = defaultGlyphs, intervalMs = 100}: {stream: ProgressStream; now?: () => number; glyphs?: Glyphs; intervalMs?: number}): ProgressDisplay {
	let current: {record: RunRecord; round: string} | undefined;
	let drawn = false;
	// Earlier wall times in this race by strategy and width ("parallel×4"): the next such run's time left.
	const walls = new Map<string, number[]>();
	const clear = () => {
		if (drawn) {
			stream.write(erase);
			drawn = false;
		}
	};

	const draw = () => {
		if (!current) {
			return;
		}

		const {record, round} = current;
		// One column spare: writing the last one makes some terminals wrap.
		const width = Math.max(20, (stream.columns ?? 80) - 1);
		const name = widthLabel(record.strategy, record.role, record.concurrency);
		stream.write(`${erase}${progressLine({round, name, progress: runProgress(record, now(), walls.get(name)), width, glyphs})}`);
		drawn = true;
	};

	const timer = setInterval(draw, intervalMs);
	// Never what keeps a finished race alive.
	timer.unref();
	return {
		follow(round, inner) {
			return {
				onEvent(record, event) {
					if (event.type === 'run-started') {
						current = {record, round};
					}

					const ends = event.type === 'run-finished' || event.type === 'run-aborted';
					// Erased only for a line to print: an erase per image would make the line blink (and each
					// write to a terminal is synchronous, time taken from the race being measured).
					const prints = inner.prints ? inner.prints(record, event) : !quiet.has(event.type);
					if (prints || ends) {
						clear();
					}

					inner.onEvent?.(record, event);
					if (ends) {
						if (event.type === 'run-finished' && record.wallMs !== undefined) {
							const name = widthLabel(record.strategy, record.role, record.concurrency);
							walls.set(name, [...(walls.get(name) ?? []), record.wallMs]);
						}

						current = undefined;
					} else if (prints) {
						draw();
					}
				},
				onFailedStart(failure) {
					clear();
					inner.onFailedStart?.(failure);
				},
			};
		},
		draw,
		stop() {
			clearInterval(timer);
			current = undefined;
			clear();
		},
	};
}
