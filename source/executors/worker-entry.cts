import module from 'node:module';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {runCachedBundle} from './code-cache.cjs';

/**
 * Entry of a pool worker (thread or child process). Only a bootstrap, and CommonJS (code-cache.cts says
 * why): V8's compiled code is cached on disk (module.enableCompileCache, Node ≥ 22.1) before the
 * worker's code loads. The pool names what to run (argv[2]): the build's one script of worker-loop.js and
 * all it imports for the race's client (scripts/bundle-workers.mjs), run with the code earlier workers
 * compiled for it (code-cache.cts), when there is one; else worker-loop.js itself, an ES module.
 * Figures: docs/performance.md, section 6.
 */
module.enableCompileCache?.();
const target = process.argv[2] ?? new URL('worker-loop.js', pathToFileURL(__filename)).href;
if (target.endsWith('.cjs')) {
	// The folder of this Node and these V8 flags (a thread has its process's; a child, Node's own).
	const bundle = runCachedBundle(fileURLToPath(target), module.getCompileCacheDir?.());
	// Once the worker has started, so the cache holds what it compiled to start (a worker is often
	// terminated rather than left to exit); after 'ready' is on its way. Only when there was no cache.
	void (bundle.exports['started'] as Promise<void> | undefined)?.then(() => {
		setImmediate(() => {
			bundle.save();
		});
	});
} else {
	void import(target);
}
