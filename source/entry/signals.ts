import {stdoutClosed} from '../output/stdout.js';
import {exitCodes} from './exit-codes.js';

type Interrupt = {readonly signal: AbortSignal; code(): number | undefined; dispose(): void};

/**
 * SIGINT, SIGTERM, SIGHUP (the terminal closed) and a closed stdout (`imgrace | head -1`) abort
 * everything in flight, so temp files are removed as on any abort; the exit code says which one came.
 */
export function listenForSignals(): Interrupt {
	const controller = new AbortController();
	let code: number | undefined;
	const on = (exitCode: number) => () => {
		code ??= exitCode;
		controller.abort();
	};

	const onInt = on(exitCodes.sigint);
	const onTerm = on(exitCodes.sigterm);
	const onHup = on(exitCodes.sighup);
	const onClosed = on(exitCodes.stdoutClosed);
	const closed = stdoutClosed();
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onTerm);
	process.on('SIGHUP', onHup);
	if (closed.aborted) {
		onClosed();
	} else {
		closed.addEventListener('abort', onClosed, {once: true});
	}

	return {
		signal: controller.signal,
		code: () => code,
		dispose() {
			process.removeListener('SIGINT', onInt);
			process.removeListener('SIGTERM', onTerm);
			process.removeListener('SIGHUP', onHup);
			closed.removeEventListener('abort', onClosed);
		},
	};
}

/**
 * Run `work` with the signals taken over, and resolve the exit code: the signal's when one came (also
 * when the work failed because of it: a read or a check it cut short), else the work's own.
 */
export async function underSignals(work: (signal: AbortSignal) => Promise<number>): Promise<number> {
	const interrupt = listenForSignals();
	try {
		const code = await work(interrupt.signal);
		return interrupt.code() ?? code;
	} catch (error) {
		const code = interrupt.code();
		if (code !== undefined) {
			return code;
		}

		throw error;
	} finally {
		interrupt.dispose();
	}
}
