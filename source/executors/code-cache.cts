import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';
import {threadId} from 'node:worker_threads';

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
 * checks its own version and flags again (the pool names one file per set of flags: worker-handle.ts).
 * What V8 does not check in a release build is the code itself: damaged code that passes its header
 * crashes the process. So each cache carries a CRC-32 of its code, which the pool checks once, on its
 * own thread, before any worker reads it (removeIfDamaged): a worker loading zlib to check it would
 * spend more than the cache saves it. Any error reading or saving a cache leaves the worker as it was.
 */
export function runWithCodeCache(url: URL, cacheFile: string | undefined): void {
	const file = fileURLToPath(url);
	const stamp = stampOf(file);
	const cached = cacheFile === undefined ? undefined : readCache(cacheFile, stamp);
	// The function Node wraps a CommonJS module in, on a line of its own so the file's lines and columns stay its own.
	const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${fs.readFileSync(file, 'utf8')}\n})`, {
		filename: file,
		lineOffset: -1,
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

	const module = {exports: {}};
	(script.runInThisContext() as (...parameters: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
}

/** What names this file and this Node: a rebuilt file has another inode or size or time, an upgraded Node another version. */
function stampOf(file: string): Buffer {
	const stats = fs.statSync(file);
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

/** zlib's CRC-32, loaded only when a cache is saved or checked (Node ≥ 22.3; none before: no cache then). */
function crc32(data: Uint8Array): number | undefined {
	return process.getBuiltinModule?.('node:zlib').crc32?.(data);
}

function checksumLine(code: Uint8Array): Buffer | undefined {
	const crc = crc32(code);
	return crc === undefined ? undefined : Buffer.from(`${crc.toString(16).padStart(8, '0')}\n`);
}

/**
 * Remove `cacheFile` unless its code is the code its CRC-32 was taken of (a missing file is fine): for
 * the pool, before it names the file to a worker. False when it was removed.
 */
export function removeIfDamaged(cacheFile: string): boolean {
	let data: Buffer;
	try {
		data = fs.readFileSync(cacheFile);
	} catch {
		return true;
	}

	const lineEnd = data.indexOf(0x0A) + 1;
	const code = data.subarray(lineEnd + checksumLength);
	if (lineEnd > 0 && checksumLine(code)?.equals(data.subarray(lineEnd, lineEnd + checksumLength))) {
		return true;
	}

	fs.rmSync(cacheFile, {force: true});
	return false;
}

/**
 * Written whole or not at all: a temp file of this worker's own, renamed over the old cache. Workers that
 * leave together may each write one; the last rename wins, and each is whole.
 */
function saveCache(script: vm.Script, cacheFile: string, stamp: Buffer): void {
	const temp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
	try {
		// Only this user reads code from it: whoever could write there could run code in imgrace's workers.
		const code = script.createCachedData();
		const checksum = checksumLine(code);
		if (checksum === undefined) {
			return;
		}

		fs.mkdirSync(path.dirname(cacheFile), {recursive: true, mode: 0o700});
		fs.writeFileSync(temp, Buffer.concat([stamp, checksum, code]), {flag: 'wx', mode: 0o600});
		fs.renameSync(temp, cacheFile);
		removeOldTemps(path.dirname(cacheFile));
	} catch {
		try {
			fs.unlinkSync(temp);
		} catch {
			// Never made.
		}
	}
}

/** A day: a worker killed while it wrote its cache (a few ms) left its temp file; no writer takes that long. */
const abandonedAfterMs = 24 * 60 * 60 * 1000;

/** The temp files of saves that never finished, as a save comes by (rarely: once a build). */
function removeOldTemps(folder: string): void {
	for (const name of fs.readdirSync(folder)) {
		const file = path.join(folder, name);
		if (name.endsWith('.tmp') && performance.timeOrigin + performance.now() - fs.statSync(file).mtimeMs > abandonedAfterMs) {
			fs.rmSync(file, {force: true});
		}
	}
}
