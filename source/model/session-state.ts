import type {EngineEvent, StrategyName} from '../engine/events.js';
import {runFigures} from './run-figures.js';
import {applyEvent, createRunRecord, type RunRecord} from './run-record.js';
import type {FinishedRun} from './run-totals.js';

/** What the session knows about one strategy: its runs so far and whether one is coming. */
export type StrategyTrack = {
	readonly strategy: StrategyName;
	/** The latest run of this strategy (running, done or aborted). */
	current: RunRecord | undefined;
	/** The latest run that finished (not aborted): what the summary reads. Never mutated again. */
	lastComplete: RunRecord | undefined;
	/** Totals of every finished run of this session, oldest first (replaced, never mutated). */
	history: readonly FinishedRun[];
	/** Requested, waiting for its turn. */
	waiting: boolean;
	/** Handed to the runner, run-started not seen yet. */
	starting: boolean;
	/** Its latest run was aborted before run-started: no record of it exists, the panel says aborted. */
	cancelled: boolean;
	/** Why its latest run could not start (the runner failed before run-started): its panel says so. */
	startError: string | undefined;
};

export type SessionState = {
	readonly imageCount: number;
	/** Concurrency asked of the next run, 1..imageCount, or 0 for each strategy's own (its slots rule applies it). */
	concurrency: number;
	/** One per strategy of the session, in the order they are shown. */
	readonly tracks: ReadonlyMap<StrategyName, StrategyTrack>;
	/** Runs whose events are folded, by run id (only each track's current run). */
	readonly runs: Map<string, StrategyTrack>;
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
	/** The run was aborted (a key, quitting) before its run-started event: the runner rejected with the abort. */
	| {readonly type: 'run-cancelled'; readonly strategy: StrategyName}
	/** +/-: change the next run's concurrency, clamped to 1..imageCount. */
	| {readonly type: 'concurrency-stepped'; readonly delta: number; readonly from?: number}
	| {readonly type: 'quitting'};

export type SessionInput = SessionAction | EngineEvent;

export function clampConcurrency(value: number, imageCount: number): number {
	return Math.min(Math.max(1, imageCount), Math.max(1, Math.round(value)));
}

function newTrack(strategy: StrategyName): StrategyTrack {
	return {strategy, current: undefined, lastComplete: undefined, history: [], waiting: false, starting: false, cancelled: false, startError: undefined};
}

export type SessionOptions = {
	/** The strategies of the session, in the order they are shown (the registry's). */
	readonly strategies: readonly StrategyName[];
	readonly imageCount: number;
	/** 0 (or less): each strategy's own width (its slots rule), as on the command line, until +/-. */
	readonly concurrency: number;
};

export function createSessionState(options: SessionOptions): SessionState {
	const {imageCount, concurrency} = options;
	return {
		imageCount,
		concurrency: concurrency > 0 ? clampConcurrency(concurrency, imageCount) : 0,
		tracks: new Map(options.strategies.map(name => [name, newTrack(name)])),
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
			for (const track of state.tracks.values()) {
				track.waiting = input.strategies.includes(track.strategy);
			}

			state.error = undefined;
			break;
		}

		case 'run-requested': {
			const track = trackOf(state, input.strategy);
			track.waiting = false;
			track.starting = true;
			track.cancelled = false;
			track.startError = undefined;
			break;
		}

		case 'run-cancelled': {
			const track = trackOf(state, input.strategy);
			track.starting = false;
			track.cancelled = true;
			break;
		}

		case 'runner-failed': {
			const track = trackOf(state, input.strategy);
			if (track.starting) {
				// No run began: its panel says why, each strategy its own reason (--out a folder no one can make).
				track.starting = false;
				track.startError = input.message;
				break;
			}

			if (track.current?.state === 'running') {
				track.current.state = 'aborted';
				state.runs.delete(track.current.runId);
			}

			state.error = input.message;
			break;
		}

		case 'concurrency-stepped': {
			// From each strategy's own width, the first step sets one for all: from the width they agree
			// on (what the footer shows), else from one slot per image.
			const from = state.concurrency > 0 ? state.concurrency : (input.from !== undefined && input.from > 0 ? input.from : state.imageCount);
			state.concurrency = clampConcurrency(from + input.delta, state.imageCount);
			break;
		}

		case 'quitting': {
			state.quitting = true;
			for (const track of state.tracks.values()) {
				track.waiting = false;
			}

			break;
		}

		case 'run-started': {
			const track = trackOf(state, input.strategy);
			if (track.current) {
				state.runs.delete(track.current.runId);
			}

			track.current = createRunRecord(input);
			track.starting = false;
			track.waiting = false;
			track.cancelled = false;
			state.runs.set(input.runId, track);
			break;
		}

		default: {
			const track = state.runs.get(input.runId);
			if (!track?.current) {
				break;
			}

			const record = applyEvent(track.current, input);
			if (input.type === 'run-finished' || input.type === 'run-aborted') {
				state.runs.delete(input.runId);
				if (input.type === 'run-finished') {
					track.lastComplete = record;
					track.history = [...track.history, {
						runId: record.runId,
						concurrency: record.concurrency,
						wallMs: input.wallMs,
						ok: input.ok,
						failed: input.failed,
						bytes: input.bytes,
						figures: runFigures(record),
					}];
				}
			}
		}
	}

	return state;
}

/**
 * The track of a strategy; a strategy the session was not created with (one registered later) gets
 * one on its first action, after the others.
 */
function trackOf(state: SessionState, strategy: StrategyName): StrategyTrack {
	let track = state.tracks.get(strategy);
	if (!track) {
		track = newTrack(strategy);
		(state.tracks as Map<StrategyName, StrategyTrack>).set(strategy, track);
	}

	return track;
}

export type PanelState = 'idle' | 'waiting' | 'running' | 'done' | 'aborted';

/** What a strategy's panel header says. */
export function panelState(track: StrategyTrack): PanelState {
	if (track.starting || track.current?.state === 'running') {
		return 'running';
	}

	if (track.waiting) {
		return 'waiting';
	}

	if (track.cancelled) {
		return 'aborted';
	}

	return track.current?.state ?? 'idle';
}

/** True while some run is in flight or about to start: the elapsed timers must tick. */
export function isBusy(state: SessionState): boolean {
	for (const track of state.tracks.values()) {
		if (track.starting || track.current?.state === 'running') {
			return true;
		}
	}

	return false;
}
