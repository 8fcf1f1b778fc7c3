/**
 * One clock for a run across threads and processes. Each thread's performance.now() counts from its own
 * start, so a time that crosses to another thread or process travels on the machine's monotonic clock
 * (CLOCK_MONOTONIC, which process.hrtime reads alike in every process and thread) and is read back once,
 * on arrival. Not on performance.timeOrigin: that is a wall-clock reading taken as each thread starts,
 * and between two processes it can be off by milliseconds (the wall clock slewed since the parent
 * started, or a start preempted between its two clock readings): a child's events, moved onto the
 * race's clock, then disagreed with their own phases (5.7 ms in a loaded CI run). Durations never cross
 * this way: they are the thread's own differences of performance.now().
 */

/**
 * Where this thread's performance.now() starts on the machine's monotonic clock, in ms. Both read the
 * same clock, so the difference is constant; the narrowest of a few readings leaves out a preemption
 * between them.
 */
function machineOrigin(): number {
	let origin = 0;
	let narrowest = Number.POSITIVE_INFINITY;
	for (let reading = 0; reading < 5; reading++) {
		const before = performance.now();
		const machine = Number(process.hrtime.bigint()) / 1e6;
		const after = performance.now();
		if (after - before < narrowest) {
			narrowest = after - before;
			origin = machine - ((before + after) / 2);
		}
	}

	return origin;
}

/** This thread's performance.now() origin on the machine's clock: what a worker's event batches carry. */
export const clockOrigin = machineOrigin();

/** Now, in ms on the machine's clock, at performance.now()'s resolution. */
export function sharedNow(): number {
	return clockOrigin + performance.now();
}

/** A performance.now() reading of this thread on the machine's clock. */
export function toShared(local: number): number {
	return clockOrigin + local;
}

/** A time on the machine's clock as a reading of this thread's performance.now(). */
export function fromShared(shared: number): number {
	return shared - clockOrigin;
}
