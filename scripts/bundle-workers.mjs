// Bundles the pool worker's code (worker-loop.js as tsc built it, and everything it imports: the engine,
// the client, image checks…) into dist/source/executors/bundle/: one file per HTTP client, worker-got.cjs
// and worker-undici.cjs, each carrying only its own client (the pool starts the one of the race's client:
// worker-handle.ts); and compute.js, what the pipeline's pool threads run (compute-worker.js). Ten
// workers that each resolve, compile and link a graph of ~200 modules on 2 cores were 4-8x slower to be
// ready than empty ones; one file per worker, not a worker file with ten chunks beside it, took an
// undici worker's CPU to ready from ~33 to ~23 ms (profiled, median of 6, 2 shared cores).
// Where tsc built the bench, also its start-up floor (bench/client-alone.ts), once per client, into
// dist/bench/bundle/. Run after `tsc -b` by npm run build, start, test, bench and prepack.
import {existsSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {builtinModules, createRequire} from 'node:module';
import process from 'node:process';
import {build} from 'esbuild';
import {clientNames as clients} from '../dist/source/engine/names.js';
import {patched} from './dependency-patches.mjs';
import {eagerFactories} from './eager-factories.mjs';
import {lighterInterop} from './esm-interop.mjs';
import {functionHead} from '../dist/source/executors/code-cache.cjs';

const outdir = 'dist/source/executors/bundle';
const builtins = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));

/**
 * Node's built-in modules, reached through require() rather than `import`: an ESM import of a
 * built-in reads every one of its exports, and node:http's WebSocket, CloseEvent and MessageEvent
 * are getters that load undici, ~25 ms per worker. esbuild reads a CommonJS module's exports only
 * where the code uses them.
 */
function builtinsByRequire(client) {
	return {
		name: 'builtins-by-require',
		setup(build) {
			build.onResolve({filter: /^[a-z0-9_:/]+$/}, ({path}) => builtins.has(path) ? {path, namespace: 'builtin'} : undefined);
			build.onLoad({filter: /.*/, namespace: 'builtin'}, ({path}) => ({contents: lazyContents(path, client) ?? `module.exports = __imgraceBuiltin(${JSON.stringify(path)});`, loader: 'js'}));
		},
	};
}

/**
 * Built-ins a client imports at its top but uses only for a URL or a body a race may never have (https
 * and tls for an https URL, zlib for a coded body, dns for a name that is no address) or never at all
 * (http2: imgrace turns it off; got still imports it to recognise an HTTP/2 server response it could pipe
 * into); crypto and fs/promises, which a worker reaches only once it writes a thumbnail or a file; http,
 * which undici imports for a default and a class (dependency-patches.mjs) and imgrace for a status's
 * words; os and timers/promises, for a thumbnail's decode budget; module, whose createRequire loads
 * https, tls and zlib when first asked for (engine/client/lazy-builtins.ts) and fflate's worker threads in
 * a thumbnail (the bootstrap does not load it either: executors/code-cache.cts). Each is loaded on first use:
 * a proxy stands in for its exports, listing their names (read here, from the Node that builds) without
 * loading it, so a bundle's `import {x} from 'node:tls'` costs nothing until `x` is read. Together with
 * lazyAssert and the patches, an undici worker's CPU to ready went from ~23 to ~21 ms (2 shared cores).
 * Not what the client needs for every request: got's worker loads node:http at its start, as got makes
 * each request with it, so that the first image's time has no module loading in it.
 */
const lazyBuiltins = new Set(['http2', 'https', 'tls', 'zlib', 'crypto', 'fs/promises', 'http', 'dns', 'os', 'timers/promises', 'module']);
const neededBy = {got: new Set(['http'])};

