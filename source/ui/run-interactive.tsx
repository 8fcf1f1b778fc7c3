import type {Runner} from '../engine/controller-types.js';
import {exitCodes} from '../entry/exit-codes.js';
import type {StrategyName} from '../engine/events.js';

export type InteractiveOptions = {
	/** Starts one run, emits its events to onEvent and resolves its result (aborted when signalled). */
	readonly runner: Runner;
	readonly imageCount: number;
	/** The strategies run at launch, one after the other, never at once (parseModes in the registry). */
	readonly mode: readonly StrategyName[];
	/** Initial concurrency asked of the runs; 0 = one slot per image. */
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

/**
 * Frames per second Ink writes at most. The store publishes 10 times a second (plus at once on run
 * boundaries and keys); this ceiling only keeps bursts of those (and resizes) from costing more.
 */
const maxFps = 20;

/**
 * Renders the Ink app until the user quits; resolves the exit code: 0 on q, 130 on Ctrl+C or SIGINT,
 * 143 on SIGTERM (with options.signal, the caller reports signals itself). Quitting
 * aborts the run in flight and waits for it (the engine removes its temp files); the last frame,
 * with the summary, stays on screen and the terminal mode and cursor are restored.
 */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
	// React's development build is several times slower and would compete with the downloads. Decided
	// when React loads, hence the imports below instead of static ones (and no JSX in this file).
	process.env['NODE_ENV'] ??= 'production';
	// NO_COLOR (https://no-color.org): any non-empty value means no colour. Chalk, which Ink colours
	// with, does not read it; it reads FORCE_COLOR once, when it loads (here, with Ink).
	if (process.env['NO_COLOR']) {
		process.env['FORCE_COLOR'] = '0';
	}

	const [{render}, {createElement}, {default: App}] = await Promise.all([import('ink'), import('react'), import('./app.js')]);
	let quitSignal = options.signal;
	let signalCode: number | undefined;
	let dispose = () => {};
	if (!quitSignal) {
		// Outside raw mode Ctrl+C is a signal: quit the same way q does (abort, wait, final frame), and
		// exit as a shell expects of a signalled command (128 + signal number).
		const controller = new AbortController();
		const on = (exitCode: number) => () => {
			signalCode ??= exitCode;
			controller.abort();
		};

		const onInt = on(exitCodes.sigint);
		const onTerm = on(exitCodes.sigterm);
		const onHup = on(exitCodes.sighup);
		process.on('SIGINT', onInt);
		process.on('SIGTERM', onTerm);
		process.on('SIGHUP', onHup);
		quitSignal = controller.signal;
		dispose = () => {
			process.off('SIGINT', onInt);
			process.off('SIGTERM', onTerm);
			process.off('SIGHUP', onHup);
		};
	}

	let code = 0;
	try {
		const app = createElement(App, {
			runner: options.runner,
			imageCount: options.imageCount,
			mode: options.mode,
			concurrency: options.concurrency,
			quitSignal,
			onQuit(exitCode: number) {
				code = exitCode;
			},
		});
		const instance = render(app, {
			stdout: options.stdout ?? process.stdout,
			stdin: options.stdin ?? process.stdin,
			exitOnCtrlC: false,
			// Not incrementalRendering: in Ink 6.8 it garbles the screen in tmux. Whole frames, written as
			// one synchronized update, fit the screen and do not flicker.
			maxFps,
			// The caller has decided this is a live terminal (source/entry/race.ts: a TTY, not TERM=dumb, no --json). Ink 8
			// would otherwise go non-interactive whenever CI is set, even on a real terminal, and then neither
			// draws frames nor reads keys.
			interactive: true,
		});
		await instance.waitUntilExit();
	} finally {
		dispose();
	}

	return signalCode ?? code;
}
