import type {RaceConfig} from '../config/race-config.js';
import {loadUrlList} from '../config/url-file.js';
import {formatBytes, formatLatency} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import {displayText} from '../format/safe-text.js';
// Not through image-server.js: that would load the server and its painting on this thread too.
import {imageUrl} from '../server/image-url.js';
import {startServerThread, type ServerHandle} from './server-thread.js';

/** Where a race's images come from: a --urls list, --url N times, or the embedded server. */
export type ImageSource = {
	readonly urls: string[];
	/** The embedded server, when it serves them: closed when the race ends. */
	readonly server: ServerHandle | undefined;
	/** One line for the note on stderr. */
	readonly description: string;
};

/** The embedded server of a race, starting. */
export type PendingServer = {
	/** Resolves once it listens with the race's pictures painted; rejects as startServerThread does. */
	readonly started: Promise<ServerHandle>;
	/** Stops it, starting or listening: for a race that ends before it used it. */
	stop(): Promise<void>;
};

/**
 * Start the race's embedded server (none for --url or --urls). The CLI calls this as soon as the flags are
 * parsed, so the server's thread boots and paints while this one loads the race's code.
 */
export function startEmbeddedServer(config: RaceConfig): PendingServer | undefined {
	if (config.url !== undefined || config.urlsFile !== undefined) {
		return undefined;
	}

	const stopping = new AbortController();
	// Only the race's pictures are painted before it starts (all of them: no run may wait for painting).
	const started = startServerThread({...config.server, port: 0, readyImages: raceImages(config)}, stopping.signal);
	// Awaited later, maybe not at all when the race fails first: a failure until then is not unhandled.
	started.catch(() => undefined);
	return {
		started,
		async stop() {
			stopping.abort();
			await started.then(async server => server.close(), () => undefined);
		},
	};
}

/** The source of a race's images: the --urls list read, or the embedded server (`pending`, else started now) up. */
export async function resolveSource(config: RaceConfig, signal: AbortSignal, pending = startEmbeddedServer(config)): Promise<ImageSource> {
	if (config.urlsFile !== undefined) {
		const urls = await loadUrlList(config.urlsFile, signal);
		return {urls, server: undefined, description: `${plural(urls.length, 'URL')} from ${config.urlsFile === '-' ? 'stdin' : displayText(config.urlsFile)}`};
	}

	if (config.url !== undefined) {
		return {urls: Array.from({length: config.count}, () => config.url!), server: undefined, description: `${displayText(config.url)} ${glyphs.times}${config.count}`};
	}

	const server = await pending!.started;
	const urls = raceImages(config).map(index => imageUrl(server.url, index));
	const {server: settings} = config;
	const bandwidth = settings.bandwidth > 0 ? `${formatBytes(settings.bandwidth)}/s per connection` : 'unthrottled';
	return {urls, server, description: `embedded server ${server.url} (latency ${formatLatency(settings.latencyMs, settings.jitterMs)}, ${bandwidth})`};
}

/** The embedded server's image numbers a race downloads, in order. */
function raceImages(config: RaceConfig): number[] {
	return Array.from({length: config.count}, (_, index) => index);
}
