import {ImgraceError} from '../errors.js';

/** Bad input on the command line: cli.tsx prints its message (one line per line) and exits 2. */
export class UsageError extends ImgraceError {
	override name = 'UsageError';

	constructor(message: string, options?: {readonly cause?: unknown}) {
		super('ERR_IMGRACE_USAGE', message, options);
	}
}
