import {runInProcess} from './in-process.js';
import type {Strategy} from './types.js';

/**
 * The default width: one slot per image for a small list (the classic race), but never thousands of
 * connections to one host just because the list is long (curl --parallel stops at 50 too).
 */
export const defaultMaxSlots = 64;

/** Many images at once on one thread: --concurrency wide, or one slot per image up to defaultMaxSlots. */
export const parallel: Strategy = {
	name: 'parallel',
	title: 'Parallel',
	key: 'p',
	slots(requested, count) {
		const all = Math.max(1, count);
		return requested > 0 ? Math.min(requested, all) : Math.min(all, defaultMaxSlots);
	},
	run: runInProcess,
};
