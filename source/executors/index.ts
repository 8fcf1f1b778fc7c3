// Executors: run a race's images on worker threads or child processes (the seed's two pools), for the `threads` and `processes` strategies.
export {graceMs, runPool, type PoolPlan, type PoolResult} from './pool.js';
export type {ExecutorKind} from './worker-handle.js';

/*
 * Start-up: `npm run bench -- --only startup` (bench/scenarios/startup.ts) starts 10 workers at once until
 * each is ready to download, against 10 empty ones, back to back per round; the readme's Performance
 * section has the figures. On 2 cores shared with other builds (±30% between runs):
 *   first, the unbundled graph (~200 modules per worker, compile cache on): threads 4-8x the empty
 *   workers, processes ~3-4x.
 *   then, worker.bundle.js (scripts/bundle-workers.mjs: one esbuild file, built-ins by require()):
 *   threads 2.4-2.8x, processes ~2.5x. About half of what was left was Node's modules got and its
 *   agents load (https, tls, crypto, http2, zlib), most of the rest got's own top-level code.
 *   now, workers on the got-free node transport (engine/transport/node.ts, stubbed got out of the
 *   bundle: 229 KB -> 69 KB) with https/tls/zlib loaded at first use: threads 1.50x, 1.44x, 1.37x,
 *   1.39x, 1.34x, processes 1.30x, 1.21x, 1.24x, 1.16x, 1.15x (five runs, load 2.7 to 14). The 1.5x
 *   bar is met in four of five runs; the fifth was 1.502x, on it.
 */
