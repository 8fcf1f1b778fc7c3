import type {StrategyName} from '../engine/events.js';
import {durationScale, formatDuration, formatRatio, ratioDigits} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import {ratioWithSpread, type Summary} from '../stats/statistics.js';
import {claimSentences} from './claim.js';
import {noiseFloor} from './baseline-comparison.js';
import {isRunRecord, type RaceRun} from './failed-start.js';
import {runFigures, type RunFigures} from './run-figures.js';
import type {RunRecord} from './run-record.js';
import {strategySides, type StrategySide} from './verdict-sides.js';
import {whyFaster} from './verdict-why.js';
import {widthLabel} from './width-label.js';

/**
 * The one verdict of a race: the live summary, the plain output, --json and the exports all show this
 * object, made by raceVerdict and nothing else.
 */
export type RaceVerdict = {
	/** The fastest strategy; null when the runs are not comparable (a failed image, an aborted run, fewer than two). */
	readonly winner: StrategyName | null;
	/** The fastest of the others (the runner-up), which the winner is measured against. */
	readonly against: StrategyName | null;
	/** against's mean wall time over the winner's: 1 or more; null with no winner. */
	readonly ratio: number | null;
	/** σ of that ratio over repeated runs; null with one run each. */
	readonly spread: number | null;
	/**
	 * Shown to be even: within half a percent with one run each, or (with repeated runs) the ratio and its
	 * σ both under the noise floor. The text says "even", not "faster".
	 */
	readonly tie: boolean;
	/**
	 * Repeated runs whose ratio is within its σ of 1 but whose σ reaches past the noise floor: the race
	 * cannot tell the two apart, which is not showing them even. The text says "cannot tell … apart".
	 */
	readonly undecided: boolean;
	/**
	 * Everything in words: "pipeline×8 2.3× faster than parallel×8 (pipeline 2.90s vs parallel 6.60s):
	 * downloads overlapped (…)"; the reason instead when there is no winner ("no verdict: parallel had 2
	 * failed images").
	 */
	readonly text: string;
	/** Its first words, for a line with no room for more: "pipeline×8 2.3× faster than parallel×8". */
	readonly headline: string;
	/** The two wall times, each with its strategy: "pipeline 2.90s vs parallel 6.60s"; null with no winner. */
	readonly times: string | null;
	/** Why, in the race's own figures; null when they do not show it (or with no winner). */
	readonly why: string | null;
	/** Every strategy judged, in list order: its width and its counted runs' mean wall time. */
	readonly walls: ReadonlyArray<{
		readonly strategy: StrategyName;
		readonly concurrency: number | null;
		readonly runs: number;
		readonly meanMs: number | null;
		readonly sdMs: number | null;
	}>;
	/** At most two sentences on the seed's claim; none without a winner or where the race tests neither half. */
	readonly claim: readonly string[];
};

export type VerdictOptions = {
	/** The machine's cores (os.availableParallelism()): the claim's "2 cores". */
	readonly cores: number;
	/** The order strategies are listed in (the registry's); by default the order they first ran. */
	readonly order?: readonly StrategyName[];
	/** Strategies that could not start (their folder could not be made). */
	readonly unstarted?: readonly StrategyName[];
	/** Strategies of the race still running or still to run (the live session): no verdict until they have. */
	readonly pending?: readonly StrategyName[];
	/** Nothing more will run (the live session is quitting): one strategy alone is the race's end, not a wait for another. */
	readonly settled?: boolean;
};

/** Closer than this and "1.00× faster" would say nothing: the verdict calls it even. */
const tieRatio = 1.005;

type Call = 'faster' | 'even' | 'undecided';

/**
 * Faster, even, or cannot tell. One run each has no spread: within half a percent is even, else
 * faster. With repeated runs, faster needs the ratio clear of 1 by more than its σ. Short of that, a
 * gap within the noise is not shown to be nothing: only when the ratio and its σ together stay under
 * the noise floor --baseline calls "no difference" (5%) are the two even; a wider σ could hide a real
 * gap (2.5 ± 1.6×), and the race cannot tell them apart.
 */
