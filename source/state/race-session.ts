import {setMaxListeners} from 'node:events';
import type {Runner} from '../engine/controller-types.js';
import type {StrategyName} from '../engine/events.js';
import type {Store} from './store.js';

/** What to run: one strategy, or both (sequential first, then parallel, never at once). */
export type RaceMode = StrategyName | 'both';

export type RaceSession = {
	/**
	 * Run `mode` next. A run in flight is aborted first and awaited (its temp files removed by the
	 * engine) before the next one starts; whatever was still planned is replaced.
	 */
	readonly run: (mode: RaceMode) => void;
	/** Change the next parallel run's concurrency (clamped to 1..imageCount). */
	readonly stepConcurrency: (delta: number) => void;
	/** Abort what is in flight, drop the plan, and resolve once the aborted run has ended. */
	readonly quit: () => Promise<void>;
	/** Resolves when nothing is in flight or planned. */
	readonly idle: () => Promise<void>;
	/** The strategy in flight, if any. */
	readonly active: () => StrategyName | undefined;
};

export function planFor(mode: RaceMode): StrategyName[] {
	return mode === 'both' ? ['sequential', 'parallel'] : [mode];
}

/**
 * Orchestrates runs for the UI: which strategy runs, aborting on rerun, the both-sequence and
 * quitting. Knows nothing of React; everything it does is visible through the store.
 */
export function createRaceSession(options: {readonly runner: Runner; readonly store: Store}): RaceSession {
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
						concurrency: strategy === 'parallel' ? store.state.concurrency : 1,
						signal: controller.signal,
						onEvent: store.dispatch,
					});
				} catch (error) {
					store.dispatch({type: 'runner-failed', strategy, message: error instanceof Error ? error.message : String(error)});
				} finally {
					current = undefined;
				}
			}
		} finally {
			driving = false;
		}
	};

	return {
		run(mode) {
			if (closed) {
				return;
			}

			plan = planFor(mode);
			store.dispatch({type: 'planned', strategies: plan});
			current?.controller.abort();
			if (!driving) {
				loop = drive();
			}
		},
		stepConcurrency(delta) {
			if (!closed) {
				store.dispatch({type: 'concurrency-stepped', delta});
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
