import type {Runner} from '../../source/engine/run-spec.js';

export type HeldRunner = {
	readonly runner: Runner;
	/** Runs started from now on wait until `release`. */
	readonly hold: () => void;
	readonly release: () => void;
};

/**
 * The runner, with a gate in front: a test can have a key land while a run has been handed to the
 * runner but has not started (no run-started event yet), every time rather than by luck.
 */
export function holdable(runner: Runner): HeldRunner {
	let gate: Promise<void> | undefined;
	let open = () => {};
	return {
		async runner(options) {
			await gate;
			return runner(options);
		},
		hold() {
			gate = new Promise(resolve => {
				open = () => {
					gate = undefined;
					resolve();
				};
			});
		},
		release() {
			open();
		},
	};
}
