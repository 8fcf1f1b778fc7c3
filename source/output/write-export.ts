import {writeFile} from 'node:fs/promises';
import {fileErrorWords} from '../format/file-errors.js';
import {displayText} from '../format/safe-text.js';
import {writeStdout} from './stdout.js';

/**
 * Write one export to its target: '-' is stdout, anything else a file (replaced). The target was checked
 * before the race (config/export-targets.ts); what can still go wrong now (a full disk) is an Error naming
 * the flag and the file, the reason in words; the race's own results are already out by then.
 */
export async function writeExport(flag: string, target: string, text: string): Promise<void> {
	if (target === '-') {
		writeStdout(text);
		return;
	}

	try {
		await writeFile(target, text);
	} catch (error) {
		throw new Error(`${flag} ${displayText(target, 120)}: ${fileErrorWords(error)}`, {cause: error});
	}
}
