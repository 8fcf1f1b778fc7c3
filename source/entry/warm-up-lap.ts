import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {getProxyForUrl} from 'proxy-from-env';
import type {RaceConfig} from '../config/race-config.js';
import {warmUp} from '../engine/warm-up.js';
import {startLapServer} from '../server/lap-server.js';
import {imageWork} from '../work/image-work.js';
import {clientSettings} from './bind-runner.js';
import type {ImageSource} from './image-source.js';

/**
 * Images of the lap, and how many at once: enough for V8 to compile and optimise what a run calls per
 * image and per read (12 left the first of `--mode sequential,parallel -c 1` at 1.2-1.6× the second on
 * a fast server, either way round; 48, within the runs' own spread). With thumbnail work, fewer, each
 * made once: a thumbnail's own repeats warm its code within a run's first image.
 */
const lapImages = {download: 48, thumbnail: 4} as const;
const lapSlots = 3;

/**
 * The lap's URLs: the race's own from the embedded server, its latency and pacing turned off for them,
 * so that its thread warms up too (its cold start weighed on the first run as much as this thread's);
 * else a private server's, so that the lap never reaches a server the user named.
 */
async function lapUrls(source: ImageSource, count: number): Promise<{urls: string[]; close(): Promise<void>}> {
	if (source.server !== undefined && source.urls.length > 0) {
		const urls = Array.from({length: count}, (_, index) => {
			const url = new URL(source.urls[index % source.urls.length]!);
			for (const [name, value] of [['latency', '0'], ['jitter', '0'], ['bandwidth', '0']] as const) {
				url.searchParams.set(name, value);
			}

			return url.href;
		});
		return {urls, async close() {}};
	}

	const server = await startLapServer();
	return {urls: server.urls(count), close: async () => server.close()};
}

/**
 * Before a race's first run: the race's client, download settings and work run over a few pictures,
 * off every clock, and thrown away. Without it the first strategy of a race paid for the cold start of
 * this thread (and of the embedded server's) alone: on a fast server, `--mode sequential,parallel -c 1`
 * called parallel×1 2.1× faster than sequential, and swapping the order swapped the verdict. A worker
 * still starts cold: that is part of what a thread or a process costs. No lap when a proxy would carry
 * its requests (they are not the proxy's to see); one that fails changes nothing. Resolves to the
 * number of images it saved.
 */
export async function warmUpLap(config: RaceConfig, ca: string | undefined, source: ImageSource, signal: AbortSignal): Promise<number> {
	const work = config.work.name === 'thumbnail' ? {...config.work, repeat: 1} : config.work;
	if (signal.aborted) {
		return 0;
	}

	const lap = await lapUrls(source, lapImages[work.name]);
	const folder = await mkdtemp(path.join(os.tmpdir(), 'imgrace-warm-up-'));
	try {
		if (getProxyForUrl(lap.urls[0]!) === '') {
			return await warmUp({urls: lap.urls, folder, client: clientSettings(config.client, ca), download: {...config.download, retries: 0}, work}, lapSlots, signal, imageWork(work));
		}
	} catch {
		// The runs meet whatever made it fail, and say so.
	} finally {
		await lap.close();
		await rm(folder, {recursive: true, force: true});
	}

	return 0;
}
