import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {runAsModule, runWithCodeCache} from './code-cache.cjs';

/**
 * Entry of a pool worker (thread or child process). Only a bootstrap, and CommonJS like code-cache.cts:
 * an ES module's import of a built-in reads every one of its exports, node:fs's and node:module's
 * included, which cost each worker as much as the cache saves it (docs/performance.md, section 6).
 * The pool names the module to load (argv[2]): the build's one file of worker-loop.js and all it
 * imports for the race's client (scripts/bundle-workers.mjs), run with V8's code cached after a worker
 * ran it (argv[3] names the cache file, '' for none: code-cache.cts), or loaded as it is under
 * --enable-source-maps; worker-loop.js itself where the build made no
 * such file, with Node's compile cache (module.enableCompileCache, Node ≥ 22.1) turned on before it
 * loads. A child process is also given its race's heap flags (argv[4] on: engine/heap.ts), set here
 * before its code loads; node:v8 is loaded only then, as a thread (which shares its process's flags)
 * has no use for it.
 */
const [worker = pathToFileURL(path.join(__dirname, 'worker-loop.js')).href, cacheFile = '', ...heapFlags] = process.argv.slice(2);
if (heapFlags.length > 0) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- only where there are flags to set, as said above
	const v8 = require('node:v8') as typeof import('node:v8');
	for (const flag of heapFlags) {
		v8.setFlagsFromString(flag);
	}
}

if (worker.endsWith('.cjs') && process.sourceMapsEnabled) {
	// Node maps stack traces only through its own loader (--enable-source-maps): no cache then.
	const file = fileURLToPath(worker);
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the worker's file is CommonJS, as said above
	runAsModule(require(file) as Parameters<typeof runAsModule>[0], file);
} else if (worker.endsWith('.cjs')) {
	runWithCodeCache(new URL(worker), cacheFile === '' ? undefined : cacheFile);
} else {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- only for the unbundled file: a bundled worker never loads node:module at its start
	(require('node:module') as typeof import('node:module')).enableCompileCache?.();
	// Rejected, it ends the worker as an error thrown at its start would.
	void import(worker);
}
