import path from 'node:path';
import {makeFolder} from '../config/out-folder.js';
import type {RaceConfig} from '../config/race-config.js';
import {loadClient} from '../engine/client/index.js';
import {runDownloads} from '../engine/controller.js';
import type {ClientSettings, Runner} from '../engine/run-spec.js';
import {flagHint} from '../config/flag-hints.js';
import type {Registry} from '../strategies/registry.js';
import {displayEvent} from './display-gate.js';

export type RunnerBinding = {
	readonly urls: readonly string[];
	/** --cacert's text, already read. */
	readonly ca: string | undefined;
	/** The race's interrupt: every run stops when it fires, also one started without a signal of its own. */
	readonly signal: AbortSignal;
	readonly registry: Registry;
};

/** The engine's client settings: the flags as parsed, --cacert's file as its text. */
export function clientSettings({cacertFile: _file, ...flags}: RaceConfig['client'], ca: string | undefined): ClientSettings {
	return {...flags, ca};
}

/**
 * The runner the front ends (the Ink UI, the plain reporter, the benchmark) start runs with: URLs, output
 * folder and settings bound here, as the config holds them, so they choose only the strategy and the width.
 */
export function bindRunner(config: RaceConfig, {urls, ca, signal: raceSignal, registry}: RunnerBinding): Runner {
	const client = clientSettings(config.client, ca);
	return async ({strategy: name, asked, signal, onEvent}) => {
		// Before anything is made: an unknown name throws here, with the names that are known.
		const strategy = registry.named(name);
		const folder = path.join(config.out, name);
		const runSignal = signal ? AbortSignal.any([signal, raceSignal]) : raceSignal;
		// Made here, level by level and abortable, so a folder that cannot be made is a FolderError
		// with a reason in words (the run is reported as not started), never a raw EPERM or a hang.
		await makeFolder(folder, runSignal);
		return runDownloads(strategy, {asked, urls, folder, download: config.download, client, work: config.work}, {
			signal: runSignal,
			// The one gate for outside text: everything shown or reported downstream has been through it.
			emit: event => {
				onEvent(flagHint(displayEvent(event)));
			},
		});
	};
}

/**
 * Import the code the race's runs load (the client, each strategy of --mode), as the controller does before
 * each run's clock starts, so that costs nothing there. Never rejects: a failure shows again in its run.
 */
export async function loadRunCode(config: Pick<RaceConfig, 'mode' | 'client'>, registry: Registry): Promise<void> {
	await Promise.all([loadClient(config.client.name), ...config.mode.map(async name => registry.find(name)?.load?.())]).catch(() => undefined);
}
