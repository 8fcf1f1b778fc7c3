// Strategies: the ways of scheduling the race's downloads, one file each; the built-in list below is what the entry layer makes its registry of. Each loads how it runs (the engine, a pool) only when it first runs, so listing them (--help, --mode) costs nothing.
import {parallel} from './parallel.js';
import {pipeline} from './pipeline.js';
import {processes} from './processes.js';
import {sequential} from './sequential.js';
import {threads} from './threads.js';
import type {Strategy} from './types.js';

/** In the order they run, are shown and are compared. */
export const builtInStrategies: readonly Strategy[] = [sequential, parallel, threads, processes, pipeline];

export {createRegistry, followsConcurrency, takesOneSlot, type Registry} from './registry.js';
