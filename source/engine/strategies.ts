import pLimit from 'p-limit';
import type {StrategyName} from './events.js';

/**
 * A strategy only decides how many downloads may be in flight at once; the controller and the
 * per-image download code are shared, so the race compares scheduling and nothing else.
 */
export type Strategy = {
	readonly name: StrategyName;
	/** Slots for a run of `count` images when the user asked for `requested` (0 = as many as images). */
	slots(requested: number, count: number): number;
};

export const sequential: Strategy = {
	name: 'sequential',
	slots: () => 1,
};

export const parallel: Strategy = {
	name: 'parallel',
	slots(requested, count) {
		const all = Math.max(1, count);
		return requested > 0 ? Math.min(requested, all) : all;
	},
};

export const strategies: Readonly<Record<StrategyName, Strategy>> = {sequential, parallel};

export type Scheduler = <T>(task: () => Promise<T>) => Promise<T>;

/** A FIFO scheduler that runs at most `slots` tasks at once. */
export function createScheduler(slots: number): Scheduler {
	const limit = pLimit(slots);
	return async task => limit(task);
}
