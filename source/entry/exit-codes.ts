import {isRunRecord, type RaceRun} from '../model/failed-start.js';
import type {QuitReason} from '../ui/run-interactive.js';

/**
 * How imgrace ends, the one table. The signal codes are 128 + the signal's number, as a shell reports a
 * signalled command; 141 is 128 + SIGPIPE, what a shell reports for a program writing into a closed pipe.
 */
export const exitCodes = {ok: 0, someFailed: 1, usage: 2, sighup: 129, sigint: 130, sigterm: 143, stdoutClosed: 141} as const;

/** Exit codes that mean "a signal ended it": the process then exits at once, whatever is still pending. */
export const signalExitCodes: ReadonlySet<number> = new Set([exitCodes.sighup, exitCodes.sigint, exitCodes.sigterm]);

/** A finished race: 1 when any image failed or any run could not start, else 0. */
export function exitCodeFor(runs: readonly RaceRun[]): number {
	return runs.some(run => !isRunRecord(run) || run.failed > 0) ? exitCodes.someFailed : exitCodes.ok;
}

/** How the live UI ended: Ctrl+C (raw mode: a key, not SIGINT) reports as SIGINT would; q is 0. */
export function quitExitCode(reason: QuitReason): number {
	return reason === 'interrupted' ? exitCodes.sigint : exitCodes.ok;
}
