import {runOnPool} from './on-pool.js';
import {perCoreSlots, perImageSlots} from './slots.js';
import type {Strategy} from './types.js';

/**
 * N worker threads, each downloading its next image from one shared queue, one after another, as the
 * seed's threads do; by default one per image (as its 10 threads for 10 images), capped as every
 * strategy's width is; for CPU-bound work (--work thumbnail) one per core. The work after each
 * download runs on the worker that downloaded it.
 */
export const threads: Strategy = {
	name: 'threads',
	title: 'Threads',
	key: 'w',
	slots(requested, count, work) {
		// CPU-bound work on more threads than cores only thrashes: measured here (2 cores), 16 threads
		// making 16 thumbnails took 1.85× the wall, 2× the CPU and 3.3× the memory of 2 threads making
		// the same 16 (7.0 s, 11.2 CPU-s, 680 MB against 3.8 s, 5.8 CPU-s, 200 MB).
		const cpuBound = work !== undefined && work !== 'download';
		return cpuBound ? perCoreSlots(requested, count) : perImageSlots(requested, count);
	},
	run: async plan => runOnPool('threads', plan),
};
