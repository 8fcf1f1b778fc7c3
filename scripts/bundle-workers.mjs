// Bundles the pool worker's code (worker-loop.js as tsc built it, and everything it imports: the engine,
// the clients, image checks…) into dist/source/executors/bundle/: worker.js, plus one chunk per HTTP
// client, which the worker loads only for a race on that client (client/index.ts imports each by name);
// and compute.js, what the pipeline's pool threads run (compute-worker.js), sharing the thumbnail's chunk.
// The pool's workers load worker.js when it is there (worker-handle.ts): ten workers that each resolve,
// compile and link a graph of ~200 modules on 2 cores were 4-8x slower to be ready than empty ones.
// Run after `tsc -b` by npm run build, start, test, bench and prepack.
import {readFile, rm} from 'node:fs/promises';
import {builtinModules, createRequire} from 'node:module';
import process from 'node:process';
import {build} from 'esbuild';

const outdir = 'dist/source/executors/bundle';
const builtins = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));

/**
 * Node's built-in modules, reached through require() rather than `import`: an ESM import of a
 * built-in reads every one of its exports, and node:http's WebSocket, CloseEvent and MessageEvent
 * are getters that load undici, ~25 ms per worker. esbuild reads a CommonJS module's exports only
 * where the code uses them.
 */
const builtinsByRequire = {
	name: 'builtins-by-require',
	setup(build) {
		// node:module stays an ESM import: its exports are plain, and through require() esbuild's interop copies
		// every one of them into a namespace object at load (~4 ms a worker).
		build.onResolve({filter: /^[a-z0-9_:/]+$/}, ({path}) => path === 'node:module' || path === 'module' ? {path, external: true} : (builtins.has(path) ? {path, namespace: 'builtin'} : undefined));
		build.onLoad({filter: /.*/, namespace: 'builtin'}, ({path}) => ({contents: lazyBuiltins.has(path.replace(/^node:/, '')) ? lazyBuiltin(path) : `module.exports = __imgraceBuiltin(${JSON.stringify(path)});`, loader: 'js'}));
	},
};

/**
 * Built-ins a client imports at its top but uses only for a URL or a body a race may never have (https
 * and tls for an https URL, zlib for a coded body) or never at all (http2: imgrace turns it off; got still
 * imports it to recognise an HTTP/2 server response it could pipe into); crypto and fs/promises, which
 * a worker reaches only once it writes a thumbnail or a file. Each is loaded on first use:
 * a proxy stands in for its exports, listing their names (read here, from the Node that builds) without
 * loading it, so a bundle's `import {x} from 'node:tls'` costs nothing until `x` is read.
 */
const lazyBuiltins = new Set(['http2', 'https', 'tls', 'zlib', 'crypto', 'fs/promises']);

function lazyBuiltin(path) {
	const names = Object.keys(createRequire(import.meta.url)(path));
	return `let loaded;
const load = () => (loaded ??= __imgraceBuiltin(${JSON.stringify(path)}));
module.exports = new Proxy({}, {
	get: (_, name) => load()[name],
	has: (_, name) => name in load(),
	ownKeys: () => ${JSON.stringify(names)},
	getOwnPropertyDescriptor: (_, name) => ({configurable: true, enumerable: true, get: () => load()[name]}),
});`;
}

/**
 * Some dependencies ship maps to TypeScript sources they do not ship: esbuild would chain those in
 * without the sources' text. Their own JavaScript is mapped instead, so the bundle's map carries every
 * source it names (as .ci/run checks of each shipped map).
 */
const ownJavaScriptOfDependencies = {
	name: 'own-javascript-of-dependencies',
	setup(build) {
		build.onLoad({filter: /[/\\]node_modules[/\\].*\.[cm]?js$/}, async ({path}) => ({
			contents: (await readFile(path, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/m, ''),
			loader: 'js',
		}));
	},
};

/**
 * What the clients carry that imgrace turns off, left out of the workers: got's HTTP/2 wrapper (http2:
 * false), its cache (cache: false) and its decompression (decompress: false: the download core undoes
 * codings for both clients); undici's HTTP/2 client (a connection is never offered h2). Each
 * stub throws if it is ever reached, so a setting that turned them on could not pass silently.
 */
const unusedParts = [
	[/[/\\]got[/\\]dist[/\\]source[/\\]core[/\\]utils[/\\]http2-client\.js$/, "const off = () => { throw new Error('imgrace turns HTTP/2 off'); }; export class Agent { constructor() { off(); } } export const auto = off; export const request = off; export const globalAgent = undefined; export default {Agent, auto, request, globalAgent};"],
	[/^cacheable-request$/, "export default class CacheableRequest { constructor() { throw new Error('imgrace turns the cache off'); } } export class CacheError extends Error {}"],
	[/(^decompress-response|[/\\]got[/\\]dist[/\\]source[/\\]core[/\\]utils[/\\]decompress-response\.js)$/, "export default () => { throw new Error('imgrace undoes content codings itself'); }"],
	[/[/\\]undici[/\\]lib[/\\]dispatcher[/\\]client-h2\.js$/, "module.exports = () => { throw new Error('imgrace does not offer HTTP/2'); };"],
];

const withoutUnusedParts = {
	name: 'without-unused-parts',
	setup(build) {
		build.onResolve({filter: /(http2-client\.js|^cacheable-request|decompress-response(\.js)?|client-h2\.js)$/}, async args => {
			if (args.pluginData === 'resolving') {
				return undefined;
			}

			const resolved = args.path === 'cacheable-request' || args.path === 'decompress-response' ? args.path : (await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving'})).path;
			return unusedParts.some(([pattern]) => pattern.test(resolved)) ? {path: resolved, namespace: 'unused'} : undefined;
		});
		build.onLoad({filter: /.*/, namespace: 'unused'}, ({path}) => ({contents: unusedParts.find(([pattern]) => pattern.test(path))[1], loader: 'js'}));
	},
};

await rm(outdir, {recursive: true, force: true});
const result = await build({
	entryPoints: {worker: 'dist/source/executors/worker-loop.js', compute: 'dist/source/executors/compute-worker.js'},
	outdir,
	bundle: true,
	splitting: true,
	chunkNames: '[name]-[hash]',
	format: 'esm',
	platform: 'node',
	target: 'node22',
	minify: true,
	// undici's own switch for bundlers: without it, its experimental parser (never used) is bundled too.
	define: {esbuildDetection: 'true'},
	// Minified names, but the map (sources included, as every shipped map) gives stack traces back.
	sourcemap: true,
	sourcesContent: true,
	// CommonJS dependencies call require(); an ESM bundle has none of its own.
	banner: {js: "import {createRequire as __imgraceCreateRequire} from 'node:module'; const require = __imgraceCreateRequire(import.meta.url), __imgraceBuiltin = require;"},
	plugins: [withoutUnusedParts, builtinsByRequire, ownJavaScriptOfDependencies],
	logLevel: 'warning',
	metafile: true,
});
if (process.argv.includes('--verbose')) {
	for (const [file, output] of Object.entries(result.metafile.outputs)) {
		if (file.endsWith('.js')) {
			process.stdout.write(`${file}: ${Object.keys(output.inputs).length} modules, ${(output.bytes / 1024).toFixed(0)} KiB\n`);
		}
	}
}
