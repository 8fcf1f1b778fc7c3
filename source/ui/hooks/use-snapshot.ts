import {useSyncExternalStore} from 'react';
import type {SessionSnapshot} from '../../view/snapshot.js';
import type {FrameScheduler} from '../live/frame-scheduler.js';

/** The scheduler's latest snapshot; re-renders on its tick, never per engine event. */
export default function useSnapshot(store: FrameScheduler): SessionSnapshot {
	return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
