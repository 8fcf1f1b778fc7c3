import {setMaxListeners} from 'node:events';
import type {Runner} from '../../engine/run-spec.js';
import type {StrategyName} from '../../engine/events.js';
import type {FrameScheduler} from './frame-scheduler.js';

export type RerunQueue = {
	/**
	 * Run these strategies next, one after the other, in this order. A run in flight is aborted first and awaited (its temp files removed by the
	 * engine) before the next one starts; whatever was still planned is replaced.
	 */
	readonly run: (strategies: readonly StrategyName[]) => void;
	/** Change the next run's concurrency (clamped to 1..imageCount). */
	/** `from`: the width shown while none is asked for (footerConcurrency), which the first step starts from. */
	readonly stepConcurrency: (delta: number, from?: number) => void;
	/** Abort what is in flight, drop the plan, and resolve once the aborted run has ended. */
	readonly quit: () => Promise<void>;
	/** Resolves when nothing is in flight or planned. */
	readonly idle: () => Promise<void>;
	/** The strategy in flight, if any. */
	readonly active: () => StrategyName | undefined;
};

/**
 * Orchestrates runs for the UI: which strategy runs, aborting on rerun, a sequence of strategies and
 * quitting. Knows nothing of React; everything it does is visible through the scheduler's state.
 */
export function createRerunQueue(options: {readonly runner: Runner; readonly store: FrameScheduler}): RerunQueue {
	const {runner, store} = options;
	let plan: StrategyName[] = [];
	let current: {readonly strategy: StrategyName; readonly controller: AbortController} | undefined;
	let loop: Promise<void> = Promise.resolve();
	let driving = false;
	let closed = false;

	const drive = async () => {
		driving = true;
		try {
			while (!closed && plan.length > 0) {
				const strategy = plan.shift()!;
				const controller = new AbortController();
				// Every in-flight download listens to the run's signal: hundreds is normal, not a leak.
				setMaxListeners(0, controller.signal);
				current = {strategy, controller};
				store.dispatch({type: 'run-requested', strategy});
				try {
					// One run at a time, by design: the next starts only once this one has ended.
					await runner({
						strategy,
						// The strategy's own slots rule decides what it takes of this (the engine applies it).
						asked: store.state.concurrency,
						signal: controller.signal,
						onEvent: store.dispatch,
					});
				} catch (error) {
					// Aborted before its run-started event (Ctrl+C or a key at the first frame, while its
					// folder is made): the runner rejects with the abort, which is no failure to report.
					store.dispatch(controller.signal.aborted
						? {type: 'run-cancelled', strategy}
						: {type: 'runner-failed', strategy, message: error instanceof Error ? error.message : String(error)});
				} finally {
					current = undefined;
				}
			}
		} finally {
			driving = false;
		}
	};

	return {
		run(strategies) {
			if (closed) {
				return;
			}

			plan = [...strategies];
			store.dispatch({type: 'planned', strategies: plan});
			current?.controller.abort();
			if (!driving) {
				loop = drive();
			}
		},
		stepConcurrency(delta, from) {
			if (!closed) {
				store.dispatch({type: 'concurrency-stepped', delta, ...(from === undefined ? {} : {from})});
			}
		},
		async quit() {
			if (!closed) {
				closed = true;
				plan = [];
				store.dispatch({type: 'quitting'});
				current?.controller.abort();
			}

			await loop;
		},
		idle: async () => loop,
		active: () => current?.strategy,
	};
}
