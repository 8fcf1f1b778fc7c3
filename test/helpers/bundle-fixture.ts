import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {SourceMap, type SourceMapPayload} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';

/** A minified ES module bundle of `files` (names to texts; `entry.mjs` is the entry) and its source map, as the worker build makes one. */
export async function bundled(files: Readonly<Record<string, string>>): Promise<{js: string; map: SourceMapPayload}> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'imgrace-bundle-'));
	try {
		await Promise.all(Object.entries(files).map(async ([name, text]) => writeFile(path.join(directory, name), text)));
		const built = await build({entryPoints: [path.join(directory, 'entry.mjs')], bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: 'external', outdir: directory, write: false});
		return {
			js: built.outputFiles.find(file => file.path.endsWith('.js'))!.text,
			map: JSON.parse(built.outputFiles.find(file => file.path.endsWith('.map'))!.text) as SourceMapPayload,
		};
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

/** Where `needle` is in `code`, as a source map counts (0-based line and column). */
function position(code: string, needle: string): {line: number; column: number} {
	const offset = code.indexOf(needle);
	assert.notEqual(offset, -1, `${needle} is in the code`);
	const before = code.slice(0, offset).split('\n');
	return {line: before.length - 1, column: before.at(-1)!.length};
}

/** `needle`, in the edited code, maps where it did in the code before the edit; the original line it maps to. */
export function assertMapsAsBefore(before: {js: string; map: SourceMapPayload}, after: {code: string; map: SourceMapPayload | undefined}, needle: string): number {
	const original = new SourceMap(before.map).findEntry(position(before.js, needle).line, position(before.js, needle).column);
	const moved = new SourceMap(after.map!).findEntry(position(after.code, needle).line, position(after.code, needle).column);
	assert.ok('originalLine' in original && 'originalLine' in moved);
	assert.deepEqual([moved.originalSource, moved.originalLine, moved.originalColumn], [original.originalSource, original.originalLine, original.originalColumn]);
	return moved.originalLine;
}
