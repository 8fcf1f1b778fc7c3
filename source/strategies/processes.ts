import {workerRoom} from '../executors/worker-budget.js';
import {workerSlots} from './slots.js';
import {lazyRun} from './lazy-run.js';
import type {Strategy} from './types.js';

/**
 * N child processes (the seed's multiprocessing), each downloading its next image from one shared
 * queue, one after another. The work after each download runs in the child that downloaded it.
 */
export const processes: Strategy = {
	name: 'processes',
	title: 'Processes',
	key: 'c',
	role: 'workers',
	slots: workerSlots,
	room: (_work, machine) => workerRoom('processes', machine),
	...lazyRun(async () => import('../executors/pool.js'), async (module, spec, context) => module.runPool('processes', spec, context)),
};
