import type {WorkSettings} from '../engine/run-spec.js';
import {preferSmallHeap} from '../engine/heap.js';

/**
 * Called before any download allocates. Scripted runs (pipes, --json, `imgrace serve`, the benchmark)
 * keep peak memory flat however many images a race has. Not under the live UI: with React and Ink in
 * the heap, the small young generation turns into a scavenge every megabyte and a mark-compact every few
 * hundred ms (docs/performance.md).
 */
export function chooseHeap(interactive: boolean, work: WorkSettings = {name: 'download'}): void {
	// Nor with CPU-bound work: --optimize-for-size also makes V8's compiler favour size, and the
	// thumbnail work on the main thread and on worker threads (the flag is process-wide) ran ~2× slower
	// under it (measured: parallel 24.9 s against 2 child processes' 5.6 s for the same 16 thumbnails).
	if (!interactive && work.name === 'download') {
		preferSmallHeap();
	}
}
