import type {RunCosts} from './events.js';

const sampleEveryMs = 50;

/**
 * The costs of a run on this thread (the in-process strategies): CPU of this thread only where Node
 * can say so (process.threadCpuUsage, Node ≥ 22.19; else the whole process), and the process's RSS
 * sampled every 50 ms, peak minus the RSS at the run's start. No start-up: nothing is started.
 * A strategy that runs elsewhere measures its own (executors/run-usage.ts) and the controller takes those.
 */
/** Whether the CPU figures are this thread's own (process.threadCpuUsage) or the whole process's. */
export const ownThreadCpu = typeof process.threadCpuUsage === 'function';

export type RunMeter = {
	/** Take an RSS sample now (besides the timer's). */
	sample(): void;
	finish(): RunCosts;
};

export function meterRun(): RunMeter {
	const cpuAtStart = ownThreadCpu ? process.threadCpuUsage() : process.cpuUsage();
	const rssAtStart = process.memoryUsage.rss();
	let peakRss = rssAtStart;
	const sample = () => {
		peakRss = Math.max(peakRss, process.memoryUsage.rss());
	};

	const timer = setInterval(sample, sampleEveryMs);
	timer.unref();
	return {
		sample,
		finish() {
			clearInterval(timer);
			sample();
			const cpu = ownThreadCpu ? process.threadCpuUsage(cpuAtStart) : process.cpuUsage(cpuAtStart);
			return {startupMs: 0, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: (peakRss - rssAtStart) / (1024 * 1024)};
		},
	};
}
