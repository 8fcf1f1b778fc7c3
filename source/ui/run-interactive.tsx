import {render} from 'ink';
import React from 'react';
import type {Runner} from '../engine/controller-types.js';
import App from './app.js';

export type InteractiveOptions = {
	/** Starts one run, emits its events to onEvent and resolves its result (aborted when signalled). */
	readonly runner: Runner;
	readonly imageCount: number;
	/** What runs at launch: both = sequential, then parallel, never both at once. */
	readonly mode: 'sequential' | 'parallel' | 'both';
	/** Initial parallel concurrency; 0 = one slot per image. */
	readonly concurrency: number;
	/**
	 * Quit as if q were pressed when this fires (the caller's SIGINT/SIGTERM handling). Without it,
	 * runInteractive listens for SIGINT and SIGTERM itself while it runs.
	 */
	readonly signal?: AbortSignal;
	/** For tests and the benchmark; default process.stdout / process.stdin. */
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
};

/** Frames per second Ink writes at most; the store publishes at 25. */
const maxFps = 30;

/**
 * Renders the Ink app until the user quits; resolves the exit code (0 on q / Ctrl+C). Quitting
 * aborts the run in flight and waits for it (the engine removes its temp files); the last frame,
 * with the summary, stays on screen and the terminal mode and cursor are restored.
 */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
	let quitSignal = options.signal;
	let dispose = () => {};
	if (!quitSignal) {
		// Outside raw mode Ctrl+C is a signal: quit the same way q does (abort, wait, final frame).
		const controller = new AbortController();
		const onSignal = () => {
			controller.abort();
		};

		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
		quitSignal = controller.signal;
		dispose = () => {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		};
	}

	let code = 0;
	try {
		const instance = render(
			<App
				runner={options.runner}
				imageCount={options.imageCount}
				mode={options.mode}
				concurrency={options.concurrency}
				quitSignal={quitSignal}
				onQuit={exitCode => {
					code = exitCode;
				}}
			/>,
			{
				stdout: options.stdout ?? process.stdout,
				stdin: options.stdin ?? process.stdin,
				exitOnCtrlC: false,
				maxFps,
			},
		);
		await instance.waitUntilExit();
	} finally {
		dispose();
	}

	return code;
}
