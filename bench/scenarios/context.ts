import type {Workload} from '../options.js';

/** What every scenario gets from the entry point. */
export type ScenarioContext = {
	readonly rounds: number;
	readonly warmup: number;
	readonly workload: Workload;
	/** Progress for a person watching (stderr); the results go to the report. */
	readonly log: (line: string) => void;
	readonly profileDir?: string;
};

/**
 * Run `warmup` unmeasured rounds, then `rounds` measured ones. `measure` gets the round's label
 * ("warm-up 1/1", "round 3/5") and whether it counts.
 */
export async function eachRound(context: ScenarioContext, measure: (label: string, measured: boolean, round: number) => Promise<void>): Promise<void> {
	for (let index = 0; index < context.warmup; index++) {
		await measure(`warm-up ${index + 1}/${context.warmup}`, false, index);
	}

	for (let index = 0; index < context.rounds; index++) {
		await measure(`round ${index + 1}/${context.rounds}`, true, index);
	}
}

/** Megabytes (10^6 bytes) per second. */
export function megabytesPerSecond(bytes: number, ms: number): number {
	return (bytes / 1e6) / (ms / 1000);
}
