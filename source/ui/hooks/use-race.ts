import {useEffect, useState} from 'react';
import type {Runner} from '../../engine/controller-types.js';
import {createRaceSession, type RaceMode, type RaceSession} from '../../state/race-session.js';
import {createStore, type Store} from '../../state/store.js';

export type RaceOptions = {
	readonly runner: Runner;
	readonly imageCount: number;
	readonly mode: RaceMode;
	readonly concurrency: number;
	readonly fps?: number;
};

/**
 * One store and one race session for the component's lifetime; the launch mode starts on mount.
 * Unmounting aborts whatever is in flight.
 */
export default function useRace(options: RaceOptions): {readonly store: Store; readonly session: RaceSession} {
	const [race] = useState(() => {
		const store = createStore({imageCount: options.imageCount, concurrency: options.concurrency, fps: options.fps});
		return {store, session: createRaceSession({runner: options.runner, store})};
	});

	useEffect(() => {
		race.session.run(options.mode);
		return () => {
			void race.session.quit().finally(() => {
				race.store.close();
			});
		};
	}, [race]); // The launch mode applies once, on mount.

	return race;
}
