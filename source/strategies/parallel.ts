import {runInProcess} from './in-process.js';
import {perImageSlots} from './slots.js';
import type {Strategy} from './types.js';

/** Many images at once on one thread: --concurrency wide, or one slot per image (up to a cap). */
export const parallel: Strategy = {
	name: 'parallel',
	title: 'Parallel',
	key: 'p',
	slots: perImageSlots,
	run: runInProcess,
};
