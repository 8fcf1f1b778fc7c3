import assert from 'node:assert/strict';
import type {SourceMapPayload} from 'node:module';
import test from 'node:test';
import {assertMapsAsBefore, bundled} from './helpers/bundle-fixture.js';

type Interop = (code: string, map?: SourceMapPayload) => {code: string; map: SourceMapPayload | undefined};
// A build script, not part of the package: reached by path, as npm run build runs it.
const {lighterInterop} = await import(new URL('../../scripts/esm-interop.mjs', import.meta.url).href) as {lighterInterop: Interop};

test('esbuild\'s interop for a CommonJS import copies nothing: the same exports, as live, and the map still points home', async () => {
	const built = await bundled({
		'dep.cjs': "'use strict';\nlet count = 1;\nmodule.exports = {get count() { return count; }, bump() { count++; }, where: 'marker-in-dep'};\n",
		'text.cjs': "module.exports = 'a string module';\n",
		'entry.mjs': [
			"import dep, {bump, count, where} from './dep.cjs';",
			"import text from './text.cjs';",
			'export const before = count;',
			'bump();',
			'export const after = dep.count;',
			'export {text, where};',
			'export const live = () => count;',
			'',
		].join('\n'),
	});
	const lighter = lighterInterop(built.js, built.map);
	assert.notEqual(lighter.code, built.js);
	assert.match(lighter.code, /Object\.create\(/);
	const loaded = await import(`data:text/javascript,${encodeURIComponent(lighter.code)}`) as {before: number; after: number; text: string; where: string; live: () => number};
	assert.deepEqual([loaded.before, loaded.after, loaded.text, loaded.where, loaded.live()], [1, 2, 'a string module', 'marker-in-dep', 2]);
	// A token after the edit maps where it did before the edit.
	assertMapsAsBefore(built, lighter, '"marker-in-dep"');
});

test('a bundle with no CommonJS import is left as it is; one whose helper is not the one it knows fails the build', () => {
	const plain = 'var a=1;export{a};';
	assert.equal(lighterInterop(plain).code, plain);
	assert.throws(() => lighterInterop('var T=(e,t)=>(t=e,t.__esModule?e:{default:e});'), /has esbuild changed it/);
});
