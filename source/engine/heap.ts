import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';

/**
 * Ask V8 to favour a small heap over a little speed (`--optimize-for-size`, honoured at run time):
 * a young generation that stays a few MB instead of growing to 2 × 16 MB, and an old generation
 * that grows in smaller steps. The engine holds at most slots × 256 KB of bodies and a few hundred
 * bytes per image, but a request allocates ~60 KB of short-lived objects (got, Node's HTTP client,
 * events); with V8's default sizing peak memory grows with the length of a race, with this it stays
 * nearly flat, for much main-thread CPU (the figures: docs/performance.md). Call once, before
 * downloads start: scripted races on got and `imgrace serve` do (entry/heap-policy.ts), and the
 * benchmark's worker mirrors them.
 * The live UI does not: with React and Ink in the heap the small young generation costs it more wall
 * time than it saves.
 */
export function preferSmallHeap(): void {
	setHeapFlag('--optimize-for-size');
}

/**
 * Keep V8's young generation at its first size (`--semi-space-growth-factor=1`, read each time it
 * would grow): the garbage of a long race, and the response buffers it keeps alive until collected,
 * cannot pile up in a young generation grown to 2 × 16 MB. Unlike `--optimize-for-size` it leaves the
 * old generation's growth and the compilers as V8 has them, which is much faster where it keeps memory
 * flat, as on undici (figures: docs/performance.md, "A heap policy per client").
 */
export function keepYoungGenerationSmall(): void {
	setHeapFlag('--semi-space-growth-factor=1');
}

const heapFlags: string[] = [];

function setHeapFlag(flag: string): void {
	v8.setFlagsFromString(flag);
	heapFlags.push(flag);
}

/**
 * The heap flags this process set, for a child process of its race to set as it starts: a worker
 * thread shares the process's flags, a child has its own, and a race's strategies run under one policy.
 */
export function heapFlagsSet(): readonly string[] {
	return heapFlags;
}

let fullCollection: (() => void) | undefined | null;

/** Every V8 flag this process set as it ran (heapFlagsSet, and settleHeap's): V8's code for a script is taken only under the flags it was made with. */
export function flagsSet(): readonly string[] {
	return fullCollection === undefined ? heapFlags : [...heapFlags, '--expose-gc'];
}

/**
 * Run a full garbage collection now, before a run's clock starts, so that a run is not billed for the
 * previous run's garbage: in a race of 10 images a mark-compact of 10–15 ms (the small heap's old
 * generation fills in a few seconds) landed in the parallel run about half the time, 3% of its
 * 0.4 s. V8 only hands out `gc` with --expose-gc, which can be set at run time and is then visible
 * in a new context. If that ever stops working this does nothing.
 */
export function settleHeap(): void {
	if (fullCollection === undefined) {
		try {
			v8.setFlagsFromString('--expose-gc');
			const collect: unknown = runInNewContext('gc');
			fullCollection = typeof collect === 'function' ? collect as () => void : null;
		} catch {
			fullCollection = null;
		}
	}

	fullCollection?.();
}
