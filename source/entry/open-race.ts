import {loadCaFile} from '../config/ca-file.js';
import {checkExportTargets} from '../config/export-targets.js';
import {checkOutDir} from '../config/out-folder.js';
import {checkProxyEnv} from '../config/proxy-env.js';
import type {RaceConfig} from '../config/race-config.js';
import type {ExportTargets} from '../config/show-options.js';
import {stateFolderNote} from '../config/state-folder.js';
import {pruneManifests} from '../engine/manifest-pruning.js';
import type {Runner} from '../engine/run-spec.js';
import type {Registry} from '../strategies/registry.js';
import {glyphs} from '../format/glyphs.js';
import {writeStderr} from '../output/stdout.js';
import {bindRunner, loadRunCode} from './bind-runner.js';
import {resolveSource, type ImageSource, type PendingServer} from './image-source.js';
import {warmUpLap} from './warm-up-lap.js';

export type OpenRace = {
	readonly runner: Runner;
	readonly source: ImageSource;
	/**
	 * Stops the embedded server, if one was started, then tidies the state folder (manifest-pruning.ts)
	 * unless a signal ended the race; call it however the race ended.
	 */
	close(): Promise<void>;
};

export type OpenOptions = {
	readonly signal: AbortSignal;
	/** The strategies --mode names. */
	readonly registry: Registry;
	/** Say on stderr that the embedded server is starting (the live UI has nothing to show until then). */
	readonly announce?: boolean;
	/** Where the exports will go: each is checked now, not after the race. */
	readonly exports?: ExportTargets;
	/** The embedded server, if the caller started it already (startEmbeddedServer); else it starts here. */
	readonly server?: PendingServer | undefined;
};

/**
 * Everything a race needs before its first run, checked before anything downloads: --out usable, the
 * export targets writable, --cacert readable, the image source up (the --urls list read, or the
 * embedded server started), the proxy variables its URLs would use valid, the state folder usable (or a
 * note), the runner bound. The CLI and the benchmark's worker both start here.
 */
export async function openRace(config: RaceConfig, {signal, registry, announce = false, exports = {}, server}: OpenOptions): Promise<OpenRace> {
	await checkOutDir(config.out, signal);
	await checkExportTargets(exports, signal);
	const ca = config.client.cacertFile === undefined ? undefined : await loadCaFile(config.client.cacertFile, signal);
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
	const clearAnnouncement = () => {
		if (starting) {
			writeStderr('\r\u001B[2K');
		}
	};

	try {
		// Once the URLs are known: only the proxy variables they would use matter.
		checkProxyEnv(source.urls);
	} catch (error) {
		clearAnnouncement();
		await source.server?.close();
		throw error;
	}

	// Off every run's clock, once the race's URLs are known and checked (warm-up-lap.ts says why).
	await warmUpLap(config, ca, source, signal);
	clearAnnouncement();
	// After every check that can refuse the race: a note, then a usage error, would be two lines for one problem.
	const stateNote = await stateFolderNote(signal);
	if (stateNote !== undefined) {
		writeStderr(`imgrace: ${stateNote}\n`);
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
			if (!signal.aborted) {
				await pruneManifests();
			}
		},
	};
}
