import type {EngineEvent, StrategyName} from '../engine/events.js';
import {existingRowIndex} from './row-index.js';
import {applyEvent, createRunRecord, type RunRecord} from './run-record.js';

export const strategyNames: readonly StrategyName[] = ['sequential', 'parallel'];

/** Totals of one finished run, kept for the session's mean ± σ. */
export type RunTotals = {
	readonly runId: string;
	readonly concurrency: number;
	readonly wallMs: number;
	readonly ok: number;
	readonly failed: number;
	readonly bytes: number;
};

/** What the session knows about one strategy. */
export type StrategySlot = {
	readonly strategy: StrategyName;
	/** The latest run of this strategy (running, done or aborted). */
	current: RunRecord | undefined;
	/** The latest run that finished (not aborted): what the summary reads. Never mutated again. */
	lastComplete: RunRecord | undefined;
	/** Totals of every finished run of this session, oldest first (replaced, never mutated). */
	history: readonly RunTotals[];
	/** Requested, waiting for its turn. */
	waiting: boolean;
	/** Handed to the runner, run-started not seen yet. */
	starting: boolean;
};

export type SessionState = {
	readonly imageCount: number;
	/** Concurrency of the next parallel run, 1..imageCount. */
	concurrency: number;
	readonly slots: Readonly<Record<StrategyName, StrategySlot>>;
	/** Runs whose events are folded, by run id (only each slot's current run). */
	readonly runs: Map<string, StrategySlot>;
	/** Why the last run could not start or crashed; cleared when the user starts runs again. */
	error: string | undefined;
	quitting: boolean;
};

/** Session-level actions (the engine's events are the others). */
export type SessionAction =
	/** These strategies will run next, in this order; all others stop waiting. */
	| {readonly type: 'planned'; readonly strategies: readonly StrategyName[]}
	/** The strategy was handed to the runner. */
	| {readonly type: 'run-requested'; readonly strategy: StrategyName}
	/** The runner rejected (the run could not start or crashed). */
	| {readonly type: 'runner-failed'; readonly strategy: StrategyName; readonly message: string}
	/** +/-: change the next parallel run's concurrency, clamped to 1..imageCount. */
	| {readonly type: 'concurrency-stepped'; readonly delta: number}
	| {readonly type: 'quitting'};

export type SessionInput = SessionAction | EngineEvent;

export function clampConcurrency(value: number, imageCount: number): number {
	return Math.min(Math.max(1, imageCount), Math.max(1, Math.round(value)));
}

function newSlot(strategy: StrategyName): StrategySlot {
	return {strategy, current: undefined, lastComplete: undefined, history: [], waiting: false, starting: false};
}

/** `concurrency` 0 (or less) means one slot per image, as on the command line. */
export function createSessionState(options: {readonly imageCount: number; readonly concurrency: number}): SessionState {
	const {imageCount, concurrency} = options;
	return {
		imageCount,
		concurrency: concurrency > 0 ? clampConcurrency(concurrency, imageCount) : Math.max(1, imageCount),
		slots: {sequential: newSlot('sequential'), parallel: newSlot('parallel')},
		runs: new Map(),
		error: undefined,
		quitting: false,
	};
}

/**
 * Fold one session action or engine event into the state, in place and in O(1) (per-image events
 * touch one row; only run-started and run-aborted walk the run's images once). Deterministic and
 * free of I/O: everything the UI shows is derived from the state this builds.
 */
export function reduceSession(state: SessionState, input: SessionInput): SessionState {
	switch (input.type) {
		case 'planned': {
			for (const name of strategyNames) {
				state.slots[name].waiting = input.strategies.includes(name);
			}

			state.error = undefined;
			break;
		}

		case 'run-requested': {
			const slot = state.slots[input.strategy];
			slot.waiting = false;
			slot.starting = true;
			break;
		}

		case 'runner-failed': {
			const slot = state.slots[input.strategy];
			slot.starting = false;
			if (slot.current?.state === 'running') {
				slot.current.state = 'aborted';
				state.runs.delete(slot.current.runId);
			}

			state.error = input.message;
			break;
		}

		case 'concurrency-stepped': {
			state.concurrency = clampConcurrency(state.concurrency + input.delta, state.imageCount);
			break;
		}

		case 'quitting': {
			state.quitting = true;
			for (const name of strategyNames) {
				state.slots[name].waiting = false;
			}

			break;
		}

		case 'run-started': {
			const slot = state.slots[input.strategy];
			if (slot.current) {
				state.runs.delete(slot.current.runId);
			}

			slot.current = createRunRecord(input);
			slot.starting = false;
			slot.waiting = false;
			state.runs.set(input.runId, slot);
			break;
		}

		default: {
			const slot = state.runs.get(input.runId);
			if (!slot?.current) {
				break;
			}

			const rows = existingRowIndex(slot.current);
			const from = rows && 'index' in input ? slot.current.images[input.index]?.status : undefined;
			const record = applyEvent(slot.current, input);
			if (rows) {
				if (input.type === 'run-aborted') {
					rows.invalidate();
				} else if (from !== undefined && 'index' in input) {
					rows.moved(input.index, from);
				}
			}

			if (input.type === 'run-finished' || input.type === 'run-aborted') {
				state.runs.delete(input.runId);
				if (input.type === 'run-finished') {
					slot.lastComplete = record;
					slot.history = [...slot.history, {
						runId: record.runId,
						concurrency: record.concurrency,
						wallMs: input.wallMs,
						ok: input.ok,
						failed: input.failed,
						bytes: input.bytes,
					}];
				}
			}
		}
	}

	return state;
}

export type PanelState = 'idle' | 'waiting' | 'running' | 'done' | 'aborted';

/** What a strategy's panel header says. */
export function panelState(slot: StrategySlot): PanelState {
	if (slot.starting || slot.current?.state === 'running') {
		return 'running';
	}

	if (slot.waiting) {
		return 'waiting';
	}

	return slot.current?.state ?? 'idle';
}

/** True while some run is in flight or about to start: the elapsed timers must tick. */
export function isBusy(state: SessionState): boolean {
	return strategyNames.some(name => {
		const slot = state.slots[name];
		return slot.starting || slot.current?.state === 'running';
	});
}
