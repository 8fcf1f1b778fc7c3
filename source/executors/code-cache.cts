import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

/**
 * Runs a pool worker's file (CommonJS, one per client: scripts/bundle-workers.mjs) as a script with V8's
 * code for it read from `cacheFile`, and when the worker leaves, saves the code V8 has by then into that
 * file if it had none for this file, or none it would take.
 *
 * Why not only Node's compile cache (module.enableCompileCache): it keeps the code V8 made when it
 * compiled the file, before the file ran. V8 compiles most functions at their first call, so every
 * function a worker first calls while it loads and makes its client (got's default options, undici's
 * classes, the jobs) was compiled again in every worker. Code cached after the worker ran holds them
 * too; docs/performance.md (section 6) has the figures.
 *
 * The cache is an optimisation and nothing more. A worker takes it only if it carries the stamp of this
 * very file and of this Node (else V8 would be handed code for another text of the same length), and V8
 * checks its own version and flags again (the pool names one file per set of flags: code-cache-file.ts).
 * What V8 does not check in a release build is the code itself: damaged code that passes its header
 * crashes the process. So each cache carries a CRC-32 of its code, which the pool checks once, on its
 * own thread, before it names the file to a worker (removeIfDamaged): a worker loading zlib to check it
 * would spend more than the cache saves it. The pool also makes the folder and names it only if it is
 * this user's alone. Any error reading or saving a cache leaves the worker as it was.
 */
export function runWithCodeCache(url: URL, cacheFile: string | undefined): void {
	const file = fileURLToPath(url);
	// The text and its stamp through one descriptor: a rebuild between the two cannot pair them wrongly.
	const descriptor = fs.openSync(file, 'r');
	let stamp: Buffer;
	let text: string;
	try {
		stamp = stampOf(fs.fstatSync(descriptor));
		text = fs.readFileSync(descriptor, 'utf8');
	} finally {
		fs.closeSync(descriptor);
	}

	if (!text.startsWith(functionHead)) {
		throw new Error(`${file} is no worker file of this build: it does not start with its function (scripts/bundle-workers.mjs)`);
	}

	const cached = cacheFile === undefined ? undefined : readCache(cacheFile, stamp);
	// The function expression alone (a slice of the text, not a copy), whose value the script ends with.
	const script = new vm.Script(text.slice(exportPrefix.length), {
		filename: file,
		columnOffset: exportPrefix.length,
		cachedData: cached,
		importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
	});
	const rejected = script.cachedDataRejected === true;
	if (cacheFile !== undefined && (cached === undefined || rejected)) {
		// 'exit' is heard when the worker leaves by itself (the pool's finish): not when it is killed.
		process.once('exit', () => {
			// One that another worker saved meanwhile is kept; one V8 would not take is replaced.
			if (rejected || readCache(cacheFile, stamp) === undefined) {
				saveCache(script, cacheFile, stamp);
			}
		});
	}

	runAsModule(script.runInThisContext() as WorkerFunction, file);
}

/**
 * How a pool worker's file starts: the function Node wraps a CommonJS module in, exported, so that the file
 * is a module require() can load too (under --enable-source-maps: worker-entry.cts). The build writes it
 * (scripts/bundle-workers.mjs).
 */
const exportPrefix = 'module.exports = ';
export const functionHead = `${exportPrefix}(function (exports, require, module, __filename, __dirname) {`;

type WorkerFunction = (...parameters: unknown[]) => void;

/**
 * Runs a worker file's function as Node runs a CommonJS module's code. Its `require` is this module's own:
 * the file reaches only Node's built-ins through it (everything else is in the file), which every require
 * resolves alike; one made for the file with createRequire cost each worker loading node:module.
 */
export function runAsModule(run: WorkerFunction, file: string): void {
	const module = {exports: {}};
	run.call(module.exports, module.exports, require, module, file, path.dirname(file));
}

/** What names this file and this Node: a rebuilt file has another inode or size or time, an upgraded Node another version. */
function stampOf(stats: fs.Stats): Buffer {
	return Buffer.from(`imgrace code cache 1 ${process.version} ${process.arch} ${stats.dev} ${stats.ino} ${stats.size} ${stats.mtimeMs} ${stats.ctimeMs}\n`);
}

