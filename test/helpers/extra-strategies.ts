import pMap from 'p-map';
import {registerStrategy} from '../../source/strategies/registry.js';
import type {Strategy} from '../../source/strategies/types.js';

/** Every image, `slots` at a time, in list order: all a layout test needs of a strategy. */
async function runInOrder(plan: Parameters<Strategy['run']>[0]): Promise<void> {
	await pMap(plan.urls.map((url, index) => ({url, index})), async ({url, index}) => plan.job(index, url, plan.signal), {concurrency: plan.slots});
}

/**
 * Two strategies that exist only in tests, titled as long as the real third and fourth are likely to
 * be, so the live UI can be laid out with four panels before those exist. Digit keys: no real
 * strategy will take them.
 */
export const extraStrategies: readonly Strategy[] = [
	{name: 'test-threads', title: 'Test threads', key: '3', slots: (requested, count) => Math.max(1, Math.min(requested || count, count)), run: runInOrder},
	{name: 'test-processes', title: 'Test processes', key: '4', slots: (requested, count) => Math.max(1, Math.min(requested || 2, count)), run: runInOrder},
];

/** Registers the extra strategies; returns what removes them again (call it in `after`). */
export function registerExtraStrategies(): () => void {
	const removers = extraStrategies.map(strategy => registerStrategy(strategy));
	return () => {
		for (const remove of removers.reverse()) {
			remove();
		}
	};
}
