import type {StrategyName} from '../engine/events.js';
import type {ImageRecord, RunRecord, RunState} from './run-record.js';
import {panelState, strategyNames, type PanelState, type RunTotals, type SessionState} from './session-state.js';

/** One image as the UI sees it: a frozen copy, replaced (never mutated) when the image changes. */
export type ImageView = Readonly<ImageRecord>;

export type RunView = {
	readonly runId: string;
	readonly strategy: StrategyName;
	readonly concurrency: number;
	readonly startedAt: number;
	readonly state: RunState;
	readonly wallMs: number | undefined;
	readonly ok: number;
	readonly failed: number;
	readonly bytes: number;
	readonly active: number;
	readonly images: readonly ImageView[];
};

export type StrategyView = {
	readonly strategy: StrategyName;
	readonly state: PanelState;
	/** The latest run, as of this snapshot. */
	readonly run: RunView | undefined;
	/** The latest finished run (a record that no longer changes). */
	readonly lastComplete: RunRecord | undefined;
	readonly history: readonly RunTotals[];
};

/** An immutable picture of the session, published to React on the store's tick. */
export type SessionSnapshot = {
	/** Monotonic time (performance.now()) the snapshot was taken: the elapsed timers read it. */
	readonly now: number;
	readonly imageCount: number;
	/** Concurrency of the next parallel run. */
	readonly concurrency: number;
	readonly error: string | undefined;
	readonly quitting: boolean;
	readonly strategies: Readonly<Record<StrategyName, StrategyView>>;
};

/**
 * Builds snapshots with structural sharing: only images marked changed since the previous snapshot
 * are copied, so a tick costs O(changed images) plus one array copy per live run, whatever the bytes
 * received in between.
 */
export class Snapshotter {
	private previous: SessionSnapshot | undefined;
	private readonly changed = new Map<string, Set<number> | 'all'>();

	/** One image of a run changed. */
	markImage(runId: string, index: number): void {
		const entry = this.changed.get(runId);
		if (entry === 'all') {
			return;
		}

		if (entry) {
			entry.add(index);
		} else {
			this.changed.set(runId, new Set([index]));
		}
	}

	/** Many images of a run changed (start, abort): copy them all next time. */
	markRun(runId: string): void {
		this.changed.set(runId, 'all');
	}

	take(state: SessionState, now: number): SessionSnapshot {
		const previous = this.previous;
		const strategies = {} as Record<StrategyName, StrategyView>;
		for (const name of strategyNames) {
			const slot = state.slots[name];
			const before = previous?.strategies[name];
			const run = slot.current ? this.runView(slot.current, before?.run) : undefined;
			const view: StrategyView = {
				strategy: name,
				state: panelState(slot),
				run,
				lastComplete: slot.lastComplete,
				history: slot.history,
			};
			strategies[name] = before && sameStrategyView(before, view) ? before : view;
		}

		this.changed.clear();
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

	private runView(record: RunRecord, before: RunView | undefined): RunView {
		const changed = this.changed.get(record.runId);
		let images: readonly ImageView[];
		if (!before || before.runId !== record.runId || changed === 'all') {
			images = record.images.map(image => Object.freeze({...image}));
		} else if (changed && changed.size > 0) {
			const copy = [...before.images];
			for (const index of changed) {
				const image = record.images[index];
				if (image) {
					copy[index] = Object.freeze({...image});
				}
			}

			images = copy;
		} else {
			images = before.images;
		}

		const view: RunView = {
			runId: record.runId,
			strategy: record.strategy,
			concurrency: record.concurrency,
			startedAt: record.startedAt,
			state: record.state,
			wallMs: record.wallMs,
			ok: record.ok,
			failed: record.failed,
			bytes: record.bytes,
			active: record.active,
			images,
		};
		return before && images === before.images && sameRunTotals(before, view) ? before : view;
	}
}

function sameRunTotals(a: RunView, b: RunView): boolean {
	return a.runId === b.runId && a.state === b.state && a.wallMs === b.wallMs && a.ok === b.ok
		&& a.failed === b.failed && a.bytes === b.bytes && a.active === b.active;
}

function sameStrategyView(a: StrategyView, b: StrategyView): boolean {
	return a.state === b.state && a.run === b.run && a.lastComplete === b.lastComplete && a.history === b.history;
}
