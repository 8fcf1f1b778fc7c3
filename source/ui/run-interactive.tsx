import type {AppProps, QuitReason} from './app.js';
import type {LiveSessionOptions} from './hooks/use-live-session.js';

export type {QuitReason} from './app.js';

export type InteractiveOptions = Omit<LiveSessionOptions, 'fps'> & {
	/** Quit as if q were pressed when this fires (the caller's SIGINT/SIGTERM handling, entry/signals.ts). */
	readonly signal: AbortSignal;
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
 * Renders the Ink app until the user quits or the signal fires; resolves why it quit (the entry layer
 * picks the exit code). Quitting aborts the run in flight and waits for it (the engine removes its
 * temp files); the last frame, with the summary, stays on screen and the terminal mode and cursor are
 * restored.
 */
export async function runInteractive(options: InteractiveOptions): Promise<QuitReason> {
	// React's development build is several times slower and would compete with the downloads. Decided
	// when React loads, hence the imports below instead of static ones (and no JSX in this file).
	process.env['NODE_ENV'] ??= 'production';
	// NO_COLOR (https://no-color.org): any non-empty value means no colour. Chalk, which Ink colours
	// with, does not read it; it reads FORCE_COLOR once, when it loads (here, with Ink).
	if (process.env['NO_COLOR']) {
		process.env['FORCE_COLOR'] = '0';
	}

	const [{render}, {createElement}, {default: App}] = await Promise.all([import('ink'), import('react'), import('./app.js')]);
	let reason: QuitReason = 'quit';
	const props: AppProps = {
		runner: options.runner,
		registry: options.registry,
		imageCount: options.imageCount,
		mode: options.mode,
		asked: options.asked,
		...(options.work === undefined ? {} : {work: options.work}),
		...(options.client === undefined ? {} : {client: options.client}),
		quitSignal: options.signal,
		onQuit(why) {
			reason = why;
		},
	};
	const stdout = options.stdout ?? process.stdout;
	const stopClearing = clearOnWidthChange(stdout);
	const instance = render(createElement(App, props), {
		stdout,
		stdin: options.stdin ?? process.stdin,
		exitOnCtrlC: false,
		// Not incrementalRendering: in Ink 6.8 it garbles the screen in tmux. Whole frames, written as
		// one synchronized update, fit the screen and do not flicker.
		maxFps,
		// The caller has decided this is a live terminal (source/entry/race.ts: a TTY, not TERM=dumb, no
		// --json). Ink 8 would otherwise go non-interactive whenever CI is set, even on a real terminal,
		// and then neither draws frames nor reads keys.
		interactive: true,
	});
	try {
		await instance.waitUntilExit();
	} finally {
		stopClearing();
	}

	return reason;
}

/**
 * A terminal that changes width rewraps the lines already on it (tmux does, both ways), so the frame
 * Ink erases by its own line count leaves pieces of the old one above the new. Before Ink redraws
 * (the listener goes first), the visible screen is cleared and the cursor sent home; the scrollback
 * stays. Returns the listener's removal.
 */
function clearOnWidthChange(stdout: NodeJS.WriteStream): () => void {
	let width = stdout.columns;
	const onResize = () => {
		if (stdout.columns !== width) {
			width = stdout.columns;
			stdout.write('\u001B[2J\u001B[H');
		}
	};

	stdout.prependListener('resize', onResize);
	return () => {
		stdout.off('resize', onResize);
	};
}
