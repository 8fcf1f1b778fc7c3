import {runInProcess} from './in-process.js';
import type {Strategy} from './types.js';

/** One image at a time, whatever was asked for: the baseline every other strategy is measured against. */
export const sequential: Strategy = {
	name: 'sequential',
	title: 'Sequential',
	key: 's',
	slots: () => 1,
	run: runInProcess,
};
