import {defaults} from '../defaults.js';
import {maxSize as maxServedBytes} from '../server/faults.js';
import {flagReader, type FlagReader} from './flag-reader.js';
import {parseClientFlags} from './http-flags.js';
import type {Registry} from '../strategies/registry.js';
import {refuseServerFlags} from './server-flags.js';
import type {Mode, RaceConfig, RawFlags, ServeConfig, ServerSettings} from './race-config.js';
import {maxCount, parseHttpUrl} from './url-list.js';
import {UsageError} from './usage-error.js';
import type {DownloadSettings, WorkSettings} from '../engine/run-spec.js';
import {lookupWork} from '../work/works.js';

/**
 * Turn raw CLI flag values into a validated configuration, unset flags taken from source/defaults.ts.
 * Pure: file and folder checks live in url-file.ts, ca-file.ts and out-folder.ts. Every problem is a
 * UsageError naming the flag and the value, one line.
 */

/**
 * The smallest --size the embedded server can fill with a valid image, with room to spare: its JPEG and
 * PNG need up to 673 bytes (the worst of seeds 0-199); below that every image would fail to be made.
 */
export const minServedBytes = 1000;

function serverSettings(read: FlagReader): ServerSettings {
	return {
		latencyMs: read.milliseconds('latency', defaults.latencyMs),
		jitterMs: read.milliseconds('jitter', defaults.jitterMs),
		bandwidth: read.size('bandwidth', defaults.bandwidth, {allowZero: true}),
		linkBandwidth: read.size('link-bandwidth', defaults.linkBandwidth, {allowZero: true}),
		seed: read.integer('seed', defaults.seed, 0, 2 ** 31),
		imageBytes: read.text('size') === undefined ? undefined : read.size('size', 0, {min: minServedBytes, max: maxServedBytes}),
	};
}

function workSettings(read: FlagReader): WorkSettings {
	const found = lookupWork(read.text('work') ?? defaults.work);
	if (!found.ok) {
		throw new UsageError(found.message);
	}

	const size = read.integer('thumb-size', defaults.thumbSize, 1, 4096);
	const repeat = read.integer('thumb-repeat', defaults.thumbRepeat, 1, 1000);
	if (found.work.name === 'download') {
		for (const name of ['thumb-size', 'thumb-repeat'] as const) {
			if (read.text(name) !== undefined) {
				throw new UsageError(`--${name} goes with --work thumbnail`);
			}
		}

		return {name: 'download'};
	}

	return {name: 'thumbnail', size, repeat};
}

/** `imageBytes`: the embedded server's --size (undefined with --url/--urls, where --size is refused). */
function downloadSettings(read: FlagReader, imageBytes: number | undefined): DownloadSettings {
	return {
		retries: read.integer('retries', defaults.retries, 0, 20),
		idleTimeoutMs: read.seconds('timeout', defaults.idleTimeoutMs),
		maxTimeMs: read.seconds('max-time', defaults.maxTimeMs),
		maxSize: maxSizeFor(read, imageBytes),
		keepAlive: read.toggle('keep-alive') ?? defaults.keepAlive,
		maxRetryDelayMs: defaults.maxRetryDelayMs,
	};
}

/** The race's configuration; --mode names the strategies of `registry`. */
export function parseRaceConfig(flags: RawFlags, registry: Registry): RaceConfig {
	const read = flagReader(flags);
	let mode: Mode;
	try {
		mode = registry.parseModes(read.text('mode') ?? defaults.mode);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}

	const url = read.text('url');
	const urlsFile = read.text('urls');
	if (url !== undefined && urlsFile !== undefined) {
		throw new UsageError('give either --url or --urls, not both');
	}

	if (url !== undefined || urlsFile !== undefined) {
		refuseServerFlags(flags, url === undefined ? '--urls' : '--url');
	}

	if (urlsFile !== undefined && read.text('count') !== undefined) {
		throw new UsageError('--count does not go with --urls: the file decides how many images');
	}

	const out = read.text('out') ?? defaults.out;
	if (out.trim() === '') {
		throw new UsageError('--out needs a folder name');
	}

	const server = serverSettings(read);
	return {
		count: read.integer('count', defaults.count, 1, maxCount),
		asked: read.integer('concurrency', defaults.concurrency, 1, 10_000),
		url: url === undefined ? undefined : parseHttpUrl(url, '--url'),
		urlsFile,
		out,
		mode,
		json: read.toggle('json') === true,
		download: downloadSettings(read, server.imageBytes),
		client: parseClientFlags(read),
		work: workSettings(read),
		server,
	};
}

/**
 * --max-size, measured against the embedded server's --size: images of a size the user asked for are
 * never refused by a limit they did not set (the default rises to fit them), and a limit they set
 * below it is a usage error rather than a race in which every image fails.
 */
function maxSizeFor(read: FlagReader, imageBytes: number | undefined): number {
	const given = read.text('max-size');
	const maxSize = read.size('max-size', defaults.maxSize);
	if (imageBytes === undefined || imageBytes <= maxSize) {
		return maxSize;
	}

	if (given === undefined) {
		return imageBytes;
	}

	throw new UsageError(`--size ${read.text('size')!} is larger than --max-size ${given}: every image would be refused (raise --max-size or lower --size)`);
}

export function parseServeConfig(flags: RawFlags): ServeConfig {
	const read = flagReader(flags);
	return {
		port: read.integer('port', defaults.port, 0, 65_535),
		server: serverSettings(read),
	};
}
