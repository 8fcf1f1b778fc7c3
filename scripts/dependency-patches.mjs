// Edits to a dependency's code as the worker files are bundled (scripts/bundle-workers.mjs), each where
// the dependency reads at load what a race of imgrace's never uses. Each edit names the exact text it
// replaces: a release of the dependency that changed it fails the build, so that it is looked at again
// rather than bundled unedited.

/**
 * undici reads node:http at load for two things: its default limit on a response head (http.maxHeaderSize,
 * which imgrace gives every client itself: engine/client/undici/client.ts) and a class its destroy()
 * compares a stream with (a response body of node:http's own, which undici never has here). Read when
 * used instead, node:http (its server, its parser binding…) is not loaded into an undici worker at all:
 * ~1 ms of each worker's start (2 shared cores).
 */
const patches = [
	{
		file: /[/\\]undici[/\\]lib[/\\]dispatcher[/\\]client\.js$/,
		text: `const getDefaultNodeMaxHeaderSize = http &&
  http.maxHeaderSize &&
  Number.isInteger(http.maxHeaderSize) &&
  http.maxHeaderSize > 0
  ? () => http.maxHeaderSize
  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }`,
		with: `const getDefaultNodeMaxHeaderSize = () => {
  if (http && Number.isInteger(http.maxHeaderSize) && http.maxHeaderSize > 0) return http.maxHeaderSize
  throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid')
}`,
	},
	{
		file: /[/\\]undici[/\\]lib[/\\]core[/\\]util\.js$/,
		text: "const { IncomingMessage } = require('node:http')",
		with: "const http = require('node:http')",
	},
	{
		file: /[/\\]undici[/\\]lib[/\\]core[/\\]util\.js$/,
		text: 'Object.getPrototypeOf(stream).constructor === IncomingMessage',
		with: 'Object.getPrototypeOf(stream).constructor === http.IncomingMessage',
	},
	/**
	 * got makes its default instance as its index is imported (an Options with every default checked, then
	 * create()'s copy of it, frozen). imgrace makes its own from got's create and Options
	 * (engine/client/got/client.ts) and never reads that one: marked pure, esbuild leaves it out.
	 */
	{
		file: /[/\\]got[/\\]dist[/\\]source[/\\]index\.js$/,
		text: `const defaults = {
    options: new Options(),
    handlers: [],
    mutableDefaults: false,
};
const got = create(defaults);`,
		with: `const defaults = {
    options: /* @__PURE__ */ new Options(),
    handlers: [],
    mutableDefaults: false,
};
const got = /* @__PURE__ */ create(defaults);`,
	},
];

/** `code` (the text of the dependency's file `path`) with the edits for that file made. */
export function patched(path, code) {
	let result = code;
	for (const patch of patches.filter(each => each.file.test(path))) {
		if (result.split(patch.text).length !== 2) {
			throw new Error(`${path} no longer has, once, the text scripts/dependency-patches.mjs edits: ${patch.text.split('\n')[0]}`);
		}

		result = result.replace(patch.text, () => patch.with);
	}

	return result;
}
