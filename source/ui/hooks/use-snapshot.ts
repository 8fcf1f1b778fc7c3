import {useSyncExternalStore} from 'react';
import type {SessionSnapshot} from '../../state/snapshot.js';
import type {Store} from '../../state/store.js';

/** The store's latest snapshot; re-renders on the store's tick, never per engine event. */
export default function useSnapshot(store: Store): SessionSnapshot {
	return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
