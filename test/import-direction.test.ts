import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Which part may import which, one step down; what a part may reach is every part below it. Folders
 * of source/ are parts (their subfolders belong to them, ui/live apart); files directly in source/ are
 * parts of their own. docs/development.md draws the same table.
 */
const below: Readonly<Record<string, readonly string[]>> = {
	cli: ['entry', 'config', 'output'],
	entry: ['ui', 'output', 'config', 'server'],
	ui: ['view', 'model', 'ui/live'],
	'ui/live': ['view', 'model'],
	output: ['model', 'charts', 'config'],
	config: ['model', 'strategies', 'server'],
	view: ['model', 'charts'],
	model: ['strategies'],
	// executors/ (worker threads, child processes) and work/ (per-image work after download) are placed
	// as the helpers adding them planned; move a line if the code they bring says otherwise.
	strategies: ['engine', 'executors', 'work'],
	executors: ['engine', 'work'],
	work: ['engine', 'codec'],
	engine: ['format', 'stats', 'defaults', 'errors'],
	server: ['format', 'defaults', 'codec'],
	codec: [],
	charts: ['format', 'stats'],
	format: [],
	stats: [],
	defaults: [],
	errors: [],
	types: [],
};

function reachable(part: string): Set<string> {
	const seen = new Set<string>();
	const visit = (from: string) => {
		for (const next of below[from] ?? []) {
			if (!seen.has(next)) {
				seen.add(next);
				visit(next);
			}
		}
	};

	visit(part);
	return seen;
}

/** The part a file (a path from the repository root) belongs to. */
function partOf(file: string): string {
	if (file === 'cli.tsx') {
		return 'cli';
	}

	const [top, second, ...rest] = path.relative('source', file).split(path.sep);
	if (second === undefined) {
		return path.basename(top!).replace(/\.(d\.)?tsx?$/, '');
	}

	return top === 'ui' && second === 'live' && rest.length > 0 ? 'ui/live' : top!;
}

/** Static `from '…'` and dynamic `import('…')` specifiers of the relative imports in a file's text. */
function relativeImports(text: string): string[] {
	return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map(match => match[1]!);
}

/** Every import that points up or sideways, as `from → to (file imports specifier)`. */
function violations(files: ReadonlyMap<string, string>): string[] {
	const found: string[] = [];
	for (const [file, text] of files) {
		const from = partOf(file);
		const allowed = reachable(from);
		for (const specifier of relativeImports(text)) {
			const target = path.join(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
			const to = partOf(target);
			if (to !== from && !allowed.has(to)) {
				found.push(`${from} → ${to} (${file} imports ${specifier})`);
			}
		}
	}

	return found;
}

function sourceFiles(): Map<string, string> {
	const files = new Map<string, string>([['cli.tsx', readFileSync(path.join(root, 'cli.tsx'), 'utf8')]]);
	for (const entry of readdirSync(path.join(root, 'source'), {recursive: true, withFileTypes: true})) {
		if (entry.isFile() && /\.tsx?$/.test(entry.name)) {
			const file = path.relative(root, path.join(entry.parentPath, entry.name));
			files.set(file, readFileSync(path.join(root, file), 'utf8'));
		}
	}

	return files;
}

test('imports point one way: no part of source/ imports a part above it or beside it', () => {
	const files = sourceFiles();
	assert.ok(files.size > 50, `read ${files.size} files`);
	assert.deepEqual(violations(files), []);
});

test('every part of source/ has its place in the table', () => {
	const parts = new Set([...sourceFiles().keys()].map(file => partOf(file)));
	assert.deepEqual([...parts].filter(part => !(part in below)), [], 'a new folder needs its line in the table above');
});

test('the table has no cycle: no two parts can reach each other', () => {
	for (const part of Object.keys(below)) {
		assert.equal(reachable(part).has(part), false, `${part} reaches itself`);
	}
});

/** Where a relative import in `file` points, as a path from the repository root (a .ts or .tsx file). */
function resolvedImport(file: string, specifier: string, files: ReadonlyMap<string, string>): string | undefined {
	const base = path.join(path.dirname(file), specifier.replace(/\.js$/, ''));
	return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(candidate => files.has(candidate));
}

/**
 * The first import cycle between files, type-only imports and re-exports included (a cycle of types
 * still means a contract split across files that need each other), as the files around it; or undefined.
 */
function importCycle(files: ReadonlyMap<string, string>): string[] | undefined {
	const edges = new Map([...files].map(([file, text]) => [file, relativeImports(text).map(specifier => resolvedImport(file, specifier, files)).filter((target): target is string => target !== undefined)]));
	const state = new Map<string, 'open' | 'done'>();
	const trail: string[] = [];
	const visit = (file: string): string[] | undefined => {
		state.set(file, 'open');
		trail.push(file);
		for (const next of edges.get(file) ?? []) {
			if (state.get(next) === 'open') {
				return [...trail.slice(trail.indexOf(next)), next];
			}

			const found = state.has(next) ? undefined : visit(next);
			if (found) {
				return found;
			}
		}

		trail.pop();
		state.set(file, 'done');
		return undefined;
	};

	for (const file of files.keys()) {
		const found = state.has(file) ? undefined : visit(file);
		if (found) {
			return found;
		}
	}

	return undefined;
}

test('no import cycle between files, type imports included', () => {
	assert.deepEqual(importCycle(sourceFiles()), undefined);
});

test('an import cycle is found, through a type import too', () => {
	const files = new Map([
		['source/engine/a.ts', "import type {B} from './b.js';"],
		['source/engine/b.ts', "export {c} from './c.js';"],
		['source/engine/c.ts', "import type {A} from './a.js';"],
		['source/engine/d.ts', "import {c} from './c.js';"],
	]);
	assert.deepEqual(importCycle(files), ['source/engine/a.ts', 'source/engine/b.ts', 'source/engine/c.ts', 'source/engine/a.ts']);
	assert.equal(importCycle(new Map([...files].filter(([file]) => file !== 'source/engine/c.ts'))), undefined);
});

test('an import up the table is found, static or dynamic, and one down is not', () => {
	const files = new Map([
		['source/engine/controller.ts', "import {strategyNamed} from '../strategies/registry.js';\nimport {formatBytes} from '../format/format.js';"],
		['source/format/text.ts', "import type {EngineEvent} from '../engine/events.js';"],
		['source/ui/live/queue.ts', "const app = await import('../app.js');"],
		['source/ui/components/row.tsx', "import {queue} from '../live/queue.js';"],
		['source/server/serve.ts', "import {exitCodes} from '../entry/exit-codes.js';"],
	]);
	assert.deepEqual(violations(files), [
		'engine → strategies (source/engine/controller.ts imports ../strategies/registry.js)',
		'format → engine (source/format/text.ts imports ../engine/events.js)',
		'ui/live → ui (source/ui/live/queue.ts imports ../app.js)',
		'server → entry (source/server/serve.ts imports ../entry/exit-codes.js)',
	]);
});
