import {threadSlots} from '../executors/index.js';
import {runOnPool} from './on-pool.js';
import type {Strategy} from './types.js';

/**
 * N worker threads, each downloading its next image from one shared queue, one after another, as the
 * seed's threads do; by default one per image (as its 10 threads for 10 images), capped as every
 * strategy's width is. The work after each download runs on the worker that downloaded it.
 */
export const threads: Strategy = {
	name: 'threads',
	title: 'Threads',
	key: 'w',
	slots: threadSlots,
	run: async plan => runOnPool('threads', plan),
};
