/** Bad input on the command line: cli.tsx prints its message (one line per line) and exits 2. */
export class UsageError extends Error {
	override name = 'UsageError';
	readonly code = 'ERR_IMGRACE_USAGE';
}
