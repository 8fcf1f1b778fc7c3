import {workerRoom} from '../executors/worker-budget.js';
import {perImageSlots} from './slots.js';
import {lazyRun} from './lazy-run.js';
import type {Strategy} from './types.js';

/**
 * asyncio with a process pool, or libuv with its thread pool: the downloads overlap on the event loop
 * exactly as parallel's do, and each image's work (--work thumbnail) goes to a pool of one thread per
 * core, the bytes handed over without a copy. With nothing to compute it is parallel and nothing more:
 * no pool is started.
 */
export const pipeline: Strategy = {
	name: 'pipeline',
	title: 'Pipeline',
	key: 'i',
	role: 'pipeline',
	slots: perImageSlots,
	// Its downloads run on the event loop; its pool needs one thread at least, and no more start than fit (pipeline-run.ts).
	room(work, machine) {
		const threads = workerRoom('threads', machine);
		return work !== 'download' && threads.slots < 1 ? threads : undefined;
	},
	...lazyRun(async () => import('./pipeline-run.js'), async (module, spec, context) => module.runPipeline(spec, context)),
};
