import {useEffect, useState} from 'react';
import type {ClientName, Runner, StrategyName, WorkName} from '../../engine/run-spec.js';
import type {Registry} from '../../strategies/registry.js';
import {createFrameScheduler, type FrameScheduler} from '../live/frame-scheduler.js';
import {createRerunQueue, type RerunQueue} from '../live/rerun-queue.js';
import {labelsForWork} from '../live/strategy-labels.js';

/** What a live race starts from: the App's props and runInteractive's options share it. */
export type LiveSessionOptions = {
	/** Starts one run and resolves its result (bound to the URLs, output folder and settings). */
	readonly runner: Runner;
	/** The race's strategies: the panels, their keys and their widths. */
	readonly registry: Registry;
	readonly imageCount: number;
	/** The strategies run at launch, one after the other, never at once (parseModes in the registry). */
	readonly mode: readonly StrategyName[];
	/** Slots asked of the runs at launch; 0 = each strategy's own width, until +/- sets one for all. */
	readonly asked: number;
	/** The work after each download (--work): what a strategy's own width can depend on. */
	readonly work?: WorkName;
	/** The HTTP client every run goes through, as the header names it. */
	readonly client?: ClientName;
	/** Snapshots per second. Default 10 (the frame scheduler's default). */
	readonly fps?: number;
};

/**
 * The panels of a session: what --mode names, in the order it runs them, then what of the classic pair
 * (--mode both) it left out, so that s and p can always race the seed's two (`--mode parallel` has a
 * sequential panel to press s in). Every registered strategy as a panel would crowd an 80×24 terminal
 * with idle panels nobody asked for; `--mode all` shows them all.
 */
export function panelsFor(registry: Registry, mode: readonly StrategyName[]): StrategyName[] {
	return [...mode, ...registry.parseModes('both').filter(name => !mode.includes(name))];
}

/**
 * One frame scheduler and one rerun queue for the component's lifetime; the launch mode starts on
 * mount. Unmounting aborts whatever is in flight.
 */
export default function useLiveSession(options: LiveSessionOptions): {readonly store: FrameScheduler; readonly session: RerunQueue} {
	const [live] = useState(() => {
		const store = createFrameScheduler({imageCount: options.imageCount, concurrency: options.asked, fps: options.fps, strategies: panelsFor(options.registry, options.mode), labels: labelsForWork(options.registry, options.work)});
		// The launch runs start on mount, after the first frame: that frame shows them waiting already.
		store.dispatch({type: 'planned', strategies: options.mode});
		store.flush();
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
