import os from 'node:os';
import type {RaceConfig} from '../config/race-config.js';
import type {ShowOptions} from '../config/show-options.js';
import type {Runner} from '../engine/run-spec.js';
import type {Registry} from '../strategies/registry.js';
import type {StrategyName} from '../engine/events.js';
import type {LoopLoad} from '../model/client-bound.js';
import {roundOrder} from '../model/run-order.js';
import type {RunRecord} from '../model/run-record.js';
import {runStrategies, type RaceRun, type RunListener} from './run-strategies.js';

/** One round of a repeated race: one run of each strategy, in the order they ran. */
export type Round = {
	/** 1-based, counted apart for warm-up and measured rounds ("warm-up 1/1", "run 2/3"). */
	readonly round: number;
	readonly warmup: boolean;
	readonly strategies: readonly StrategyName[];
};

/** "warm-up 1/2", "run 3/5", as the per-run lines and the progress line name a round; '' in a race of one run each. */
export function roundName(round: Round, show: Pick<ShowOptions, 'runs' | 'warmup'>): string {
	if (show.runs === 1 && show.warmup === 0) {
		return '';
	}

	return round.warmup ? `warm-up ${round.round}/${show.warmup}` : `run ${round.round}/${show.runs}`;
}

export type Rounds = {
	/** The measured runs, in the order they ran (a run that could not start is one too). */
	readonly runs: readonly RaceRun[];
	readonly records: readonly RunRecord[];
	/** How busy imgrace's own thread was in each measured run, by run id. */
	readonly loads: ReadonlyMap<string, LoopLoad>;
	/** Every round that ran, warm-ups first: the order the export records. */
	readonly order: readonly Round[];
	/** The machine's 1-minute load average before the first run and after each round. */
	readonly loadAverages: readonly number[];
};

export type RoundsInput = {
	readonly runner: Runner;
	readonly registry: Registry;
	readonly config: RaceConfig;
	readonly show: Pick<ShowOptions, 'runs' | 'warmup'>;
	readonly imageCount: number;
	readonly signal: AbortSignal;
	/** Where the events of a round's runs go. */
	readonly listenerFor: (round: Round) => RunListener;
	/** The 1-minute load average now (os.loadavg's first figure; a test passes its own). */
	readonly loadAverage?: () => number;
};

/**
 * --warmup rounds (not counted), then --runs rounds, each one run of every strategy of the mode, in the
 * interleaved and alternating order of roundOrder, sampling the load average between rounds. Stops
 * starting rounds once the signal fires.
 */
export async function runRounds(input: RoundsInput): Promise<Rounds> {
	const {config, show, signal} = input;
	const loadAverage = input.loadAverage ?? (() => os.loadavg()[0] ?? 0);
	const runs: RaceRun[] = [];
	const records: RunRecord[] = [];
	const loads = new Map<string, LoopLoad>();
	const order: Round[] = [];
	const loadAverages = [loadAverage()];
	for (let index = 0; index < show.warmup + show.runs && !signal.aborted; index++) {
		const warmup = index < show.warmup;
		const round: Round = {round: warmup ? index + 1 : index - show.warmup + 1, warmup, strategies: roundOrder(config.mode, index)};
		order.push(round);
		const result = await runStrategies(input.runner, input.registry, {...config, mode: round.strategies}, input.imageCount, signal, input.listenerFor(round));
		loadAverages.push(loadAverage());
		if (!warmup) {
			runs.push(...result.runs);
			records.push(...result.records);
			for (const [runId, load] of result.loads) {
				loads.set(runId, load);
			}
		}
	}

	return {runs, records, loads, order, loadAverages};
}
