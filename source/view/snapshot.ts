import type {StrategyName} from '../engine/events.js';
import type {StatusCounts} from '../model/row-index.js';
import type {ImageRecord, RunRecord} from '../model/run-record.js';
import type {FinishedRun} from '../model/run-totals.js';
import {panelState, type PanelState, type SessionState} from '../model/session-state.js';

/** How a strategy is shown: its title, its rerun key, whether its width is worth saying. */
export type StrategyLabel = {
	/** "Sequential", "Parallel". */
	readonly title: string;
	/** Pressed to rerun it. */
	readonly key: string;
	/** Summary titles say the width (all but a strategy that only ever takes one slot). */
	readonly showsWidth: boolean;
	/** The width follows the concurrency asked for (+/-): the panel notes a change for the next run. */
	readonly followsConcurrency: boolean;
	/** The width a run of `count` images takes when `requested` is asked for. */
	readonly slots: (requested: number, count: number) => number;
};

export type StrategyLabels = (strategy: StrategyName) => StrategyLabel;

/** One image as the UI sees it: a frozen copy, replaced (never mutated) when the image changes. */
export type ImageView = Readonly<ImageRecord>;

/** A run as the UI sees it: the record's totals, copied, plus the rows a screen could show. */
export type RunView = Readonly<Pick<RunRecord, 'runId' | 'strategy' | 'concurrency' | 'cappedFrom' | 'cappedBy' | 'startedAt' | 'state' | 'wallMs' | 'ok' | 'failed' | 'bytes' | 'active' | 'outDir' | 'workers'>> & {
	/** Images of the run. */
	readonly imageCount: number;
	/** Images by status. */
	readonly counts: Readonly<StatusCounts>;
	/** Images an abort kept from starting. */
	readonly neverStarted: number;
	/**
	 * The images most deserving a row, best first (in flight, recently finished, next queued; see
	 * windowRanked), at most the Snapshotter's `maxRows`: only what a screen could show is copied.
	 */
	readonly ranked: readonly ImageView[];
};

export type StrategyView = {
	readonly strategy: StrategyName;
	readonly label: StrategyLabel;
	readonly state: PanelState;
	/** The latest run, as of this snapshot. */
	readonly run: RunView | undefined;
	/**
	 * The latest run's record itself, still folding while it runs: for views that need every image
	 * (the timeline, the histograms), read within one render, never kept.
	 */
	readonly record: RunRecord | undefined;
	/** The latest finished run (a record that no longer changes). */
	readonly lastComplete: RunRecord | undefined;
	readonly history: readonly FinishedRun[];
	/** Why its latest run could not start, until it is asked to run again. */
	readonly startError: string | undefined;
};

/** An immutable picture of the session, published to React on the store's tick. */
export type SessionSnapshot = {
	/** Monotonic time (performance.now()) the snapshot was taken: the elapsed timers read it. */
	readonly now: number;
	readonly imageCount: number;
	/** Concurrency asked of the next run. */
	readonly concurrency: number;
	readonly error: string | undefined;
	readonly quitting: boolean;
	/** One per strategy of the session, in the order they are shown. */
	readonly strategies: readonly StrategyView[];
};

/** Most rows of one run a snapshot carries: more than any terminal is tall. */
export const defaultMaxRows = 256;

/**
 * Builds snapshots with structural sharing. Per run it copies only the rows a screen could show (the
 * top of the run's RowIndex ranking, O(rows) per snapshot whatever the image count) and reuses the
 * copies of images that can no longer change (finished, queued, aborted): only rows in flight are
 * copied again.
 */
export class Snapshotter {
	private previous: SessionSnapshot | undefined;

	constructor(private readonly labels: StrategyLabels, private readonly maxRows = defaultMaxRows) {}

	take(state: SessionState, now: number): SessionSnapshot {
		const previous = this.previous;
		const strategies: StrategyView[] = [];
		for (const track of state.tracks.values()) {
			const name = track.strategy;
			const prior = previous?.strategies[strategies.length];
			const before = prior?.strategy === name ? prior : undefined;
			const run = track.current ? this.runView(track.current, before?.run) : undefined;
			const view: StrategyView = {
				strategy: name,
				label: before?.label ?? this.labels(name),
				state: panelState(track),
				run,
				record: track.current,
				lastComplete: track.lastComplete,
				history: track.history,
				startError: track.startError,
			};
			strategies.push(before && sameStrategyView(before, view) ? before : view);
		}

		const snapshot: SessionSnapshot = {
			now,
			imageCount: state.imageCount,
			concurrency: state.concurrency,
			error: state.error,
			quitting: state.quitting,
			strategies,
		};
		this.previous = snapshot;
		return snapshot;
	}

	private imageView(image: ImageRecord, views: Map<number, ImageView>): ImageView {
		const cached = views.get(image.index);
		if (cached && cached.status === image.status && image.status !== 'running') {
			return cached;
		}

		const view = Object.freeze({...image});
		views.set(image.index, view);
		return view;
	}

	private runView(record: RunRecord, before: RunView | undefined): RunView {
		// Copies are kept for the runs on screen (at most one per strategy).
		const views = this.viewsFor(record);
		const index = record.rows;
		const ranked = index.ranked(this.maxRows).map(image => this.imageView(image, views));
		const sameRows = before?.runId === record.runId && before.ranked.length === ranked.length
			&& ranked.every((view, at) => view === before.ranked[at]);
		const counts = index.counts;
		const view: RunView = {
			runId: record.runId,
			strategy: record.strategy,
			concurrency: record.concurrency,
			...(record.cappedFrom === undefined ? {} : {cappedFrom: record.cappedFrom, cappedBy: record.cappedBy}),
			startedAt: record.startedAt,
			outDir: record.outDir,
			workers: record.workers,
			state: record.state,
			wallMs: record.wallMs,
			ok: record.ok,
			failed: record.failed,
			bytes: record.bytes,
			active: record.active,
			imageCount: record.images.length,
			counts: before && sameCounts(before.counts, counts) ? before.counts : {...counts},
			neverStarted: index.neverStarted,
			ranked: sameRows ? before.ranked : ranked,
		};
		return before && sameRows && view.counts === before.counts && sameRunTotals(before, view) ? before : view;
	}

	private viewsFor(record: RunRecord): Map<number, ImageView> {
		const key = `${record.strategy}:${record.runId}`;
		let views = this.viewsByStrategy.get(record.strategy);
		if (!views || views.key !== key) {
			views = {key, map: new Map()};
			this.viewsByStrategy.set(record.strategy, views);
		}

		return views.map;
	}

	private readonly viewsByStrategy = new Map<StrategyName, {readonly key: string; readonly map: Map<number, ImageView>}>();
}

function sameCounts(a: Readonly<StatusCounts>, b: Readonly<StatusCounts>): boolean {
	return a.queued === b.queued && a.running === b.running && a.done === b.done && a.failed === b.failed && a.aborted === b.aborted;
}

function sameRunTotals(a: RunView, b: RunView): boolean {
	return a.runId === b.runId && a.state === b.state && a.wallMs === b.wallMs && a.ok === b.ok
		&& a.failed === b.failed && a.bytes === b.bytes && a.active === b.active && a.neverStarted === b.neverStarted && a.workers === b.workers;
}

function sameStrategyView(a: StrategyView, b: StrategyView): boolean {
	return a.state === b.state && a.run === b.run && a.record === b.record && a.lastComplete === b.lastComplete && a.history === b.history && a.startError === b.startError;
}
