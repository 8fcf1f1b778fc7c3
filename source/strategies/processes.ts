import {runOnPool} from './on-pool.js';
import {perCoreSlots} from './slots.js';
import type {Strategy} from './types.js';

/**
 * N child processes (the seed's multiprocessing), each downloading its next image from one shared
 * queue, one after another; by default one per core, as Python's ProcessPoolExecutor. The work after
 * each download runs in the child that downloaded it.
 */
export const processes: Strategy = {
	name: 'processes',
	title: 'Processes',
	key: 'c',
	slots: perCoreSlots,
	run: async plan => runOnPool('processes', plan),
};
