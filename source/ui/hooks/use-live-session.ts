import {useEffect, useState} from 'react';
import type {Runner} from '../../engine/controller-types.js';
import type {StrategyName} from '../../engine/events.js';
import {createFrameScheduler, type FrameScheduler} from '../live/frame-scheduler.js';
import {createRerunQueue, type RerunQueue} from '../live/rerun-queue.js';

export type LiveSessionOptions = {
	readonly runner: Runner;
	readonly imageCount: number;
	/** The strategies run at launch, in order. */
	readonly mode: readonly StrategyName[];
	readonly concurrency: number;
	readonly fps?: number;
};

/**
 * One frame scheduler and one rerun queue for the component's lifetime; the launch mode starts on
 * mount. Unmounting aborts whatever is in flight.
 */
export default function useLiveSession(options: LiveSessionOptions): {readonly store: FrameScheduler; readonly session: RerunQueue} {
	const [live] = useState(() => {
		const store = createFrameScheduler({imageCount: options.imageCount, concurrency: options.concurrency, fps: options.fps});
		return {store, session: createRerunQueue({runner: options.runner, store})};
	});

	useEffect(() => {
		live.session.run(options.mode);
		return () => {
			void live.session.quit().finally(() => {
				live.store.close();
			});
		};
	}, [live]); // The launch mode applies once, on mount.

	return live;
}
