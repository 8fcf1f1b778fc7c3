import {raceDefaults} from '../defaults.js';
import type {StrategyName} from './events.js';

/**
 * A strategy only decides how many downloads may be in flight at once; the controller (p-map with
 * that many slots) and the per-image download code are shared, so the race compares scheduling
 * and nothing else.
 */
export type Strategy = {
	readonly name: StrategyName;
	/** Slots for a run of `count` images when the user asked for `requested` (0 = the default). */
	slots(requested: number, count: number): number;
};

export const sequential: Strategy = {
	name: 'sequential',
	slots: () => 1,
};

/**
 * The default width: one slot per image for a small list (the classic race), but never thousands of
 * connections to one host just because the list is long (curl --parallel stops at 50 too).
 */
export const defaultMaxSlots = raceDefaults.maxDefaultSlots;

export const parallel: Strategy = {
	name: 'parallel',
	slots(requested, count) {
		const all = Math.max(1, count);
		return requested > 0 ? Math.min(requested, all) : Math.min(all, defaultMaxSlots);
	},
};

export const strategies: Readonly<Record<StrategyName, Strategy>> = {sequential, parallel};
