import {loadCaFile} from '../config/ca-file.js';
import {checkOutDir} from '../config/out-folder.js';
import type {RaceConfig} from '../config/race-config.js';
import type {Runner} from '../engine/run-spec.js';
import type {Registry} from '../strategies/registry.js';
import {glyphs} from '../format/glyphs.js';
import {writeStderr} from '../output/stdout.js';
import {bindRunner} from './bind-runner.js';
import {resolveSource, type ImageSource} from './image-source.js';

export type OpenRace = {
	readonly runner: Runner;
	readonly source: ImageSource;
	/** Stops the embedded server, if one was started; call it however the race ended. */
	close(): Promise<void>;
};

/**
 * Everything a race needs before its first run, checked before anything downloads: --out usable,
 * --cacert readable, the image source up (the --urls list read, or the embedded server started), the
 * runner bound. The CLI and the benchmark's worker both start here.
 */
export async function openRace(config: RaceConfig, {signal, registry, announce = false}: {readonly signal: AbortSignal; readonly registry: Registry; readonly announce?: boolean}): Promise<OpenRace> {
	await checkOutDir(config.out, signal);
	const ca = config.client.cacertFile === undefined ? undefined : await loadCaFile(config.client.cacertFile);
	// Generating the server's images takes about a second: say so rather than show a blank screen.
	const starting = announce && config.url === undefined && config.urlsFile === undefined;
	// On stderr, as every note is: stdout carries results only.
	if (starting) {
		writeStderr(`imgrace: starting the embedded image server${glyphs.ellipsis}`);
	}

	const source = await resolveSource(config, signal);
	if (starting) {
		writeStderr('\r\u001B[2K');
	}

	const shared = source.server?.onRaceThread;
	if (shared !== undefined) {
		writeStderr(`imgrace: no room for the image server's own thread (${shared}): it runs on the race's thread, where its work competes with the runs that download there\n`);
	}

	return {
		runner: bindRunner(config, {urls: source.urls, ca, signal, registry}),
		source,
		async close() {
			await source.server?.close();
		},
	};
}
