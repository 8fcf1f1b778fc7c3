/**
 * One clock for a run across threads and processes. Each thread's performance.now() counts from its own
 * timeOrigin, so a time that crosses to another thread travels as epoch milliseconds (timeOrigin + now(),
 * high resolution) and is read back once, on arrival. Durations never cross this way: they are the
 * thread's own differences of performance.now().
 */

/** Now, in epoch milliseconds at performance.now()'s resolution. */
export function epochNow(): number {
	return performance.timeOrigin + performance.now();
}

/** A performance.now() reading of this thread as epoch milliseconds. */
export function toEpoch(local: number): number {
	return performance.timeOrigin + local;
}

/** Epoch milliseconds as a reading of this thread's performance.now(). */
export function fromEpoch(epoch: number): number {
	return epoch - performance.timeOrigin;
}
