// The names a run is described by, below both the events and the run contract so neither imports the other.

/** A registered strategy's name (the registry is built by the entry layer); the engine runs any of them. */
export type StrategyName = string;

/** The HTTP clients a race can download through, chosen once for every strategy of the race. */
export const clientNames = ['got', 'undici'] as const;

export type ClientName = typeof clientNames[number];

/** What a strategy stands for when the verdict compares strategies (model/verdict.ts, model/claim.ts). */
export type StrategyRole =
	/** One image at a time: the reference every other strategy's speed is measured against. */
	| 'one-at-a-time'
	/** Overlaps its downloads on one thread; computes on that thread too. */
	| 'event-loop'
	/** Spreads its images over workers, each on its own core. */
	| 'workers'
	/** Overlaps its downloads on one thread and computes on a pool of cores. */
	| 'pipeline';

/** The work after each download (--work): none, or a thumbnail (CPU work). */
export type WorkName = 'download' | 'thumbnail';