/** A cache file: the stamp's line, a line with the CRC-32 of the code (8 hex digits), the code. */
const checksumLength = 9;

function readCache(cacheFile: string, stamp: Buffer): Buffer | undefined {
	try {
		const data = fs.readFileSync(cacheFile);
		return data.subarray(0, stamp.length).equals(stamp) ? data.subarray(stamp.length + checksumLength) : undefined;
	} catch {
		return undefined;
	}
}

type Crc32 = (data: Uint8Array) => number;

/** zlib's CRC-32, loaded only when a cache is saved or checked: Node ≥ 22.3 has both it and a way to load it then. */
function crc32(): Crc32 | undefined {
	return (process.getBuiltinModule?.('node:zlib') as {crc32?: Crc32} | undefined)?.crc32;
}

/** Whether this Node can check and save a cache (for the pool, on its own thread). */
export function codeCacheSupported(): boolean {
	return crc32() !== undefined;
}

function checksumLine(code: Uint8Array, checksum: Crc32): Buffer {
	return Buffer.from(`${checksum(code).toString(16).padStart(8, '0')}\n`);
}

/**
 * For the pool, before it names `cacheFile` to a worker: 'intact' if its code is the code its CRC-32 was
 * taken of, 'removed' if it was not (removed) or is not there, 'unreadable' if it could be neither read
 * nor removed (then it must not be named at all).
 */
export function removeIfDamaged(cacheFile: string): 'intact' | 'removed' | 'unreadable' {
	let data: Buffer;
	try {
		data = fs.readFileSync(cacheFile);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'removed' : 'unreadable';
	}

	const checksum = crc32();
	const lineEnd = data.indexOf(0x0A) + 1;
	if (checksum && lineEnd > 0 && checksumLine(data.subarray(lineEnd + checksumLength), checksum).equals(data.subarray(lineEnd, lineEnd + checksumLength))) {
		return 'intact';
	}

	try {
		fs.rmSync(cacheFile, {force: true});
		return 'removed';
	} catch {
		return 'unreadable';
	}
}

/** A day: a worker killed while it wrote its cache (a few ms) left its temp file; no writer takes that long. */
const abandonedAfterMs = 24 * 60 * 60 * 1000;
/** A cache not made again for a month is of a build or a Node that is gone (npx, an upgrade). */
const unusedAfterMs = 30 * abandonedAfterMs;

/**
 * Written whole or not at all, by one worker: the temp file is taken exclusively, so of the workers that
 * leave together only the first makes the cache (the others' exit is not held up), then renamed over the
 * old cache. Old files in the folder go as a save comes by (once a build).
 */
function saveCache(script: vm.Script, cacheFile: string, stamp: Buffer): void {
	const checksum = crc32();
	const temp = `${cacheFile}.tmp`;
	let descriptor: number | undefined;
	try {
		descriptor = checksum === undefined ? undefined : fs.openSync(temp, 'wx', 0o600);
	} catch {
		// Another worker is writing it, or one was killed at it: its temp goes once it is a day old.
		removeOld(path.dirname(cacheFile));
	}

	if (descriptor === undefined || checksum === undefined) {
		return;
	}

	try {
		const code = script.createCachedData();
		fs.writeFileSync(descriptor, Buffer.concat([stamp, checksumLine(code, checksum), code]));
		fs.closeSync(descriptor);
		descriptor = undefined;
		fs.renameSync(temp, cacheFile);
		removeOld(path.dirname(cacheFile));
	} catch {
		try {
			if (descriptor !== undefined) {
				fs.closeSync(descriptor);
			}

			fs.rmSync(temp, {force: true});
		} catch {
			// Left for removeOld.
		}
	}
}

function removeOld(folder: string): void {
	const now = performance.timeOrigin + performance.now();
	try {
		for (const name of fs.readdirSync(folder)) {
			const file = path.join(folder, name);
			const age = now - fs.statSync(file).mtimeMs;
			if ((name.endsWith('.tmp') && age > abandonedAfterMs) || (name.endsWith('.bin') && age > unusedAfterMs)) {
				fs.rmSync(file, {force: true});
			}
		}
	} catch {
		// Another time.
	}
}
