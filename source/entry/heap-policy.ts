import {preferSmallHeap} from '../engine/heap.js';

/**
 * Called before any download allocates. Scripted runs (pipes, --json, `imgrace serve`, the benchmark)
 * keep peak memory flat however many images a race has. Not under the live UI: with React and Ink in
 * the heap, the small young generation turns into a scavenge every megabyte and a mark-compact every few
 * hundred ms (readme, Performance).
 */
export function chooseHeap(interactive: boolean): void {
	if (!interactive) {
		preferSmallHeap();
	}
}
