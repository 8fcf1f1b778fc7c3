import assert from 'node:assert/strict';
import type {SourceMapPayload} from 'node:module';
import test from 'node:test';
import {assertMapsAsBefore, bundled} from './helpers/bundle-fixture.js';

type Eager = (code: string, map?: SourceMapPayload) => {code: string; map: SourceMapPayload | undefined; count: number};
// A build script, not part of the package: reached by path, as npm run build runs it.
const {eagerFactories} = await import(new URL('../../scripts/eager-factories.mjs', import.meta.url).href) as {eagerFactories: Eager};

test('esbuild\'s CommonJS factories become parenthesized functions, the code still runs and its map still points home', async () => {
	const built = await bundled({
		'dep.cjs': "'use strict';\nconst answer = 40 + 2;\nmodule.exports = {answer, where: 'marker-in-dep'};\n",
		'entry.mjs': "import dep from './dep.cjs';\nexport const value = dep.answer;\nexport const where = dep.where;\n",
	});
	const eager = eagerFactories(built.js, built.map);
	assert.equal(eager.count, 1);
	assert.match(eager.code, /\(\(function\([\w$]+,[\w$]+\)\{/);
	// The same exports as before.
	const loaded = await import(`data:text/javascript,${encodeURIComponent(eager.code)}`) as {value: number; where: string};
	assert.deepEqual([loaded.value, loaded.where], [42, 'marker-in-dep']);
	// A token after the edit maps where it did before the edit.
	assert.equal(assertMapsAsBefore(built, eager, '"marker-in-dep"'), 2);
});

test('a factory that reads this, arguments or new.target of its own is left as it is; nested functions do not count', () => {
	const code = [
		'var w=(e,t)=>()=>(t||e((t={exports:{}}).exports,t),t.exports);',
		'var a=w((e,t)=>{t.exports=this});',
		'var b=w((e,t)=>{t.exports=arguments.length});',
		'var c=w((e,t)=>{t.exports=function(){return this}});',
		'var d=w((e,t)=>{t.exports=()=>this});',
		'var f=w(async(e,t)=>{});',
		'var g=w((e,t)=>e);',
	].join('\n');
	const eager = eagerFactories(code);
	assert.equal(eager.count, 1);
	assert.match(eager.code, /var c=w\(\(function\(e,t\)\{t\.exports=function\(\)\{return this\}\}\)\);/);
	for (const kept of ['var a=w((e,t)=>{t.exports=this});', 'var b=w((e,t)=>{t.exports=arguments.length});', 'var d=w((e,t)=>{t.exports=()=>this});', 'var f=w(async(e,t)=>{});', 'var g=w((e,t)=>e);']) {
		assert.ok(eager.code.includes(kept), kept);
	}
});
