import os from 'node:os';
import {raceDefaults} from '../defaults.js';

/**
 * Workers for a run of `count` images when the user asked for `requested` (0 = the default). Threads
 * default to one per image, capped as every strategy's width is; processes to one per core, as
 * Python's ProcessPoolExecutor does. Never more workers than images.
 */
export function threadSlots(requested: number, count: number): number {
	const all = Math.max(1, count);
	return requested > 0 ? Math.min(requested, all) : Math.min(all, raceDefaults.maxDefaultSlots);
}

export function processSlots(requested: number, count: number): number {
	const all = Math.max(1, count);
	return Math.min(requested > 0 ? requested : os.availableParallelism(), all);
}
