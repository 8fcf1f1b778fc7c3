import {UsageError} from '../config/usage-error.js';
import {ImgraceError} from '../errors.js';
import {displayText} from '../format/safe-text.js';
import {stdoutClosed, writeStderr} from '../output/stdout.js';
import {exitCodes, signalExitCodes} from './exit-codes.js';

/**
 * Run a command and end the process as its result says: its exit code; 2 with one line per line of a
 * UsageError; 1 with one line per line of another of imgrace's errors (an export that could not be
 * written), and with one line for any other error. Never a stack trace.
 */
export async function runMain(main: () => Promise<number>): Promise<void> {
	// From the start: `imgrace --help | head -1` must end as quietly as a race does.
	stdoutClosed();
	try {
		const code = await main();
		process.exitCode = code;
		// A signal ends imgrace now: a read or stat it abandoned (a silent pipe, a hung mount) must not
		// keep the event loop alive. Temp files are gone by here; stdout and stderr pipes write synchronously.
		if (signalExitCodes.has(code)) {
			process.exit();
		}
	} catch (error) {
		// Messages can quote outside text (a line of a --urls file, a URL): escaped, cut, no password. One of
		// imgrace's own may say several things a line each (two exports that could not be written).
		if (error instanceof ImgraceError) {
			for (const line of error.message.split('\n')) {
				writeStderr(`imgrace: ${displayText(line, 300)}\n`);
			}

			process.exitCode = error instanceof UsageError ? exitCodes.usage : exitCodes.someFailed;
		} else {
			writeStderr(`imgrace: ${displayText((error as Error).message ?? String(error), 300)}\n`);
			process.exitCode = exitCodes.someFailed;
		}
	}
}
