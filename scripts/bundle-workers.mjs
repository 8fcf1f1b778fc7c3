// Bundles the pool worker's code (worker-loop.js as tsc built it, and everything it imports: the
// engine, got, image-size…) into one file, dist/source/executors/worker.bundle.js, which the pool's
// workers load when it is there (worker-handle.ts): ten workers that each resolve, compile and link
// a graph of ~200 modules on 2 cores were 4-8x slower to be ready than empty ones. Figures:
// source/executors/index.ts. Run after `tsc -b` by npm run build, start, test, bench and prepack.
import {readFile} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import process from 'node:process';
import {build} from 'esbuild';

const outfile = 'dist/source/executors/worker.bundle.js';
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
		build.onResolve({filter: /^[a-z0-9_:/]+$/}, ({path}) => builtins.has(path) ? {path, namespace: 'builtin'} : undefined);
		build.onLoad({filter: /.*/, namespace: 'builtin'}, ({path}) => ({contents: `module.exports = __imgraceBuiltin(${JSON.stringify(path)});`, loader: 'js'}));
	},
};

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
 * Workers send their requests through the node transport (source/engine/transport/node.ts), and got
 * is most of what a worker would spend loading: the got transport is replaced by a stub that says
 * so, which leaves got, and the http2, zlib and https it loads, out of the bundle.
 */
const withoutGot = {
	name: 'without-got',
	setup(build) {
		build.onResolve({filter: /[/\\]transport[/\\]got\.js$/}, () => ({path: 'got-transport-stub', namespace: 'without-got'}));
		build.onLoad({filter: /.*/, namespace: 'without-got'}, () => ({
			contents: "export function createGotTransport() { throw new Error('the worker bundle carries the node transport only'); }",
			loader: 'js',
		}));
	},
};

const result = await build({
	entryPoints: ['dist/source/executors/worker-loop.js'],
	outfile,
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node22',
	minify: true,
	// Minified names, but the map (sources included, as every shipped map) gives stack traces back.
	sourcemap: true,
	sourcesContent: true,
	// CommonJS dependencies call require(); an ESM bundle has none of its own.
	banner: {js: "import {createRequire as __imgraceCreateRequire} from 'node:module'; const require = __imgraceCreateRequire(import.meta.url), __imgraceBuiltin = require;"},
	plugins: [withoutGot, builtinsByRequire, ownJavaScriptOfDependencies],
	logLevel: 'warning',
	metafile: true,
});
if (process.argv.includes('--verbose')) {
	const inputs = Object.keys(result.metafile.inputs).length;
	const got = Object.keys(result.metafile.inputs).filter(input => input.includes('node_modules/got/')).length;
	process.stdout.write(`got modules in the bundle: ${got}\n`);
	process.stdout.write(`${outfile}: ${inputs} modules, ${(result.metafile.outputs[outfile].bytes / 1024).toFixed(0)} KiB\n`);
}
