import path from 'node:path';
import {makeFolder} from '../config/out-folder.js';
import type {RaceConfig} from '../config/race-config.js';
import {runDownloads, type Runner} from '../engine/controller.js';
import {flagHint} from '../config/flag-hints.js';
import {strategyNamed} from '../strategies/registry.js';
import {displayEvent} from './display-gate.js';

export type RunnerBinding = {
	readonly urls: readonly string[];
	/** --cacert's text, already read. */
	readonly ca: string | undefined;
	/** The race's interrupt: every run stops when it fires, also one started without a signal of its own. */
	readonly signal: AbortSignal;
};

/**
 * The runner the front ends (the Ink UI, the plain reporter, the benchmark) start runs with: URLs, output
 * folder and download settings bound here, so they choose only the strategy and the width.
 */
export function bindRunner(config: RaceConfig, {urls, ca, signal: raceSignal}: RunnerBinding): Runner {
	return async ({strategy: name, concurrency, signal, onEvent}) => {
		// Before anything is made: an unknown name throws here, with the names that are known.
		const strategy = strategyNamed(name);
		const outDir = path.join(config.out, name);
		const runSignal = signal ? AbortSignal.any([signal, raceSignal]) : raceSignal;
		// Made here, level by level and abortable, so a folder that cannot be made is a FolderError
		// with a reason in words (the run is reported as not started), never a raw EPERM or a hang.
		await makeFolder(outDir, runSignal);
		return runDownloads({
			strategy,
			concurrency,
			urls,
			outDir,
			retries: config.retries,
			idleTimeoutMs: config.idleTimeoutMs,
			maxTimeMs: config.maxTimeMs,
			maxSize: config.maxSize,
			keepAlive: config.keepAlive,
			work: config.work,
			http: {headers: config.http.headers, userAgent: config.http.userAgent, insecure: config.http.insecure, ca},
			signal: runSignal,
			// The one gate for outside text: everything shown or reported downstream has been through it.
			onEvent: event => {
				onEvent(flagHint(displayEvent(event)));
			},
		});
	};
}
