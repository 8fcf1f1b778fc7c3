import v8 from 'node:v8';

/**
 * Ask V8 to favour a small heap over a little speed (`--optimize-for-size`, honoured at run time): a
 * young generation that stays a few MB instead of growing to 2 × 16 MB, and an old generation that
 * grows in smaller steps. The engine holds at most slots × 256 KB of bodies and a few hundred bytes
 * per image, but got and Node's HTTP client allocate ~70 KB of short-lived objects per request; with
 * V8's default sizing a race of 5,000 images peaked at 1.7× the RSS of a 100-image race, with this at
 * ~1.25×, for a few percent more CPU (readme, Performance). Call once, before downloads start: scripted
 * races and `imgrace serve` do, and the benchmark's worker mirrors them. The live UI does not: with
 * React and Ink in the heap the small young generation costs it a third more wall time.
 */
export function preferSmallHeap(): void {
	v8.setFlagsFromString('--optimize-for-size');
}
