import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {SourceMap, type SourceMapPayload} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {build} from 'esbuild';

type Eager = (code: string, map?: SourceMapPayload) => {code: string; map: SourceMapPayload | undefined; count: number};
// A build script, not part of the package: reached by path, as npm run build runs it.
const {eagerFactories} = await import(new URL('../../scripts/eager-factories.mjs', import.meta.url).href) as {eagerFactories: Eager};

/** Where `needle` is in `code`, as a source map counts (0-based line and column). */
function position(code: string, needle: string): {line: number; column: number} {
	const offset = code.indexOf(needle);
	assert.notEqual(offset, -1, `${needle} is in the code`);
	const before = code.slice(0, offset).split('\n');
	return {line: before.length - 1, column: before.at(-1)!.length};
}

test('esbuild\'s CommonJS factories become parenthesized functions, the code still runs and its map still points home', async () => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'imgrace-eager-'));
	try {
		await writeFile(path.join(directory, 'dep.cjs'), "'use strict';\nconst answer = 40 + 2;\nmodule.exports = {answer, where: 'marker-in-dep'};\n");
		await writeFile(path.join(directory, 'entry.mjs'), "import dep from './dep.cjs';\nexport const value = dep.answer;\nexport const where = dep.where;\n");
		const built = await build({entryPoints: [path.join(directory, 'entry.mjs')], bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: 'external', outdir: directory, write: false});
		const js = built.outputFiles.find(file => file.path.endsWith('.js'))!.text;
		const map = JSON.parse(built.outputFiles.find(file => file.path.endsWith('.map'))!.text) as SourceMapPayload;
		const eager = eagerFactories(js, map);
		assert.equal(eager.count, 1);
		assert.match(eager.code, /\(\(function\([\w$]+,[\w$]+\)\{/);
		// The same exports as before.
		const loaded = await import(`data:text/javascript,${encodeURIComponent(eager.code)}`) as {value: number; where: string};
		assert.deepEqual([loaded.value, loaded.where], [42, 'marker-in-dep']);
		// A token after the edit maps where it did before the edit.
		const original = new SourceMap(map).findEntry(position(js, '"marker-in-dep"').line, position(js, '"marker-in-dep"').column);
		const moved = new SourceMap(eager.map!).findEntry(position(eager.code, '"marker-in-dep"').line, position(eager.code, '"marker-in-dep"').column);
		assert.ok('originalLine' in original && 'originalLine' in moved);
		assert.deepEqual([moved.originalSource, moved.originalLine, moved.originalColumn], [original.originalSource, original.originalLine, original.originalColumn]);
		assert.equal(moved.originalLine, 2);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
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
