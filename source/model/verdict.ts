import type {StrategyName} from '../engine/events.js';
import {formatRatio} from '../format/format.js';
import {plural} from '../format/plural.js';
import {ratioWithSpread, summarize, type Summary} from '../stats/statistics.js';
import type {RunRecord} from './run-record.js';

/** What the verdict needs of one strategy: the comparable finished runs. */
export type VerdictSide = {
	readonly strategy: StrategyName;
	/** Wall time of each run, ms. */
	readonly wallMs: readonly number[];
	/** Failed images over those runs. */
	readonly failed: number;
};

export type Verdict = {
	/** "parallel 8.2× faster", "parallel 8.2 ± 0.3× faster", "no verdict: parallel had 2 failed images". */
	readonly text: string;
	readonly winner: StrategyName | undefined;
	/** The fastest of the others, which the winner is measured against; only with a winner. */
	readonly runnerUp: StrategyName | undefined;
	/**
	 * Mean wall of the earlier listed of winner and runner-up over that of the later one (with sequential
	 * and parallel: sequential / parallel, whichever won), only with a winner.
	 */
	readonly speedup: number | undefined;
	/** The two fastest within half a percent: the text names both ("threads and processes even"). */
	readonly tie: boolean;
};

const none = (text: string): Verdict => ({text, winner: undefined, runnerUp: undefined, speedup: undefined, tie: false});

/** Closer than this and "1.00× faster" would say nothing: the verdict calls it even. */
const tieRatio = 1.005;

/**
 * The one verdict the live summary, the plain output and the JSON report all give: the fastest
 * strategy against the next fastest. A strategy that failed images did less work: its wall time is no
 * measure of speed, so there is no "faster" then, only the reason why not. `sides` are in the order
 * the strategies are listed; fewer than two is no verdict yet.
 */
export function judge(sides: readonly VerdictSide[]): Verdict {
	if (sides.length < 2) {
		return none('no verdict yet');
	}

	const failures = sides.filter(side => side.failed > 0).map(side => `${side.strategy} had ${plural(side.failed, 'failed image')}`);
	if (failures.length > 0) {
		return none(`no verdict: ${failures.join(', ')}`);
	}

	const walls: Array<Summary | undefined> = sides.map(side => summarize(side.wallMs));
	if (walls.some(wall => wall === undefined)) {
		return none('no verdict yet');
	}

	// The two fastest, by mean wall time, kept in list order so the ratio reads the same way each time.
	const byMean = sides.map((_, at) => at).sort((a, b) => walls[a]!.mean - walls[b]!.mean || a - b);
	const [first, second] = [Math.min(byMean[0]!, byMean[1]!), Math.max(byMean[0]!, byMean[1]!)];
	const speedup = ratioWithSpread(walls[first]!, walls[second]!);
	if (!speedup || !Number.isFinite(speedup.ratio) || speedup.ratio <= 0) {
		return none('no verdict yet');
	}

	const several = sides[first]!.wallMs.length > 1 || sides[second]!.wallMs.length > 1;
	const laterWins = speedup.ratio >= 1;
	const ratio = laterWins ? speedup.ratio : 1 / speedup.ratio;
	const sd = laterWins ? speedup.sd : speedup.sd / (speedup.ratio ** 2);
	// Two digits for a near tie, so it reads "1.03× faster", never "1.0× faster".
	const digits = ratio < 1.05 ? 2 : (ratio < 10 ? 1 : 0);
	const amount = several && sd > 0 ? `${ratio.toFixed(digits)} ± ${formatRatio(sd, digits)}` : formatRatio(ratio, digits);
	const [winner, runnerUp] = laterWins ? [sides[second]!.strategy, sides[first]!.strategy] : [sides[first]!.strategy, sides[second]!.strategy];
	const tie = ratio < tieRatio && !several;
	return {text: tie ? `${winner} and ${runnerUp} even` : `${winner} ${amount} faster`, winner, runnerUp, speedup: speedup.ratio, tie};
}

/**
 * The latest run of each strategy in `records`, in `order` (strategies not in it after the others; by
 * default the order in which they first ran): what the plain output and the JSON report judge.
 */
export function latestRuns(records: readonly RunRecord[], order: readonly StrategyName[] = [...new Set(records.map(record => record.strategy))]): RunRecord[] {
	const latest = new Map<StrategyName, RunRecord>();
	for (const record of records) {
		latest.set(record.strategy, record);
	}

	const rank = (name: StrategyName) => (order.includes(name) ? order.indexOf(name) : order.length);
	return [...latest.values()].sort((a, b) => rank(a.strategy) - rank(b.strategy));
}

/** The verdict of one run each, as the plain output and the JSON report give it; an aborted run is no result. */
export function judgeRuns(records: readonly RunRecord[]): Verdict {
	if (records.some(record => record.state !== 'done' || record.wallMs === undefined)) {
		return none('no verdict yet');
	}

	return judge(records.map(record => ({strategy: record.strategy, wallMs: [record.wallMs!], failed: record.failed})));
}
