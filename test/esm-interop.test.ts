import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {SourceMap, type SourceMapPayload} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {build} from 'esbuild';

type Interop = (code: string, map?: SourceMapPayload) => {code: string; map: SourceMapPayload | undefined};
// A build script, not part of the package: reached by path, as npm run build runs it.
const {lighterInterop} = await import(new URL('../../scripts/esm-interop.mjs', import.meta.url).href) as {lighterInterop: Interop};

/** Where `needle` is in `code`, as a source map counts (0-based line and column). */
function position(code: string, needle: string): {line: number; column: number} {
	const offset = code.indexOf(needle);
	assert.notEqual(offset, -1, `${needle} is in the code`);
	const before = code.slice(0, offset).split('\n');
	return {line: before.length - 1, column: before.at(-1)!.length};
}

test('esbuild\'s interop for a CommonJS import copies nothing: the same exports, as live, and the map still points home', async () => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'imgrace-interop-'));
	try {
		await writeFile(path.join(directory, 'dep.cjs'), "'use strict';\nlet count = 1;\nmodule.exports = {get count() { return count; }, bump() { count++; }, where: 'marker-in-dep'};\n");
		await writeFile(path.join(directory, 'text.cjs'), "module.exports = 'a string module';\n");
		await writeFile(path.join(directory, 'entry.mjs'), [
			"import dep, {bump, count, where} from './dep.cjs';",
			"import text from './text.cjs';",
			'export const before = count;',
			'bump();',
			'export const after = dep.count;',
			'export {text, where};',
			'export const live = () => count;',
			'',
		].join('\n'));
		const built = await build({entryPoints: [path.join(directory, 'entry.mjs')], bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: 'external', outdir: directory, write: false});
		const js = built.outputFiles.find(file => file.path.endsWith('.js'))!.text;
		const map = JSON.parse(built.outputFiles.find(file => file.path.endsWith('.map'))!.text) as SourceMapPayload;
		const lighter = lighterInterop(js, map);
		assert.notEqual(lighter.code, js);
		assert.match(lighter.code, /Object\.create\(/);
		const loaded = await import(`data:text/javascript,${encodeURIComponent(lighter.code)}`) as {before: number; after: number; text: string; where: string; live: () => number};
		assert.deepEqual([loaded.before, loaded.after, loaded.text, loaded.where, loaded.live()], [1, 2, 'a string module', 'marker-in-dep', 2]);
		// A token after the edit maps where it did before the edit.
		const original = new SourceMap(map).findEntry(position(js, '"marker-in-dep"').line, position(js, '"marker-in-dep"').column);
		const moved = new SourceMap(lighter.map!).findEntry(position(lighter.code, '"marker-in-dep"').line, position(lighter.code, '"marker-in-dep"').column);
		assert.ok('originalLine' in original && 'originalLine' in moved);
		assert.deepEqual([moved.originalSource, moved.originalLine, moved.originalColumn], [original.originalSource, original.originalLine, original.originalColumn]);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});

test('a bundle with no CommonJS import is left as it is; one whose helper is not the one it knows fails the build', () => {
	const plain = 'var a=1;export{a};';
	assert.equal(lighterInterop(plain).code, plain);
	assert.throws(() => lighterInterop('var T=(e,t)=>(t=e,t.__esModule?e:{default:e});'), /has esbuild changed it/);
});
