import {lazyRun} from './lazy-run.js';
import type {Strategy} from './types.js';

/** One image at a time, whatever was asked for: the baseline every other strategy is measured against. */
export const sequential: Strategy = {
	name: 'sequential',
	title: 'Sequential',
	key: 's',
	role: 'one-at-a-time',
	slots: () => 1,
	...lazyRun(async () => import('./in-process.js'), async (module, spec, context) => module.runInProcess(spec, context)),
};
