import module from 'node:module';

/**
 * Entry of a pool worker (thread or child process). Only a bootstrap: V8's compiled code for the
 * engine and got is cached on disk (module.enableCompileCache, Node ≥ 22.1) before any of it loads,
 * which is why the loop is imported dynamically rather than statically. Figures: executors/index.ts.
 */
module.enableCompileCache?.();
await import('./worker-loop.js');
