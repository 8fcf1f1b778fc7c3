/**
 * The one defaults table. The engine falls back to it, the option parser fills unset flags from it
 * and the help text prints it, so a default changed here changes everywhere at once.
 */

/** What every download of a run uses unless told otherwise (the engine's DownloadSettings). */
export const downloadDefaults = {
	retries: 2,
	idleTimeoutMs: 10_000,
	maxTimeMs: 60_000,
	maxSize: 50_000_000,
	keepAlive: true,
	maxRetryDelayMs: 10_000,
	userAgent: 'imgrace (image download race)',
	/** got, as the design card names it; undici is the fast one. */
	client: 'got',
} as const;

/** The embedded image server (and `imgrace serve`). */
export const serverDefaults = {
	/** 0 = any free port. */
	port: 0,
	latencyMs: 350,
	jitterMs: 50,
	/** Bytes per second per connection; 0 = unlimited. */
	bandwidth: 1_000_000,
	/** Bytes per second shared by all connections; 0 = unlimited. */
	linkBandwidth: 0,
	seed: 1,
} as const;

/** The race itself: how many images, where they go, which strategies, how wide. */
export const raceDefaults = {
	count: 10,
	/** 0 = each strategy's own width: one slot per image (up to maxDefaultSlots), or one per core for CPU work. */
	concurrency: 0,
	/** The widest a strategy goes by default (one slot per image) when no --concurrency is given. */
	maxDefaultSlots: 64,
	out: 'images',
	mode: 'both',
} as const;

/**
 * The work after each download (--work, --thumb-size, --thumb-repeat). The default repeat makes the
 * thumbnail CPU-bound enough that threads and processes beat the event loop on 2 cores with start-up
 * included: the embedded server's images are 0.2-0.5 megapixels, a tenth of a phone photo or less, and
 * one decode-scale-encode of one takes ~15-40 ms of CPU here, so 16 rounds stand in for a 3-8 MP photo.
 * Each worker's fixed costs (its start, its JIT warming up, a download's wait between thumbnails) are
 * then a smaller share: 16 images on 2 cores, threads 1.41-1.46× parallel with 10 rounds, 1.47-1.75×
 * with 16, processes 1.40-1.59× and 1.55-1.80× (wall, start-up included, 4-5 runs each).
 */
export const workDefaults = {
	work: 'download',
	thumbSize: 128,
	thumbRepeat: 16,
} as const;

export const defaults = {...raceDefaults, ...downloadDefaults, ...serverDefaults, ...workDefaults} as const;
