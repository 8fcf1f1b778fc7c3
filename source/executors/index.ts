// Executors: run a race's images on worker threads or child processes (the seed's two pools), for the `threads` and `processes` strategies.
export {graceMs, runPool, type PoolPlan, type PoolResult} from './pool.js';
export {processSlots, threadSlots} from './slots.js';
export type {ExecutorKind} from './worker-handle.js';

/*
 * Start-up: `npm run bench -- --only startup` (bench/scenarios/startup.ts) starts 10 workers at once until
 * each is ready to download, against 10 empty ones, back to back per round; the readme's Performance
 * section has the figures. On 2 cores shared with other builds (load 4-7, so ±30% between runs):
 *   before, the unbundled graph (~200 modules per worker, compile cache on): threads 4-8x the empty
 *   workers, processes ~3-4x.
 *   now, worker.bundle.js (scripts/bundle-workers.mjs: one esbuild file, built-ins by require()):
 *   threads ~2.4x, processes ~2.5x. The 1.5x bar is NOT met yet.
 * Where the rest goes (one worker, CPU profile): Node's own modules the worker needs (https with tls and
 * crypto for the HTTP client's agents, http; got also pulls in http2 and zlib) about half, got's own
 * top-level code most of the other half. With got stubbed out of the bundle, 10 threads measured ~1.6x:
 * a got-free transport is the next step, then an https agent made only for the first https URL.
 */
