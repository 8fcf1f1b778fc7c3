import type {StrategyName} from './events.js';

/**
 * A strategy only decides how many downloads may be in flight at once; the controller (p-map with
 * that many slots) and the per-image download code are shared, so the race compares scheduling
 * and nothing else.
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
