import module from 'node:module';
import v8 from 'node:v8';

/**
 * Entry of a pool worker (thread or child process). Only a bootstrap: V8's compiled code is cached
 * on disk (module.enableCompileCache, Node ≥ 22.1) before the worker's code loads, which is why that
 * is imported dynamically rather than statically. The pool names the module to load (argv[2]): the
 * build's one file of worker-loop.js and all it imports for the race's client (scripts/bundle-workers.mjs)
 * when there is one, worker-loop.js itself otherwise. Figures: docs/performance.md, section 6. A child
 * process is also given its race's heap flags (argv[3] on: engine/heap.ts), set here before its code loads.
 */
for (const flag of process.argv.slice(3)) {
	v8.setFlagsFromString(flag);
}

module.enableCompileCache?.();
await import(process.argv[2] ?? './worker-loop.js');
