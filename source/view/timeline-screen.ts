import {timelineLines} from '../charts/index.js';
import {glyphs as defaultGlyphs, type Glyphs} from '../format/glyphs.js';
import type {RunRecord} from '../model/run-record.js';
import {timelineInput} from './timeline-view.js';

export type TimelineScreenOptions = {
	readonly columns: number;
	/** Lines the view may take. */
	readonly height: number;
	/** Monotonic time (performance.now()): runs in flight are drawn up to it. */
	readonly now: number;
	readonly glyphs?: Glyphs;
};

/**
 * The timeline view: the latest run of each strategy on one time axis, fitted to the columns and
 * lines given (timelineLines bins images that do not fit a row each). Pure.
 */
export function timelineScreen(records: readonly RunRecord[], options: TimelineScreenOptions): string[] {
	const set = options.glyphs ?? defaultGlyphs;
	const width = Math.max(1, Math.floor(options.columns));
	if (records.length === 0) {
		return ['Timeline', 'nothing has run yet'].map(line => line.slice(0, width));
	}

	return timelineLines({strategies: timelineInput(records, {now: options.now}), width, height: Math.max(1, Math.floor(options.height)), glyphs: set});
}
