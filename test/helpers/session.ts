import {createSessionState, type SessionState, type StrategyTrack} from '../../source/model/session-state.js';
import {testRegistry} from './race.js';
import {registryLabels} from '../../source/ui/live/strategy-labels.js';
import {buildSummary, type SummaryInput, type SummaryView} from '../../source/view/summary.js';

const registry = testRegistry();

/** A session as the live UI makes one for `--mode both` (the classic pair), or over the strategies given. */
export function newSession(options: {readonly imageCount: number; readonly concurrency: number; readonly strategies?: readonly string[]}): SessionState {
	return createSessionState({strategies: registry.parseModes('both'), ...options});
}

export function track(state: SessionState, strategy: string): StrategyTrack {
	const found = state.tracks.get(strategy);
	if (!found) {
		throw new Error(`no track for ${strategy}`);
	}

	return found;
}

export function summaryInput(state: SessionState, strategy: string): SummaryInput {
	const {lastComplete, history} = track(state, strategy);
	const label = registryLabels(registry, strategy);
	return {strategy, title: label.title, showsWidth: label.showsWidth, lastComplete, history};
}

/** The live summary of the session, as the App builds it. */
export function summaryOf(state: SessionState): SummaryView | undefined {
	return buildSummary([...state.tracks.keys()].map(strategy => summaryInput(state, strategy)));
}