/** A lazy stand-in for the built-in `path` (node:…) in `client`'s file, or undefined where it is loaded as it is. */
function lazyContents(path, client) {
	const name = path.replace(/^node:/, '');
	if (name === 'assert') {
		return lazyAssert(path);
	}

	return lazyBuiltins.has(name) && !neededBy[client]?.has(name) ? lazyBuiltin(path) : undefined;
}

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
 * node:assert, which undici calls as `assert(condition)` on every request and which fails only on a bug
 * of its own: a plain function (a proxy's call would cost each of those calls) that loads the real one
 * only to throw its error; its other exports are read through to it.
 */
function lazyAssert(path) {
	const names = Object.getOwnPropertyNames(createRequire(import.meta.url)(path)).filter(name => !['length', 'name', 'prototype'].includes(name));
	return `let loaded;
const load = () => (loaded ??= __imgraceBuiltin(${JSON.stringify(path)}));
function assert(value, message) {
	if (!value) {
		load()(value, message);
	}
}
for (const name of ${JSON.stringify(names)}) {
	Object.defineProperty(assert, name, {configurable: true, enumerable: true, get: () => load()[name]});
}
module.exports = assert;`;
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
			contents: patched(path, (await readFile(path, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/m, '')),
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


/**
 * The engine's client table (engine/client/index.ts) imports each client by name. A worker's file
 * carries only `client`'s (none for the compute threads): another one's module is a stub that says so
 * if a setting ever reached it.
 */
function onlyClient(client) {
	const others = clients.filter(name => name !== client);
	const pattern = new RegExp(`[/\\\\]engine[/\\\\]client[/\\\\](${others.join('|')})[/\\\\]client\\.js$`);
	return {
		name: 'only-client',
		setup(build) {
			build.onResolve({filter: /[/\\]client\.js$/}, async args => {
				if (args.pluginData === 'resolving') {
					return undefined;
				}

				const resolved = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving'});
				return pattern.test(resolved.path) ? {path: resolved.path, namespace: 'other-client'} : undefined;
			});
			build.onLoad({filter: /.*/, namespace: 'other-client'}, ({path}) => {
				const name = /client[/\\](\w+)[/\\]client\.js$/.exec(path)[1];
				const factory = `create${name[0].toUpperCase()}${name.slice(1)}Client`;
				return {contents: `export const ${factory} = () => { throw new Error('this worker file carries the ${client ?? 'no'} client, not ${name}'); };`, loader: 'js'};
			});
		},
	};
}

/**
 * How a file starts in each format. A pool worker's file is CommonJS (`.cjs`), as the pool's bootstrap runs
 * it as a script with V8's code for it cached (executors/code-cache.ts); Piscina imports the compute
 * threads' file itself, an ES module. CommonJS dependencies call require(), which an ES module has not;
 * import.meta.url (engine/client/lazy-builtins.ts) is the file's URL in both. `eager`: whether the
 * CommonJS modules' factories are compiled with the file (eager-factories.mjs). Not in a pool worker's
 * file: the code V8 saves after a worker ran holds the factories that ran, and only those, where compiling
 * every factory with the file made the cache 1.8× as large and each worker ~0.5 ms (undici) to ~1.5 ms
 * (got) slower to be ready (its CPU, one worker at a time, median of 23, 2 shared cores). `inject`: a pool
 * worker's file has a `performance` of its own (thread-performance.mjs), so that no worker loads Node's
 * to read its clock: 10 threads ready ÷ 10 empty, interleaved with the build before, 20 rounds, run twice
 * (2 shared cores): got 1.63 / 1.66 → 1.59 / 1.54, undici 1.63 / 1.57 → 1.58 / 1.45. Not in compute.js:
 * Piscina reads Node's anyway.
 */
const formats = {
	esm: {banner: "import {createRequire as __imgraceCreateRequire} from 'node:module'; const require = __imgraceCreateRequire(import.meta.url), __imgraceBuiltin = require;", define: {}, extension: '.js', eager: true},
	// Strict, as the ES modules it is made of: the banner comes before esbuild's own "use strict", which is then no directive.
	cjs: {banner: "'use strict'; const __imgraceBuiltin = require, __imgraceUrl = require('node:url').pathToFileURL(__filename).href;", define: {'import.meta.url': '__imgraceUrl'}, extension: '.cjs', eager: false, inject: ['scripts/thread-performance.mjs']},
};

/**
 * A pool worker's file as the function Node would wrap it in, exported: `module.exports = (function (exports,
 * require, module, __filename, __dirname) {…});`. The pool's bootstrap runs the function expression as a
 * script (code-cache.cts) and require() gives it the function; either way it is called as Node calls a
 * module. Wrapped here, not by the bootstrap: a bootstrap that joined the file's text to a wrapper made
 * each worker copy the whole text on its heap first. The map moves down a line with the code.
 */
function wrappedAsFunction({code, map}) {
	const mapComment = code.lastIndexOf('\n//# sourceMappingURL=');
	return {code: `${functionHead}\n${code.slice(0, mapComment)}\n});${code.slice(mapComment)}`, map: {...map, mappings: `;${map.mappings}`}};
}

/** One file per entry of `entryPoints` into `outdir`, each with everything it imports and only `client`'s client. */
async function bundle(entryPoints, outdir, client, format) {
	const {banner, define, extension, eager: compileFactories, inject = []} = formats[format];
	const result = await build({
		entryPoints,
		outdir,
		bundle: true,
		format,
		outExtension: {'.js': extension},
		platform: 'node',
		target: 'node22',
		minify: true,
		// undici's own switch for bundlers: without it, its experimental parser (never used) is bundled too.
		define: {esbuildDetection: 'true', ...define},
		// Minified names, but the map (sources included, as every shipped map) gives stack traces back.
		sourcemap: true,
		sourcesContent: true,
		banner: {js: banner},
		inject,
		plugins: [onlyClient(client), withoutUnusedParts, builtinsByRequire(client), ownJavaScriptOfDependencies],
		logLevel: 'warning',
		metafile: true,
	});
	for (const file of Object.keys(result.metafile.outputs).filter(name => name.endsWith(extension))) {
		const built = lighterInterop(await readFile(file, 'utf8'), JSON.parse(await readFile(`${file}.map`, 'utf8')));
		const eager = compileFactories ? eagerFactories(built.code, built.map) : built;
		const {code, map} = format === 'cjs' ? wrappedAsFunction(eager) : eager;
		await writeFile(file, code);
		await writeFile(`${file}.map`, JSON.stringify(map));
	}

	return result;
}

// The bench's start-up floor (bench/client-alone.ts): a worker that only makes its client, built the same
// way, so the two differ by imgrace's code alone. Only where tsc built the bench (npm run build, not prepack).
const clientAlone = 'dist/bench/client-alone.js';
const benchOut = 'dist/bench/bundle';
await Promise.all([outdir, benchOut].map(async folder => rm(folder, {recursive: true, force: true})));
const results = await Promise.all([
	...clients.map(async client => bundle({[`worker-${client}`]: 'dist/source/executors/worker-loop.js'}, outdir, client, 'cjs')),
	bundle({compute: 'dist/source/executors/compute-worker.js'}, outdir, undefined, 'esm'),
	...(existsSync(clientAlone) ? clients.map(async client => bundle({[`client-alone-${client}`]: clientAlone}, benchOut, client, 'cjs')) : []),
]);
if (process.argv.includes('--verbose')) {
	for (const [file, output] of results.flatMap(result => Object.entries(result.metafile.outputs))) {
		if (/\.c?js$/.test(file)) {
			process.stdout.write(`${file}: ${Object.keys(output.inputs).length} modules, ${(output.bytes / 1024).toFixed(0)} KiB\n`);
		}
	}
}
