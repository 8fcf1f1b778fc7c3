import {readFile} from 'node:fs/promises';
import {parentPort, threadId} from 'node:worker_threads';
import {sharedNow} from '../engine/clock.js';
import {processDecodeBudget} from '../work/decode-budget.js';
import {makeRounds} from '../work/make-rounds.js';

/**
 * The pipeline's pool (compute-pool.ts, a Piscina) runs this in each of its threads: the CPU half of
 * the work, a thumbnail from an image's bytes, handed over without a copy. The file is written by the
 * event loop that downloaded it.
 */

export type ComputeTask = {
	readonly id: number;
	/** The body, transferred; undefined when it went to disk as it came (then read from `path`). */
	readonly bytes: Uint8Array | undefined;
	readonly path: string;
	readonly size: number;
	readonly repeat: number;
};

export type ComputeResult = {
	/** The thumbnail made, or why there is none (no decoder here for the image's type). */
	readonly made: {readonly data: Uint8Array; readonly width: number; readonly height: number} | {readonly skipped: string};
	readonly threadId: number;
	/** This thread's CPU since it began (process.threadCpuUsage), microseconds. */
	readonly cpuUs: number;
};

/** What a thread says besides its results: it has loaded this code, or a task has begun (ms on the machine's clock). */
export type ComputeMessage =
	| {readonly type: 'ready'; readonly threadId: number; readonly cpuUs: number}
	| {readonly type: 'working'; readonly id: number; readonly at: number};

function cpuUs(): number {
	const usage = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
	return usage.user + usage.system;
}

parentPort?.postMessage({type: 'ready', threadId, cpuUs: cpuUs()} satisfies ComputeMessage);

export default async function compute(task: ComputeTask): Promise<ComputeResult> {
	parentPort?.postMessage({type: 'working', id: task.id, at: sharedNow()} satisfies ComputeMessage);
	const input = task.bytes ?? new Uint8Array(await readFile(task.path));
	// The pool stops a task by ending its thread: nothing to check between the steps.
	const made = await makeRounds(input, {size: task.size, repeat: task.repeat}, {budget: processDecodeBudget(), stop() {}});
	const result = made.status === 'made' ? {data: made.thumbnail.data, width: made.thumbnail.width, height: made.thumbnail.height} : {skipped: made.reason};
	return {made: result, threadId, cpuUs: cpuUs()};
}
