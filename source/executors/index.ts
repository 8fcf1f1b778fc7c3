// Executors: run a race's images on worker threads or child processes (the seed's two pools), for the `threads` and `processes` strategies.
export {graceMs, runPool} from './pool.js';
export type {ExecutorKind} from './worker-handle.js';
