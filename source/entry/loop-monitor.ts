import {performance, type EventLoopUtilization} from 'node:perf_hooks';
import {loopLoad, type LoopLoad} from '../model/client-bound.js';
import type {WorkName} from '../work/works.js';

/** Sample spacing: short enough to see a saturated phase of a one-second run, long enough to cost nothing. */
const sampleMs = 100;

/**
 * Measures this thread's event loop utilisation from now until stop(): the whole span, and per 100 ms
 * sample. A saturated loop fires the timer late, so a sample covers whatever time passed, never less.
 * The run's work, and whether it saved anything unaborted (`judged`), decide whether a busy loop can
 * mean client-bound (see loopLoad).
 */
export function startLoopMonitor(work: WorkName): {stop(judged?: boolean): LoopLoad} {
	const start = performance.eventLoopUtilization();
	let previous: EventLoopUtilization = start;
	const samples: number[] = [];
	const timer = setInterval(() => {
		const now = performance.eventLoopUtilization();
		samples.push(performance.eventLoopUtilization(now, previous).utilization);
		previous = now;
	}, sampleMs);
	// Never what keeps a finished race alive.
	timer.unref();
	return {
		stop(judged = true) {
			clearInterval(timer);
			const overall = performance.eventLoopUtilization(start).utilization;
			return loopLoad(Number.isFinite(overall) ? overall : 0, samples, work, judged);
		},
	};
}
