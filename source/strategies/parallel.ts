import {perImageSlots} from './slots.js';
import {lazyRun} from './lazy-run.js';
import type {Strategy} from './types.js';

/** Many images at once on one thread, the event loop overlapping their waits: one slot per image by default. */
export const parallel: Strategy = {
	name: 'parallel',
	title: 'Parallel',
	key: 'p',
	role: 'event-loop',
	slots: perImageSlots,
	...lazyRun(async () => import('./in-process.js'), async (module, spec, context) => module.runInProcess(spec, context)),
};
