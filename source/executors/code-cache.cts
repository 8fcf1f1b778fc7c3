// CommonJS, as the worker entry that loads it: a worker that starts on an ES module pays ~3 ms of CPU
// for Node's ES module loader (median of 40 threads, 10 at once, 2 shared cores).
import {existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {threadId} from 'node:worker_threads';
import vm from 'node:vm';
import {sealed, unsealed} from './cache-seal.cjs';

/**
 * Runs a worker's bundle (a CommonJS script from scripts/bundle-workers.mjs) with the code V8 compiled
 * for it in an earlier worker, and keeps that code for the next ones.
 *
 * Why not Node's compile cache alone: it stores what V8 compiled with the script, before it ran, so the
 * functions V8 compiles lazily while a worker starts (the client's classes and options, the job
 * builder…) were compiled again in every worker. A cache taken once the worker has run holds them too.
 * Figures: docs/performance.md, section 6.
 *
 * The cache lives in Node's compile cache folder (per Node version and V8 flags; NODE_COMPILE_CACHE moves
 * it, NODE_DISABLE_COMPILE_CACHE turns both off), named by the bundle's content. It only ever speeds a
 * start up: one that cannot be read, is damaged (cache-seal.cts), is rejected or cannot be written
 * changes nothing else.
 */
export type CachedBundle = {
	/** The cache file it was compiled with or is to be saved to; undefined without a cache folder or key. */
	readonly cacheFile: string | undefined;
	/** Whether V8 took the cached code (false: compiled from the source). */
	readonly cached: boolean;
	/** What the script exported. */
	readonly exports: Record<string, unknown>;
	/**
	 * Save what V8 has compiled for the script by now, unless it ran from the cache or another worker has
	 * saved one since it started (call it once the worker has started).
	 */
	save(): void;
};

const keyLine = /^\/\/ imgrace-bundle ([\da-f]{8,64})\n/;

/** The start of the names of `file`'s cache files: one per content key. */
function prefixOf(file: string): string {
	return `imgrace-${path.basename(file, path.extname(file))}-`;
}

function readIfThere(file: string): Buffer | undefined {
	try {
		return readFileSync(file);
	} catch {
		return undefined;
	}
}

/** Compile and run the script `file` (CommonJS) with its cached code from `folder`, if any. */
export function runCachedBundle(file: string, folder: string | undefined): CachedBundle {
	const code = readFileSync(file, 'utf8');
	const key = keyLine.exec(code)?.[1];
	const prefix = prefixOf(file);
	const cacheFile = folder === undefined || key === undefined ? undefined : path.join(folder, `${prefix}${key}.v8`);
	const stored = cacheFile === undefined ? undefined : readIfThere(cacheFile);
	const cachedData = stored === undefined ? undefined : unsealed(stored);
	// The wrapper on a line of its own, placed before line 1, so the script's lines keep their numbers.
	const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${code}\n})`, {
		filename: file,
		lineOffset: -1,
		cachedData,
		// An import() in the script loads as in any module of this thread.
		importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
	});
	const cached = cachedData !== undefined && !script.cachedDataRejected;
	// A file there that did not serve: damaged, or written by another V8.
	const spoilt = stored !== undefined && !cached;
	const module = {exports: {}};
	(script.runInThisContext() as (...parameters: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
	return {
		cacheFile,
		cached,
		exports: module.exports,
		save() {
			// A spoilt one is replaced; a missing one only if still missing.
			if (cacheFile !== undefined && !cached && (spoilt || !existsSync(cacheFile))) {
				save(script, cacheFile, prefix);
			}
		},
	};
}

/** A temp file older than this was left by a worker stopped between its write and its rename. */
const staleTempMs = 60_000;

/**
 * Write the script's code to `cacheFile` whole (a temp file renamed over it), and remove the caches of
 * earlier builds of the same bundle (same name, another key) and stale temp files of it. Never throws.
 */
function save(script: vm.Script, cacheFile: string, prefix: string): void {
	const folder = path.dirname(cacheFile);
	const temp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
	try {
		writeFileSync(temp, sealed(script.createCachedData()), {flag: 'wx', mode: 0o600});
		renameSync(temp, cacheFile);
		for (const name of readdirSync(folder).filter(name => name.startsWith(prefix))) {
			const file = path.join(folder, name);
			if ((name.endsWith('.v8') && file !== cacheFile) || (name.endsWith('.tmp') && performance.timeOrigin + performance.now() - (statSync(file, {throwIfNoEntry: false})?.mtimeMs ?? Infinity) > staleTempMs)) {
				rmSync(file, {force: true});
			}
		}
	} catch {
		rmSync(temp, {force: true});
	}
}
