import type {RaceConfig} from '../config/race-config.js';
import {plainReporter} from '../output/plain-reporter.js';
import {exitCodeFor, exitCodes, quitExitCode} from './exit-codes.js';
import {chooseHeap} from './heap-policy.js';
import {openRace} from './open-race.js';
import {runStrategies} from './run-strategies.js';
import {underSignals} from './signals.js';

/**
 * A live terminal gets the Ink UI. A dumb terminal (TERM=dumb: Emacs shell, some CI consoles) cannot
 * move the cursor, so the live UI's redraws would pile up as garbage: it gets the plain lines, as a pipe does.
 */
export function isInteractive(config: Pick<RaceConfig, 'json'>): boolean {
	return !config.json && process.stdout.isTTY === true && process.stdin.isTTY === true && process.env['TERM'] !== 'dumb';
}

/**
 * `imgrace` without a command: image source, output folder, runner, then the interactive UI on a
 * terminal or the plain / JSON output otherwise. Resolves the process exit code.
 */
export async function race(config: RaceConfig, version: string): Promise<number> {
	const interactive = isInteractive(config);
	chooseHeap(interactive, config.work);
	// Signals are taken over before anything slow starts (the server generates its images first), so an
	// early Ctrl+C or SIGTERM still ends in a clean abort with the right exit code.
	return underSignals(async signal => {
		const opened = await openRace(config, {signal, announce: interactive});
		try {
			// Came while the server started: underSignals answers with the signal's code.
			if (signal.aborted) {
				return exitCodes.ok;
			}

			if (interactive) {
				// Loaded only here so scripted runs (--json, pipes, the benchmark) never pay for React and Ink.
				const {runInteractive} = await import('../ui/run-interactive.js');
				return quitExitCode(await runInteractive({runner: opened.runner, imageCount: opened.source.urls.length, mode: config.mode, concurrency: config.concurrency, signal}));
			}

			const reporter = plainReporter({json: config.json, description: opened.source.description, version});
			reporter.start();
			const {runs, records} = await runStrategies(opened.runner, config, opened.source.urls.length, signal, reporter);
			reporter.finish(runs, records);
			return exitCodeFor(runs);
		} finally {
			await opened.close();
		}
	});
}
