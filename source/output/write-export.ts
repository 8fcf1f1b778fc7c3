import {writeFile} from 'node:fs/promises';
import {displayText} from '../format/safe-text.js';
import {writeStdout} from './stdout.js';

/**
 * Write one export to its target: '-' is stdout, anything else a file (replaced). A file that cannot be
 * written is an Error naming the flag and the file; the race's own results are already out by then.
 */
export async function writeExport(flag: string, target: string, text: string): Promise<void> {
	if (target === '-') {
		writeStdout(text);
		return;
	}

	try {
		await writeFile(target, text);
	} catch (error) {
		throw new Error(`${flag} ${displayText(target, 120)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {cause: error});
	}
}
