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

export async function resolveSource(config: RaceConfig, signal: AbortSignal): Promise<ImageSource> {
	if (config.urlsFile !== undefined) {
		const urls = await loadUrlList(config.urlsFile, signal);
		return {urls, server: undefined, description: `${plural(urls.length, 'URL')} from ${config.urlsFile === '-' ? 'stdin' : displayText(config.urlsFile)}`};
	}

	if (config.url !== undefined) {
		return {urls: Array.from({length: config.count}, () => config.url!), server: undefined, description: `${displayText(config.url)} ${glyphs.times}${config.count}`};
	}

	const {server: settings} = config;
	const images = Array.from({length: config.count}, (_, index) => index);
	// Only the race's pictures are painted before it starts (all of them: no run may wait for painting).
	const server = await startServerThread({...settings, port: 0, readyImages: images});
	const urls = images.map(index => imageUrl(server.url, index));
	const bandwidth = settings.bandwidth > 0 ? `${formatBytes(settings.bandwidth)}/s per connection` : 'unthrottled';
	return {urls, server, description: `embedded server ${server.url} (latency ${formatLatency(settings.latencyMs, settings.jitterMs)}, ${bandwidth})`};
}
