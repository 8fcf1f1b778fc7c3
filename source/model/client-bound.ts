import {works, type WorkName} from '../work/works.js';

/** How busy imgrace's own thread was during one run: what `--json` and the summary report. */
export type LoopLoad = {
	/** Event loop utilisation over the whole run, 0 to 1 (performance.eventLoopUtilization). */
	readonly eventLoopUtilization: number;
	/** Share of the run's 100 ms samples in which the loop was busy above the threshold. */
	readonly busyShare: number;
	/** The client, not the network or the server, set the pace (see isClientBound). */
	readonly clientBound: boolean;
};

/** Above this a loop has no room left: callbacks queue behind each other and timings stretch. */
export const busyThreshold = 0.9;

/**
 * The rule: client-bound when the loop was over 90% busy across the whole run, or in most (over half)
 * of its 100 ms samples. The second half of the rule catches a run whose start (connecting, the first
 * headers) was idle waiting and whose long body phase saturated the thread; a single busy burst in an
 * otherwise idle run (one GC, a file flush) is not enough. A run shorter than one sample is judged on
 * the whole-run figure alone. Only a download race can be client-bound: CPU-bound work (--work
 * thumbnail) keeps the thread busy on purpose, and a busy loop there measures the work, not a flaw.
 */
export function isClientBound(overall: number, samples: readonly number[], work: WorkName = 'download'): boolean {
	if (works[work].cpuBound) {
		return false;
	}

	return overall > busyThreshold || busyShareOf(samples) > 0.5;
}

function busyShareOf(samples: readonly number[]): number {
	return samples.length === 0 ? 0 : samples.filter(sample => sample > busyThreshold).length / samples.length;
}

/**
 * The load of a run from its whole-run ELU and its per-sample ELUs. `judged`: whether the run says
 * anything of the network at all; one that saved no image (every one failed, at a refused proxy say, in
 * milliseconds) or was aborted kept the loop busy with its own start and end, which is no finding.
 */
export function loopLoad(overall: number, samples: readonly number[], work: WorkName = 'download', judged = true): LoopLoad {
	return {eventLoopUtilization: overall, busyShare: busyShareOf(samples), clientBound: judged && isClientBound(overall, samples, work)};
}