function callOf(ratio: number, spread: number | null, alike: boolean): Call {
	if (spread === null) {
		// Two that fetched the same way (one image at a time, on this thread) differ by the network's and
		// the machine's noise alone: a gap inside it is no finding.
		return ratio < (alike ? 1 + noiseFloor : tieRatio) ? 'even' : 'faster';
	}

	if (ratio >= tieRatio && ratio - spread > 1) {
		return 'faster';
	}

	return ratio + spread < 1 + noiseFloor ? 'even' : 'undecided';
}

function wallsOf(sides: readonly StrategySide[], unstarted: readonly StrategyName[]): RaceVerdict['walls'] {
	return [
		...sides.map(side => ({strategy: side.strategy, concurrency: side.concurrency, runs: side.wall?.count ?? 0, meanMs: side.wall?.mean ?? null, sdMs: side.wall && side.wall.count > 1 ? side.wall.sd : null})),
		// One that ran in another round is judged above already.
		...unstarted.filter(strategy => !sides.some(side => side.strategy === strategy)).map(strategy => ({strategy, concurrency: null, runs: 0, meanMs: null, sdMs: null})),
	];
}

/** "pipeline", "threads and pipeline", "a, b and c". */
function namesText(names: readonly string[]): string {
	return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/** Why there is no verdict, or undefined when there is one to give. */
function whyNone(sides: readonly StrategySide[], unstarted: readonly StrategyName[], settled: boolean): string | undefined {
	if (unstarted.length > 0) {
		return `no verdict: ${unstarted.map(name => `${name} could not start`).join(', ')}`;
	}

	const failures = sides.filter(side => side.failed > 0).map(side => `${side.strategy} had ${plural(side.failed, 'failed image')}`);
	if (failures.length > 0) {
		return `no verdict: ${failures.join(', ')}`;
	}

	const aborted = sides.filter(side => side.wall === undefined && side.aborted > 0).map(side => `${side.strategy} was aborted`);
	if (aborted.length > 0) {
		return `no verdict: ${aborted.join(', ')}`;
	}

	if (sides.length < 2) {
		// The live summary of a race of one strategy so far: the finished race's outputs give no verdict at all.
		return settled && sides.length === 1 ? `no verdict: only ${sides[0]!.strategy} ran to its end` : 'no verdict until another strategy has run';
	}

	return sides.some(side => side.wall === undefined) ? 'no verdict yet' : undefined;
}

/** A wall time as the summary writes it: one run's as its panel does, a mean in the unit of its σ. */
function meanText(wall: Summary): string {
	if (wall.count < 2) {
		return formatDuration(wall.mean);
	}

	const {number, unit} = durationScale(wall.mean);
	return `${number(wall.mean)}${unit}`;
}

/** "pipeline 2.90s vs parallel 6.60s", "means of 3 runs: …", "means of 2 runs and 1 run: …": each time with its strategy, in the order the words name them. */
function timesText(winner: StrategySide, against: StrategySide): string {
	const [a, b] = [winner.wall!.count, against.wall!.count];
	const means = a > 1 || b > 1 ? `means of ${a === b ? plural(a, 'run') : `${plural(a, 'run')} and ${plural(b, 'run')}`}: ` : '';
	return `${means}${winner.strategy} ${meanText(winner.wall!)} vs ${against.strategy} ${meanText(against.wall!)}`;
}

/** "2.3×", "1.03×", "2.3 ± 0.1×": the ratio as formatRatio says it, its σ in the ratio's digits. */
function amountText(ratio: number, spread: number | null): string {
	return spread !== null && spread > 0
		? `${ratio.toFixed(ratioDigits(ratio))} ${glyphs.plusMinus} ${formatRatio(spread, ratioDigits(ratio))}`
		: formatRatio(ratio);
}

function judged(sides: readonly StrategySide[], cores: number): Omit<RaceVerdict, 'walls'> | undefined {
	const [winner, against] = [...sides].sort((a, b) => a.wall!.mean - b.wall!.mean);
	const speed = ratioWithSpread(against!.wall, winner!.wall);
	if (!speed || !Number.isFinite(speed.ratio)) {
		return undefined;
	}

	const several = winner!.wall!.count > 1 || against!.wall!.count > 1;
	const spread = several ? speed.sd : null;
	const alike = [winner!, against!].every(side => side.concurrency === 1 && (side.role === 'one-at-a-time' || side.role === 'event-loop'));
	const call = callOf(speed.ratio, spread, alike);
	const [w, a] = [widthLabel(winner!.strategy, winner!.role, winner!.concurrency), widthLabel(against!.strategy, against!.role, against!.concurrency)];
	const headlines: Record<Call, string> = {
		faster: `${w} ${amountText(speed.ratio, spread)} faster than ${a}`,
		even: alike ? `${w} and ${a} even: both fetched one image at a time` : `${w} and ${a} even`,
		undecided: `cannot tell ${w} from ${a} apart`,
	};
	const headline = headlines[call];
	// The ratio and its σ say why it cannot tell, without a word the figures do not back.
	const noise = call === 'undecided' ? `: ${amountText(speed.ratio, spread)} is within the runs' noise` : '';
	const times = timesText(winner!, against!);
	const why = call === 'faster' ? whyFaster(winner!, against!, cores) : undefined;
	return {
		winner: winner!.strategy,
		against: against!.strategy,
		ratio: speed.ratio,
		spread,
		tie: call === 'even',
		undecided: call === 'undecided',
		text: `${headline}${noise} (${times})${why === undefined ? '' : `: ${why}`}`,
		headline,
		times,
		why: why ?? null,
		claim: claimSentences(sides, cores, [winner!, against!]),
	};
}

/**
 * The whole verdict of a race from its runs (run records, or the figures the live session keeps of
 * each finished run): who won, against the next fastest, by how much (over the means, with the ratio's
 * σ when a strategy ran more than once), at what widths, why in the race's own figures, then at most
 * two sentences on the seed's claim. A failed image or an aborted run leaves the runs incomparable (it
 * did less work): then the reason, and no "faster". Pure.
 */
export function raceVerdict(runs: ReadonlyArray<RunRecord | RunFigures>, options: VerdictOptions): RaceVerdict {
	const figures = runs.map(run => ('runId' in run ? runFigures(run) : run));
	const sides = strategySides(figures, options.order);
	const unstarted = options.unstarted ?? [];
	const walls = wallsOf(sides, unstarted);
	const pending = options.pending ?? [];
	// A verdict among the runs that ended while another is on its way would crown a winner it may lose.
	// "finished", not "run": after r, the strategies waiting have run before, and the summary waits for their new runs.
	const reason = pending.length > 0 ? `no verdict until ${namesText(pending)} ${pending.length === 1 ? 'has' : 'have'} finished` : whyNone(sides, unstarted, options.settled ?? false);
	const verdict = reason === undefined ? judged(sides, options.cores) : undefined;
	if (verdict) {
		return {...verdict, walls};
	}

	const text = reason ?? 'no verdict yet';
	return {winner: null, against: null, ratio: null, spread: null, tie: false, undecided: false, text, headline: text, times: null, why: null, walls, claim: []};
}

/**
 * The verdict of a finished race, the one its plain lines, --json and every export give: over every
 * counted run, a strategy that could not start named among those judged; none at all when a single
 * strategy ran (nothing to weigh it against: "no verdict yet" would promise one). Pure.
 */
export function finishedRaceVerdict(runs: readonly RaceRun[], options: Pick<VerdictOptions, 'cores' | 'order'>): RaceVerdict | undefined {
	const unstarted = [...new Set(runs.filter(run => !isRunRecord(run)).map(run => run.strategy))];
	const verdict = raceVerdict(runs.filter(run => isRunRecord(run)), {...options, unstarted});
	return verdict.walls.length >= 2 ? verdict : undefined;
}

/**
 * The latest run of each strategy in `records`, in `order` (strategies not in it after the others; by
 * default the order in which they first ran): what the phase lines and charts of a race show.
 */
export function latestRuns(records: readonly RunRecord[], order: readonly StrategyName[] = [...new Set(records.map(record => record.strategy))]): RunRecord[] {
	const latest = new Map<StrategyName, RunRecord>();
	for (const record of records) {
		latest.set(record.strategy, record);
	}

	const rank = (name: StrategyName) => (order.includes(name) ? order.indexOf(name) : order.length);
	return [...latest.values()].sort((a, b) => rank(a.strategy) - rank(b.strategy));
}
