import {perImageSlots} from './slots.js';
import type {Strategy} from './types.js';

/** Many images at once on one thread, the event loop overlapping their waits: one slot per image by default. */
export const parallel: Strategy = {
	name: 'parallel',
	title: 'Parallel',
	key: 'p',
	role: 'event-loop',
	slots: perImageSlots,
	run: async (spec, context) => (await import('./in-process.js')).runInProcess(spec, context),
};
