/**
 * Stdout as a pipe the reader may close at any time (`imgrace | head -1`). Node reports that as an 'error'
 * event (EPIPE) which, unheard, crashes with a stack trace; here it aborts a signal instead, so the race
 * stops, cleans up and exits quietly, and later writes are dropped rather than raising again.
 */
let closed: AbortController | undefined;

/** Aborted once stdout can take no more output. Listening starts on the first call. */
export function stdoutClosed(): AbortSignal {
	if (!closed) {
		const controller = new AbortController();
		closed = controller;
		process.stdout.on('error', (error: NodeJS.ErrnoException) => {
			controller.abort(error);
		});
	}

	return closed.signal;
}

/** Write to stdout unless the reader has gone. */
export function writeStdout(text: string): void {
	if (!stdoutClosed().aborted) {
		process.stdout.write(text);
	}
}

let stderrWatched = false;

/** Write a note to stderr; if that pipe is closed too there is nowhere left to say so, and no reason to crash. */
export function writeStderr(text: string): void {
	if (!stderrWatched) {
		stderrWatched = true;
		process.stderr.on('error', () => {/* The reader left: notes are dropped. */});
	}

	if (!process.stderr.destroyed) {
		process.stderr.write(text);
	}
}

/**
 * Where a race's text goes: stdout, or stderr when an export has stdout (`--export-json -`), so that
 * stdout holds that document alone, as curl's progress meter goes to stderr beside `-o -`.
 */
export function textOut(stdoutTaken: boolean): (text: string) => void {
	return stdoutTaken ? writeStderr : writeStdout;
}
