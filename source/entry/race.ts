import {loadBaseline, type Baseline} from '../config/baseline-file.js';
import type {RaceConfig} from '../config/race-config.js';
import type {ShowOptions} from '../config/show-options.js';
import {exitCodes, quitExitCode} from './exit-codes.js';
import {chooseHeap} from './heap-policy.js';
import type {PendingServer} from './image-source.js';
import {openRace, type OpenRace} from './open-race.js';
import {scriptedRace} from './scripted-race.js';
import {underSignals} from './signals.js';
import type {Registry} from '../strategies/registry.js';

/** A race with none of the show flags: one run of each strategy, nothing printed beyond the results. */
export const plainShow: ShowOptions = {timeline: false, histogram: false, runs: 1, warmup: 0, exports: {}, baseline: undefined, failOnRegression: false};

/** Repeating, exporting, comparing or charting is for scripts and records: plain output (with a progress line on a terminal). */
function wantsScripted(show: ShowOptions): boolean {
	return show.runs > 1 || show.warmup > 0 || show.timeline || show.histogram || show.baseline !== undefined || Object.keys(show.exports).length > 0;
}

/**
 * A live terminal gets the Ink UI. A dumb terminal (TERM=dumb: Emacs shell, some CI consoles) cannot
 * move the cursor, so the live UI's redraws would pile up as garbage: it gets the plain lines, as a pipe does.
 */
export function isInteractive(config: Pick<RaceConfig, 'json'>): boolean {
	return !config.json && process.stdout.isTTY === true && process.stdin.isTTY === true && process.env['TERM'] !== 'dumb';
}

/**
 * `imgrace` without a command: image source, output folder, runner, then the interactive UI on a
 * terminal or the plain / JSON output otherwise. Resolves the process exit code. `server`: the embedded
 * server if the caller started it already (the CLI does, before this module loads); stopped here when
 * the race fails before it starts.
 */
export async function race(config: RaceConfig, registry: Registry, version: string, show: ShowOptions = plainShow, server?: PendingServer): Promise<number> {
	const interactive = isInteractive(config) && !wantsScripted(show);
	chooseHeap(interactive, config.work, config.client.name);
	// Signals are taken over before anything slow starts (the server paints the race's images first), so
	// an early Ctrl+C or SIGTERM still ends in a clean abort with the right exit code.
	return underSignals(async signal => {
		// Loaded only for a terminal, so scripted runs (--json, pipes, the benchmark) never pay for React and
		// Ink; asked for now, so it loads while the server's thread starts rather than after.
		const ui = interactive ? import('../ui/run-interactive.js') : undefined;
		ui?.catch(() => undefined);
		let baseline: Baseline | undefined;
		let opened: OpenRace;
		try {
			// Before anything starts: a wrong baseline is a usage line, not a comparison with nothing after the race.
			baseline = show.baseline === undefined ? undefined : await loadBaseline(show.baseline, signal);
			opened = await openRace(config, {signal, registry, announce: interactive, exports: show.exports, server});
		} catch (error) {
			await server?.stop();
			throw error;
		}

		try {
			// Came while the server started: underSignals answers with the signal's code.
			if (signal.aborted) {
				return exitCodes.ok;
			}

			if (interactive) {
				const {runInteractive} = await ui!;
				return quitExitCode(await runInteractive({runner: opened.runner, registry, imageCount: opened.source.urls.length, mode: config.mode, asked: config.asked, work: config.work.name, client: config.client.name, signal}));
			}

			return await scriptedRace({runner: opened.runner, registry, config, show, baseline, urls: opened.source.urls, description: opened.source.description, version, signal});
		} finally {
			await opened.close();
		}
	});
}
