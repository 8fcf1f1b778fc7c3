import {builtInStrategies, createRegistry} from '../source/strategies/index.js';
import type {StrategyName, WorkName} from '../source/strategies/types.js';

/** The strategies as the CLI registers them, for the engine worker and the scenarios alike. */
export const benchRegistry = createRegistry(builtInStrategies);

/**
 * The scenarios name the strategies they race; one this build does not register yet (the pipeline,
 * before issue 20 lands) is left out rather than failing the run, and said so in the report.
 */
export function registered(names: readonly StrategyName[]): {readonly run: StrategyName[]; readonly skipped: StrategyName[]} {
	return {
		run: names.filter(name => benchRegistry.find(name) !== undefined),
		skipped: names.filter(name => benchRegistry.find(name) === undefined),
	};
}

/** The width a strategy takes by default for `count` images of `work`, as `imgrace` without --concurrency. */
export function defaultSlots(name: StrategyName, count: number, work: WorkName): number {
	return benchRegistry.named(name).slots(0, count, work);
}
