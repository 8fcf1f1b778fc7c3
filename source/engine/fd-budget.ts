import {softLimit} from './proc-limits.js';

/**
 * How many downloads may be in flight without running out of file descriptors. Each in-flight image
 * holds one client socket and, while its body is written, one file; when the server is the embedded one
 * it runs in this process, so its end of each connection counts too: three per slot. Node itself needs
 * some (stdio, libuv's epoll/eventfd/signal pipes, the thread pool, the server's listener, a --urls
 * file, the JSON report), and a socket closing may linger for a moment after its slot is reused: a
 * fixed reserve covers those.
 */
export const descriptorsPerSlot = 3;
export const reservedDescriptors = 64;

/** Where /proc is missing (macOS, Windows): the smallest common soft limit (macOS's 256). */
const fallbackLimit = 256;

let cached: number | undefined;

/** The soft limit on open files ("Max open files" in /proc/self/limits), read once per process. */
export function openFileLimit(): number {
	// "unlimited" is effectively no limit for our purposes.
	cached ??= Math.min(Number.MAX_SAFE_INTEGER, softLimit('Max open files') ?? fallbackLimit);
	return cached;
}

/** Slots that fit in `limit` descriptors (at least 1: one image at a time always fits). */
export function slotBudget(limit = openFileLimit()): number {
	return Math.max(1, Math.floor((limit - reservedDescriptors) / descriptorsPerSlot));
}

/** EMFILE/ENFILE: the process (or system) is out of descriptors for now; back-pressure, not a fault. */
export function isOutOfDescriptors(error: unknown): boolean {
	const code = (error as {code?: unknown} | undefined)?.code;
	if (code === 'EMFILE' || code === 'ENFILE') {
		return true;
	}

	const cause = (error as {cause?: {code?: unknown}} | undefined)?.cause;
	return cause?.code === 'EMFILE' || cause?.code === 'ENFILE';
}
