import type {StrategyName} from '../engine/events.js';
import {formatRatio} from '../format/format.js';
import {plural} from '../format/plural.js';
import {ratioWithSpread, summarize} from '../stats/statistics.js';
import type {RunRecord} from './run-record.js';

/** What the verdict needs of one strategy: the comparable finished runs. */
export type VerdictSide = {
	/** Wall time of each run, ms. */
	readonly wallMs: readonly number[];
	/** Failed images over those runs. */
	readonly failed: number;
};

export type Verdict = {
	/** "parallel 8.2× faster", "parallel 8.2 ± 0.3× faster", "no verdict: parallel had 2 failed images". */
	readonly text: string;
	readonly winner: StrategyName | undefined;
	/** Sequential wall / parallel wall (means), only when there is a winner. */
	readonly speedup: number | undefined;
};

/**
 * The one verdict the live summary, the plain output and the JSON report all give. A strategy that
 * failed images did less work: its wall time is no measure of speed, so there is no "faster" then,
 * only the reason why not.
 */
export function judge(sequential: VerdictSide | undefined, parallel: VerdictSide | undefined): Verdict {
	const none = (text: string): Verdict => ({text, winner: undefined, speedup: undefined});
	if (!sequential || !parallel) {
		return none('no verdict yet');
	}

	const failures = ([['sequential', sequential], ['parallel', parallel]] as const)
		.filter(([, side]) => side.failed > 0)
		.map(([name, side]) => `${name} had ${plural(side.failed, 'failed image')}`);
	if (failures.length > 0) {
		return none(`no verdict: ${failures.join(', ')}`);
	}

	if (sequential.wallMs.length === 0 || parallel.wallMs.length === 0) {
		return none('no verdict yet');
	}

	const walls = [summarize(sequential.wallMs), summarize(parallel.wallMs)] as const;
	const speedup = ratioWithSpread(walls[0], walls[1]);
	if (!speedup || !Number.isFinite(speedup.ratio) || speedup.ratio <= 0) {
		return none('no verdict yet');
	}

	const several = sequential.wallMs.length > 1 || parallel.wallMs.length > 1;
	const parallelWins = speedup.ratio >= 1;
	const ratio = parallelWins ? speedup.ratio : 1 / speedup.ratio;
	const sd = parallelWins ? speedup.sd : speedup.sd / (speedup.ratio ** 2);
	const digits = ratio < 10 ? 1 : 0;
	const amount = several && sd > 0 ? `${ratio.toFixed(digits)} ± ${formatRatio(sd, digits)}` : formatRatio(ratio, digits);
	const winner: StrategyName = parallelWins ? 'parallel' : 'sequential';
	return {text: `${winner} ${amount} faster`, winner, speedup: speedup.ratio};
}

/** The verdict of one run each, as the plain output and the JSON report give it; an aborted run is no result. */
export function judgeRuns(sequential: RunRecord | undefined, parallel: RunRecord | undefined): Verdict {
	const side = (record: RunRecord | undefined): VerdictSide | undefined => record?.state === 'done' && record.wallMs !== undefined
		? {wallMs: [record.wallMs], failed: record.failed}
		: undefined;
	return judge(side(sequential), side(parallel));
}
