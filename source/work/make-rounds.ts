import type {DecodeBudget} from './decode-budget.js';
import {takeTurn} from './take-turn.js';
import {planThumbnail, thumbnailSteps, type Thumbnail, type ThumbnailOptions} from './thumbnail.js';

/** The longest the work runs before it lets the thread's event loop turn (a stop, a timer, a worker's message). */
const sliceMs = 20;

export type Made =
	| {readonly status: 'made'; readonly thumbnail: Thumbnail; readonly makeMs: number}
	/** No decoder here for the image's type: no thumbnail, and no failure (the image is kept). */
	| {readonly status: 'skipped'; readonly reason: string};

/**
 * The CPU half of the thumbnail work, wherever it runs (a strategy's own thread, a worker, the
 * pipeline's pool): `repeat` rounds of decode, scale and encode, each decode first waiting for its
 * share of the decode budget (given up when `signal` aborts), the thread's event loop turning every
 * ~20 ms and between rounds, `stop` called after each turn (it throws to end the work there).
 */
export async function makeRounds(input: Uint8Array, options: ThumbnailOptions & {readonly repeat: number}, {budget, stop, signal}: {readonly budget: DecodeBudget; readonly stop: () => void; readonly signal?: Pick<AbortSignal, 'aborted'>}): Promise<Made> {
	const once = {...options, repeat: 1};
	let makeMs = 0;
	let thumbnail!: Thumbnail;
	for (let round = 0; round < options.repeat; round++) {
		if (round > 0) {
			// A turn of the event loop between repeats, so an abort (or a worker's message) can land.
			await takeTurn();
		}

		stop();
		const made = performance.now();
		const plan = planThumbnail(input, once);
		if ('skip' in plan) {
			return {status: 'skipped', reason: plan.skip};
		}

		makeMs += performance.now() - made;
		const release = await budget.acquire(plan.peakBytes, signal);
		try {
			const steps = await runSteps(thumbnailSteps(input, plan, once), stop);
			thumbnail = steps.value;
			makeMs += steps.ms;
		} finally {
			release();
		}
	}

	return {status: 'made', thumbnail, makeMs};
}

/**
 * Run the work's steps, letting the event loop turn every `sliceMs` (a SIGTERM, --max-time's timer, a
 * worker's stop message) and calling `stop` after each turn, which throws to end the work there.
 * Returns the result and the time spent working, the turns left out.
 */
async function runSteps<T>(steps: Generator<void, T>, stop: () => void): Promise<{value: T; ms: number}> {
	let ms = 0;
	let sliceStarted = performance.now();
	try {
		for (;;) {
			const step = steps.next();
			const now = performance.now();
			if (step.done) {
				return {value: step.value, ms: ms + (now - sliceStarted)};
			}

			if (now - sliceStarted >= sliceMs) {
				ms += now - sliceStarted;
				await takeTurn();
				stop();
				sliceStarted = performance.now();
			}
		}
	} finally {
		steps.return(undefined as T);
	}
}
