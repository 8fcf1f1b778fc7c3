import {workerRoom} from '../executors/worker-budget.js';
import {workerSlots} from './slots.js';
import {lazyRun} from './lazy-run.js';
import type {Strategy} from './types.js';

/**
 * N worker threads, each downloading its next image from one shared queue, one after another, as the
 * seed's threads do. The work after each download runs on the worker that downloaded it.
 */
export const threads: Strategy = {
	name: 'threads',
	title: 'Threads',
	key: 'w',
	role: 'workers',
	slots: workerSlots,
	room: (_work, machine) => workerRoom('threads', machine),
	...lazyRun(async () => import('../executors/pool.js'), async (module, spec, context) => module.runPool('threads', spec, context)),
};
