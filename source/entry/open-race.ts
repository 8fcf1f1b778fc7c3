import {loadCaFile} from '../config/ca-file.js';
import {checkOutDir} from '../config/out-folder.js';
import type {RaceConfig} from '../config/race-config.js';
import type {Runner} from '../engine/run-spec.js';
import type {Registry} from '../strategies/registry.js';
import {glyphs} from '../format/glyphs.js';
import {writeStderr} from '../output/stdout.js';
import {bindRunner, loadRunCode} from './bind-runner.js';
import {resolveSource, type ImageSource, type PendingServer} from './image-source.js';

export type OpenRace = {
	readonly runner: Runner;
	readonly source: ImageSource;
	/** Stops the embedded server, if one was started; call it however the race ended. */
	close(): Promise<void>;
};

export type OpenOptions = {
	readonly signal: AbortSignal;
	readonly registry: Registry;
	/** Say on stderr that the embedded server is starting (the live UI has nothing to show until then). */
	readonly announce?: boolean;
	/** The embedded server, if the caller started it already (startEmbeddedServer); else it starts here. */
	readonly server?: PendingServer | undefined;
};

/**
 * Everything a race needs before its first run, checked before anything downloads: --out usable,
 * --cacert readable, the image source up (the --urls list read, or the embedded server started), the
 * runner bound. The CLI and the benchmark's worker both start here.
 */
export async function openRace(config: RaceConfig, {signal, registry, announce = false, server}: OpenOptions): Promise<OpenRace> {
	await checkOutDir(config.out, signal);
	const ca = config.client.cacertFile === undefined ? undefined : await loadCaFile(config.client.cacertFile);
	// Painting the race's pictures can take a second on a loaded machine: say so rather than show a blank screen.
	const starting = announce && config.url === undefined && config.urlsFile === undefined;
	// On stderr, as every note is: stdout carries results only.
	if (starting) {
		writeStderr(`imgrace: starting the embedded image server${glyphs.ellipsis}`);
	}

	// The server's thread starts first; then this thread loads the runs' code (got alone: 60-90 ms, 250 ms
	// under load, and an import blocks this thread while it reads and compiles) while that one paints.
	const sourcing = resolveSource(config, signal, server);
	const loading = loadRunCode(config, registry);
	const source = await sourcing;
	await loading;
	if (starting) {
		writeStderr('\r\u001B[2K');
	}

	return {
		runner: bindRunner(config, {urls: source.urls, ca, signal, registry}),
		source,
		async close() {
			await source.server?.close();
		},
	};
}
