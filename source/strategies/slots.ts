import os from 'node:os';
import {raceDefaults} from '../defaults.js';

/*
 * The width rules the strategies share: a run of `count` images when the user asked for `requested`
 * (0 = the default). Never more slots than images.
 */

/** One slot per image, up to raceDefaults.maxDefaultSlots (parallel, threads): never thousands of connections to one host just because the list is long (curl --parallel stops at 50 too). */
export function perImageSlots(requested: number, count: number): number {
	const all = Math.max(1, count);
	return requested > 0 ? Math.min(requested, all) : Math.min(all, raceDefaults.maxDefaultSlots);
}

/** One slot per core by default, as Python's ProcessPoolExecutor has (processes, and threads on CPU-bound work). */
export function perCoreSlots(requested: number, count: number): number {
	const all = Math.max(1, count);
	return Math.min(requested > 0 ? requested : os.availableParallelism(), all);
}
