// esbuild gives every ES module of a bundle that imports a CommonJS one (a built-in, one of undici's files)
// an object of its own standing for that module: `__toESM(module, isNodeMode)` makes one and defines a
// getter on it for each of the module's exports. Each ES module pays for it at load, once per CommonJS
// module it imports: ~1,000 getters at a pool worker's start (node:fs's 105 twice, node:crypto's 73 twice,
// undici's symbols twice, node:path's six times…). The same object is made here as one whose prototype is
// the module itself: its exports are read through it, as live as the getters were, and nothing is
// copied. 10 threads ready ÷ 10 empty, interleaved, 20 rounds (2 shared cores): got 1.84 → 1.62, undici
// 1.75 → 1.62.
import {applyEdits} from './source-edits.mjs';

/**
 * esbuild's helper as it minifies it: `X=(mod,isNodeMode,target)=>(target=mod!=null?create(getProtoOf(mod)):{},
 * copyProps(isNodeMode||!mod||!mod.__esModule?defProp(target,"default",{value:mod,enumerable:!0}):target,mod))`.
 */
const toEsm = /([\w$]+)=\(([\w$]+),([\w$]+),([\w$]+)\)=>\(\4=\2!=null\?[\w$]+\([\w$]+\(\2\)\):\{\},[\w$]+\(\3\|\|!\2\|\|!\2\.__esModule\?[\w$]+\(\4,"default",\{value:\2,enumerable:!0\}\):\4,\2\)\)/g;

/**
 * `code` (a bundle, minified) with esbuild's `__toESM` made as said above, and its map moved alike. The
 * same answers for `.default` and for every export; a module that is no object (a string, null) is
 * `{default: module}`. A bundle whose helper is not the one this knows fails the build: a new esbuild
 * is to be looked at again, not bundled unedited.
 */
export function lighterInterop(code, map) {
	const found = [...code.matchAll(toEsm)];
	if (found.length === 0 && !/\.__esModule\?/.test(code)) {
		return {code, map};
	}

	if (found.length !== 1) {
		throw new Error(`scripts/esm-interop.mjs found ${found.length} of esbuild's __toESM helper, where it knows one: has esbuild changed it?`);
	}

	const [whole, name, module, nodeMode] = found[0];
	const text = `${name}=(${module},${nodeMode})=>${module}===Object(${module})?Object.create(${module},${nodeMode}||!${module}.__esModule?{default:{value:${module},enumerable:!0}}:{}):{default:${module}}`;
	return applyEdits(code, map, [{start: found[0].index, end: found[0].index + whole.length, text}]);
}
