import {existsSync} from 'node:fs';
import {Piscina} from 'piscina';
import {fromShared} from '../engine/clock.js';
import type {ComputeMessage, ComputeResult, ComputeTask} from './compute-worker.js';

/**
 * A pool of threads for the CPU half of the pipeline's work, one per core: Piscina (a well-kept worker
 * pool) with a fixed size, its threads started at once and kept for the run. What imgrace adds: when
 * every thread has loaded the code (its start-up), when each task began on a thread (the image's wait
 * for a core ends there), and the threads' own CPU time.
 */
export type ComputePool = {
	readonly threads: number;
	/** Resolves once every thread has loaded the work's code, with the time that took (ms). */
	readonly ready: Promise<number>;
	/**
	 * Run one task; `working` hears when a thread took it (this thread's clock). The task's bytes are
	 * transferred: unusable here afterwards.
	 */
	run(task: ComputeTask, signal: AbortSignal, working: (at: number) => void): Promise<ComputeResult>;
	/** Stop every thread; resolves the CPU time the threads spent, from their start (ms). */
	close(): Promise<number>;
};

/** The bundle's entry (scripts/bundle-workers.mjs) when the build made it, else the module tsc built. */
const computeModule: string = (() => {
	const bundle = new URL('bundle/compute.js', import.meta.url);
	return existsSync(bundle) ? bundle.href : new URL('compute-worker.js', import.meta.url).href;
})();

export function startComputePool(threads: number): ComputePool {
	const started = performance.now();
	const pool = new Piscina({filename: computeModule, minThreads: threads, maxThreads: threads, idleTimeout: Number.POSITIVE_INFINITY, execArgv: []});
	const cpu = new Map<number, number>();
	const listeners = new Map<number, (at: number) => void>();
	let loaded = 0;
	let markReady!: (ms: number) => void;
	const ready = new Promise<number>(resolve => {
		markReady = resolve;
	});
	pool.on('message', (message: ComputeMessage) => {
		if (message.type === 'ready') {
			cpu.set(message.threadId, message.cpuUs);
			if (++loaded === threads) {
				markReady(performance.now() - started);
			}
		} else {
			listeners.get(message.id)?.(fromShared(message.at));
		}
	});
	return {
		threads,
		ready,
		async run(task, signal, working) {
			listeners.set(task.id, working);
			try {
				const result = await pool.run(task, {signal, ...(task.bytes ? {transferList: [task.bytes.buffer as ArrayBuffer]} : {})}) as ComputeResult;
				cpu.set(result.threadId, result.cpuUs);
				return result;
			} finally {
				listeners.delete(task.id);
			}
		},
		async close() {
			await pool.destroy();
			return [...cpu.values()].reduce((sum, us) => sum + us, 0) / 1000;
		},
	};
}
