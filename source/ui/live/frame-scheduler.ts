import type {StrategyName} from '../../engine/events.js';
import {createSessionState, isBusy, reduceSession, type SessionInput, type SessionState} from '../../model/session-state.js';
import {Snapshotter, type SessionSnapshot, type StrategyLabels} from '../../view/snapshot.js';

export type FrameSchedulerOptions = {
	/** The strategies shown, in order. */
	readonly strategies: readonly StrategyName[];
	/** How each is shown (strategy-labels.ts: from the race's registry). */
	readonly labels: StrategyLabels;
	readonly imageCount: number;
	/** Initial concurrency asked of the runs (0 = each strategy's own width, until +/- sets one). */
	readonly concurrency: number;
	/**
	 * Snapshots per second while something changes or a run is in flight. Default 10: smooth for
	 * progress bars and timers, and every snapshot is a React render and an Ink frame on the thread
	 * that also does the downloads.
	 */
	readonly fps?: number;
	/** Monotonic clock in ms; performance.now() unless a test pins it. */
	readonly clock?: () => number;
};

/**
 * Decides when the UI gets a new frame. Holds the session outside React. Events are folded as they arrive (O(1) each); subscribers are
 * told about a new snapshot at most `fps` times a second, never per event. Run boundaries and
 * session actions (keys) publish on the next turn of the event loop so the UI reacts at once and the
 * final frame of a run always shows.
 */
export type FrameScheduler = {
	/** Fold an engine event or session action. */
	readonly dispatch: (input: SessionInput) => void;
	/** The live, mutable state (for orchestration; the UI reads snapshots). */
	readonly state: SessionState;
	readonly getSnapshot: () => SessionSnapshot;
	readonly subscribe: (listener: () => void) => () => void;
	/** Publish a snapshot now if anything changed. */
	readonly flush: () => void;
	/** Stop ticking; snapshots stay readable. */
	readonly close: () => void;
	/** Counters, for tests and the benchmark. */
	readonly counters: {readonly inputs: number; readonly snapshots: number};
};

/** Snapshots per second unless told otherwise. */
export const defaultFps = 10;

/**
 * Above this many engine events a second the engine is saturated (a fast local race). Each frame's
 * render (React, Yoga, Ink: 10–30 ms at 80×24, more on a big terminal) takes its time from the same
 * thread that is downloading, and a race tool must not slow the race it shows: while saturated the
 * store publishes at most every `busyIntervalMs`, and rarer still if frames cost more than
 * `busyShare` of the thread.
 */
const busyInputsPerSecond = 1500;
const busyIntervalMs = 250;
const busyShare = 0.05;
/** Otherwise frames may take up to this share of the thread (a huge terminal at 10 fps would not). */
const calmShare = 0.25;
/** However costly frames are, the screen (and its timers) moves at least once a second. */
const longestGapMs = 1000;

const urgent = new Set<SessionInput['type']>([
	'run-started',
	'run-finished',
	'run-aborted',
	'planned',
	'run-requested',
	'runner-failed',
	'run-cancelled',
	'concurrency-stepped',
	'quitting',
]);

export function createFrameScheduler(options: FrameSchedulerOptions): FrameScheduler {
	const clock = options.clock ?? (() => performance.now());
	const intervalMs = Math.max(1, Math.round(1000 / (options.fps ?? defaultFps)));
	const state = createSessionState({
		strategies: options.strategies,
		imageCount: options.imageCount,
		concurrency: options.concurrency,
	});
	const snapshotter = new Snapshotter(options.labels);
	const listeners = new Set<() => void>();
	const counters = {inputs: 0, snapshots: 1};
	let snapshot = snapshotter.take(state, clock());
	let dirty = false;
	let closed = false;
	let timer: NodeJS.Timeout | undefined;
	let soon: NodeJS.Immediate | undefined;

	let lastPublishAt = clock();
	let inputsAtPublish = 0;
	// What the last publish cost: the listeners, and the render React runs for them in a microtask
	// they queued (this one is queued after, so it runs after).
	let frameCostMs = 0;
	const publish = () => {
		dirty = false;
		const startedAt = clock();
		lastPublishAt = startedAt;
		inputsAtPublish = counters.inputs;
		snapshot = snapshotter.take(state, startedAt);
		counters.snapshots++;
		for (const listener of listeners) {
			listener();
		}

		if (listeners.size > 0) {
			queueMicrotask(() => {
				frameCostMs = clock() - startedAt;
			});
		}
	};

	const stopTimer = () => {
		if (timer) {
			clearInterval(timer);
			timer = undefined;
		}
	};

	const tick = () => {
		const busy = isBusy(state);
		const sinceMs = clock() - lastPublishAt;
		const saturated = (counters.inputs - inputsAtPublish) * 1000 > busyInputsPerSecond * sinceMs;
		if (sinceMs < publishGapMs(frameCostMs, saturated)) {
			return;
		}

		if (dirty || busy) {
			publish();
		}

		if (!busy && !dirty) {
			stopTimer();
		}
	};

	const ensureTimer = () => {
		if (!timer && !closed && listeners.size > 0) {
			timer = setInterval(tick, intervalMs);
			timer.unref();
		}
	};

	const flush = () => {
		if (soon) {
			clearImmediate(soon);
			soon = undefined;
		}

		if (dirty) {
			publish();
		}
	};

	const dispatch = (input: SessionInput) => {
		counters.inputs++;
		reduceSession(state, input);
		dirty = true;
		if (closed) {
			return;
		}

		if (urgent.has(input.type)) {
			soon ??= setImmediate(() => {
				soon = undefined;
				flush();
			});
		}

		ensureTimer();
	};

	return {
		dispatch,
		state,
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			if (dirty || isBusy(state)) {
				ensureTimer();
			}

			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) {
					stopTimer();
				}
			};
		},
		flush,
		close() {
			closed = true;
			stopTimer();
			if (soon) {
				clearImmediate(soon);
				soon = undefined;
			}
		},
		counters,
	};
}

/**
 * The least time between two publishes, given what the last one cost: frames keep to their share of
 * the thread (5% while the engine is saturated, 25% otherwise) but come at least once a second.
 */
export function publishGapMs(frameCostMs: number, saturated: boolean): number {
	const gap = saturated ? Math.max(busyIntervalMs, frameCostMs / busyShare) : frameCostMs / calmShare;
	return Math.min(gap, longestGapMs);
}
