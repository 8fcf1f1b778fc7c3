import path from 'node:path';
import type {RaceConfig} from '../config/race-config.js';
import {FolderError, NoRoomError} from '../engine/errors.js';
import type {Runner, RunResult} from '../engine/run-spec.js';
import type {EngineEvent} from '../engine/events.js';
import {displayText} from '../format/safe-text.js';
import type {FailedStart, RaceRun} from '../model/failed-start.js';
import {applyEvent, createRunRecord, type RunRecord} from '../model/run-record.js';
import type {Registry} from '../strategies/registry.js';
import type {LoopLoad} from '../model/client-bound.js';
import {startLoopMonitor} from './loop-monitor.js';

export type {RaceRun} from '../model/failed-start.js';

export type StrategyRuns = {
	/** In order: a run that could not start is a result too (JSON, plain lines, exit 1). */
	readonly runs: readonly RaceRun[];
	/** The runs that started, each with every one of its events folded in. */
	readonly records: readonly RunRecord[];
	/** What the runner resolved for each started run. */
	readonly results: readonly RunResult[];
	/** How busy imgrace's own thread was during each started run, by run id. */
	readonly loads: ReadonlyMap<string, LoopLoad>;
};

export type RunListener = {
	/** After the event is folded into its run's record. */
	readonly onEvent?: (record: RunRecord, event: EngineEvent) => void;
	/** Whether onEvent prints a line for this event (a progress line on the terminal is erased first). */
	readonly prints?: (record: RunRecord, event: EngineEvent) => boolean;
	readonly onFailedStart?: (failure: FailedStart) => void;
};

/**
 * A scripted race: the mode's strategies one at a time (run together they would share the bandwidth
 * and both look slower), every event folded into its run's record. Stops starting runs once the
 * signal fires; a run whose folder cannot be made, or that has no room on this machine, is a
 * FailedStart; any other error ends the race.
 */
export async function runStrategies(runner: Runner, registry: Registry, config: Pick<RaceConfig, 'mode' | 'asked' | 'out' | 'work' | 'client'>, imageCount: number, signal: AbortSignal, listener: RunListener = {}): Promise<StrategyRuns> {
	const runs: RaceRun[] = [];
	const records: RunRecord[] = [];
	const results: RunResult[] = [];
	const loads = new Map<string, LoopLoad>();
	for (const strategy of config.mode) {
		if (signal.aborted) {
			break;
		}

		let record: RunRecord | undefined;
		const monitor = startLoopMonitor(config.work.name);
		try {
			const result = await runner({
				strategy,
				asked: config.asked,
				onEvent(event) {
					if (event.type === 'run-started') {
						record = createRunRecord(event);
						records.push(record);
						runs.push(record);
					}

					if (record) {
						applyEvent(record, event);
						listener.onEvent?.(record, event);
					}
				},
			});
			results.push(result);
			loads.set(result.runId, monitor.stop(result.ok > 0 && !result.aborted));
		} catch (error) {
			monitor.stop();
			if (signal.aborted || !(error instanceof FolderError || error instanceof NoRoomError)) {
				throw error;
			}

			const named = registry.named(strategy);
			const failure: FailedStart = {strategy, role: named.role, client: config.client.name, concurrency: named.slots(config.asked, imageCount, config.work.name), work: config.work.name, outDir: displayText(path.join(config.out, strategy)), images: imageCount, error: error.message, code: error.code};
			runs.push(failure);
			listener.onFailedStart?.(failure);
		}
	}

	return {runs, records, results, loads};
}
