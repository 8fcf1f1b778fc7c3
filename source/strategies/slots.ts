import os from 'node:os';
import {raceDefaults} from '../defaults.js';
import type {WorkName} from './types.js';

/*
 * The width rules the strategies share: a run of `count` images when `asked` slots were asked for
 * (0 = the default). Never more slots than images.
 */

/** One slot per image, up to raceDefaults.maxDefaultSlots: never thousands of connections to one host just because the list is long (curl --parallel stops at 50 too). */
export function perImageSlots(asked: number, count: number): number {
	const all = Math.max(1, count);
	return asked > 0 ? Math.min(asked, all) : Math.min(all, raceDefaults.maxDefaultSlots);
}

/** One slot per core by default, as Python's ProcessPoolExecutor has. */
export function perCoreSlots(asked: number, count: number): number {
	const all = Math.max(1, count);
	return Math.min(asked > 0 ? asked : os.availableParallelism(), all);
}

/**
 * Workers: one per image for downloads (the seed's 10 threads for 10 images), one per core for
 * CPU-bound work, where more only thrashes: measured here (2 cores), 16 threads making 16 thumbnails took
 * 1.85× the wall, 2× the CPU and 3.3× the memory of 2 threads making the same 16 (7.0 s, 11.2 CPU-s,
 * 680 MB against 3.8 s, 5.8 CPU-s, 200 MB).
 */
export function workerSlots(asked: number, count: number, work: WorkName): number {
	return work === 'download' ? perImageSlots(asked, count) : perCoreSlots(asked, count);
}
