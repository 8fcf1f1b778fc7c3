import {meterRun, ownThreadCpu} from '../engine/run-meter.js';
import type {WorkerUsage} from './protocol.js';

/**
 * What a pooled run cost, beyond its wall time.
 *
 * cpuMs: user + system CPU of every thread or process that did the run's work, start-up included.
 *   Threads: each worker's process.threadCpuUsage() (its own thread only, Node ≥ 22.19) plus the
 *   main thread's own share over the run; on a Node without threadCpuUsage, the whole process's
 *   process.cpuUsage() delta over the run (which then also counts the embedded server, if any).
 *   Processes: each child's process.cpuUsage() (the whole child, from its first instruction) plus
 *   the main thread's share. A worker killed after the grace period reports nothing and is missing.
 * peakRssMb (MiB): memory attributable to the run. Processes: the sum of every child's own peak RSS
 *   (resourceUsage().maxRSS) — children run side by side, so their peaks roughly coincide and the
 *   sum is a slight overstatement at worst. Threads share the parent's memory: the parent's RSS is
 *   sampled every 50 ms during the run (and at start-up's end and the run's end), peak minus the RSS
 *   at run start. maxRSS deltas would be 0 whenever an earlier run had already peaked higher.
 */
export type UsageMeter = {
	/** A worker's own figures, as it reported them when it left. */
	add(usage: WorkerUsage): void;
	sample(): void;
	finish(): {cpuMs: number; peakRssMb: number};
};

export function meterUsage(kind: 'threads' | 'processes'): UsageMeter {
	// The main thread's own share and, for threads (which share its memory), the process's RSS peak.
	const main = meterRun();
	let workersCpuUs = 0;
	let childrenRssKb = 0;
	return {
		add(usage) {
			workersCpuUs += usage.user + usage.system;
			childrenRssKb += usage.maxRssKb;
		},
		sample: main.sample,
		finish() {
			const own = main.finish();
			// Without a per-thread counter the process-wide figure already holds the worker threads.
			const cpuMs = kind === 'threads' && !ownThreadCpu ? own.cpuMs : own.cpuMs + (workersCpuUs / 1000);
			return {cpuMs, peakRssMb: kind === 'threads' ? own.peakRssMb : childrenRssKb / 1024};
		},
	};
}
