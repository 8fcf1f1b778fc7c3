import {lstat, realpath, rename, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {ImgraceError} from '../errors.js';
import {fileErrorWords} from '../format/file-errors.js';
import {displayText} from '../format/safe-text.js';
import {writeStdout} from './stdout.js';

/**
 * Write `text` to `target` whole or not at all: into a temp file beside it, created afresh (never one
 * that exists: another program's file is not opened), then renamed over the target, so a reader never
 * sees half a report and a failed write leaves no temp file. A target that is not a regular file (a
 * FIFO, /dev/stdout) cannot be renamed over: it is written as it is.
 */
async function writeWhole(target: string, text: string): Promise<void> {
	const existing = await lstat(target).catch(() => undefined);
	if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
		await writeFile(target, text);
		return;
	}

	// A link keeps pointing where it did: the file it names is the one replaced.
	const file = existing?.isSymbolicLink() ? await realpath(target) : target;
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.imgrace-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
	try {
		await writeFile(temp, text, {flag: 'wx'});
		await rename(temp, file);
	} catch (error) {
		await rm(temp, {force: true});
		throw error;
	}
}

/**
 * An export file that could not be written after the race (a full disk, /dev/full): one line naming the
 * flag, the file and why. The race's results are out by then; the run ends with exit 1, as one whose
 * images failed: what was asked for was not all done.
 */
export class ExportError extends ImgraceError {
	override name = 'ExportError';

	constructor(message: string, options?: {readonly cause?: unknown}) {
		super('ERR_IMGRACE_EXPORT', message, options);
	}
}

/**
 * Write one export to its target: '-' is stdout, anything else a file (replaced, atomically). The target
 * was checked before the race (config/export-targets.ts); what can still go wrong now (a full disk) is an
 * ExportError naming the flag and the file, the reason in words; the race's own results are already out by then.
 */
export async function writeExport(flag: string, target: string, text: string): Promise<void> {
	if (target === '-') {
		writeStdout(text);
		return;
	}

	try {
		await writeWhole(target, text);
	} catch (error) {
		throw new ExportError(`${flag} ${displayText(target, 120)}: ${fileErrorWords(error)}`, {cause: error});
	}
}
