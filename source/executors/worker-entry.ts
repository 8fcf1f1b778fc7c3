import module from 'node:module';

/**
 * Entry of a pool worker (thread or child process). Only a bootstrap: V8's compiled code is cached
 * on disk (module.enableCompileCache, Node ≥ 22.1) before the worker's code loads, which is why that
 * is imported dynamically rather than statically. The pool names the module to load (argv[2]): the
 * build's one file of worker-loop.js and all it imports for the race's client (scripts/bundle-workers.mjs)
 * when there is one, worker-loop.js itself otherwise. Figures: docs/performance.md, section 6. A child
 * process is also given its race's heap flags (argv[3] on: engine/heap.ts), set here before its code
 * loads; node:v8 is loaded only then, as a thread (which shares its process's flags) has no use for it.
 */
const heapFlags = process.argv.slice(3);
if (heapFlags.length > 0) {
	const v8 = await import('node:v8');
	for (const flag of heapFlags) {
		v8.setFlagsFromString(flag);
	}
}

module.enableCompileCache?.();
await import(process.argv[2] ?? './worker-loop.js');
