// Executors: run a race's images on worker threads or child processes (the seed's two pools), for the `threads` and `processes` strategies.
export {graceMs, runPool, type PoolPlan, type PoolResult} from './pool.js';
export {processSlots, threadSlots} from './slots.js';
export type {ExecutorKind} from './worker-handle.js';

/*
 * Start-up, measured with bench/executor-startup.ts (10 workers started at once, median of 5-7 rounds,
 * Node 26, 2 cores shared with other builds: load 2-6, so ±50% between runs):
 *   threads:   empty 113-183 ms, importing got 598-1207 ms, this worker entry 655-1268 ms with the
 *              compile cache (worker-entry.ts) against 933-1835 ms without it, in the same sessions.
 *   processes: empty ~480 ms, got ~1430 ms, entry ~1660 ms (compile cache on; load ~6).
 * The compile cache takes ~30% off, but the bar (ready within 1.5x of empty workers) is NOT met: got
 * alone is 4-5x, and the engine's own graph without got (download.ts: image-size's detectors, the
 * scanner, errors) already ~4x in a worker, because 10 module graphs compile and link on 2 cores.
 * Left to do: a got-free transport in the worker and one bundled file per worker (esbuild).
 */
