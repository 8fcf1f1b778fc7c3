import {glyphs} from '../format/glyphs.js';
import {maxSize} from './faults.js';
import {serverDefaults} from './server-defaults.js';

/** Every option falls back to `serverDefaults` when left out or `undefined`. */
export type ImageServerOptions = {
	/** 0 = ephemeral. The host is always 127.0.0.1. */
	port?: number;
	/** Delay before the response headers, per request. */
	latencyMs?: number;
	/** Latency is uniform in [latency - jitter, latency + jitter], never < 0. */
	jitterMs?: number;
	/** Bytes/second per connection (decimal: 1 MB/s = 1_000_000); 0 = unlimited. */
	bandwidth?: number;
	/** Bytes/second shared by all responses together; 0 = unlimited. */
	linkBandwidth?: number;
	/** Makes /image/<n> deterministic. */
	seed?: number;
	/** If set, every image body is exactly this many bytes (still a valid image); by default sizes vary. */
	imageBytes?: number;
	/**
	 * The images (n of `imageUrl(base, n)`) painted before the server listens, so that none of their requests
	 * waits for painting; any other picture is painted at its first request. Left out: the whole pool.
	 */
	readyImages?: readonly number[];
};

/** What the server serves; `readyImages` only says when it paints, so it is not part of them. */
export type ServerSettings = Required<Omit<ImageServerOptions, 'imageBytes' | 'readyImages'>> & {imageBytes: number | undefined};

/** The options with defaults filled in. @throws RangeError naming the first option that is out of range. */
export function resolveOptions({readyImages, ...options}: ImageServerOptions): ServerSettings {
	const settings = {...serverDefaults, ...definedOnly(options), imageBytes: options.imageBytes};
	const check = (name: keyof typeof options, valid: boolean, expected: string) => {
		if (!valid) {
			throw new RangeError(`startImageServer: ${name} must be ${expected}, got ${String(options[name])}`);
		}
	};

	check('port', Number.isInteger(settings.port) && settings.port >= 0 && settings.port <= 65_535, 'an integer from 0 to 65535');
	for (const name of ['latencyMs', 'jitterMs', 'bandwidth', 'linkBandwidth'] as const) {
		check(name, Number.isFinite(settings[name]) && settings[name] >= 0, `a finite number ${glyphs.atLeast} 0`);
	}

	check('seed', Number.isSafeInteger(settings.seed), 'a safe integer');
	check('imageBytes', settings.imageBytes === undefined || (Number.isSafeInteger(settings.imageBytes) && settings.imageBytes > 0 && settings.imageBytes <= maxSize), `an integer from 1 to ${maxSize}`);
	if (readyImages !== undefined && !readyImages.every(index => Number.isSafeInteger(index) && index >= 0)) {
		throw new RangeError('startImageServer: readyImages must be non-negative integers');
	}

	return settings;
}

/** Drops explicit `undefined`s, so `{latencyMs: undefined}` means "default" as callers expect. */
function definedOnly<T extends object>(object: T): Partial<T> {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
