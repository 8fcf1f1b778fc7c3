import type {Strategy} from './types.js';

/** One image at a time, whatever was asked for: the baseline every other strategy is measured against. */
export const sequential: Strategy = {
	name: 'sequential',
	title: 'Sequential',
	key: 's',
	role: 'one-at-a-time',
	slots: () => 1,
	run: async (spec, context) => (await import('./in-process.js')).runInProcess(spec, context),
};
