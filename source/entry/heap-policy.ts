import type {ClientName, WorkSettings} from '../engine/run-spec.js';
import {keepYoungGenerationSmall, preferSmallHeap} from '../engine/heap.js';

/**
 * Called before any download allocates. Scripted runs (pipes, --json, `imgrace serve`, the benchmark)
 * keep peak memory flat however many images a race has. Not under the live UI: with React and Ink in
 * the heap, the small young generation turns into a scavenge every megabyte and a mark-compact every few
 * hundred ms (docs/performance.md). `client` is the race's (none for `imgrace serve`): one client per
 * race, so every strategy of a race runs under the same policy.
 */
export function chooseHeap(interactive: boolean, work: WorkSettings = {name: 'download'}, client?: ClientName): void {
	// Nor with CPU-bound work: --optimize-for-size also makes V8's compiler favour size, and the
	// thumbnail work on the main thread and on worker threads (the flag is process-wide) ran ~2× slower
	// under it (measured: parallel 24.9 s against 2 child processes' 5.6 s for the same 16 thumbnails).
	if (interactive || work.name !== 'download') {
		return;
	}

	// undici leaves little per request for the old generation, so a young generation held at its first
	// size is enough to keep it flat, for much less than --optimize-for-size costs (docs/performance.md).
	// got leaves enough that its old generation grows with the race unless the whole heap is kept small.
	if (client === 'undici') {
		keepYoungGenerationSmall();
	} else {
		preferSmallHeap();
	}
}
