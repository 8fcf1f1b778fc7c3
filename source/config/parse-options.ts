import {validateHeaderName, validateHeaderValue} from 'node:http';
import {displayText} from '../format/safe-text.js';
import {maxSize as maxServedBytes} from '../server/faults.js';
import {parseModes} from '../strategies/registry.js';
import type {StrategyName} from '../strategies/types.js';

/**
 * Turn raw CLI flag values into a validated configuration. Pure: file and folder checks live in
 * check-inputs.ts. Every problem is a UsageError naming the flag and the value, one line.
 */

export class UsageError extends Error {
	override name = 'UsageError';
	readonly code = 'ERR_IMGRACE_USAGE';
}

/** The strategies to run, in order (--mode, read by parseModes in the registry). */
export type Mode = readonly StrategyName[];

export type ServerSettings = {
	readonly latencyMs: number;
	readonly jitterMs: number;
	readonly bandwidth: number;
	readonly linkBandwidth: number;
	readonly seed: number;
	readonly imageBytes: number | undefined;
};

export type RaceConfig = {
	readonly count: number;
	/** 0 = one slot per image. */
	readonly concurrency: number;
	readonly url: string | undefined;
	readonly urlsFile: string | undefined;
	readonly out: string;
	readonly mode: Mode;
	readonly json: boolean;
	readonly retries: number;
	readonly idleTimeoutMs: number;
	readonly maxTimeMs: number;
	readonly maxSize: number;
	readonly keepAlive: boolean;
	readonly http: HttpFlags;
	readonly server: ServerSettings;
};

/** What the race sends and trusts: -H, --user-agent, --insecure, --cacert (read by check-inputs.ts). */
export type HttpFlags = {
	/** By header name as typed; a name given twice is sent twice, in order. */
	readonly headers: Readonly<Record<string, readonly string[]>>;
	readonly userAgent: string | undefined;
	readonly insecure: boolean;
	readonly cacertFile: string | undefined;
};

export type ServeConfig = {
	readonly port: number;
	readonly server: ServerSettings;
};

/**
 * Raw flag values by long flag name (`max-size`, `keep-alive`), numbers still strings, each given at most
 * once (source/config/argv.ts refuses repeats) except the repeatable ones (-H), which come as a list.
 */
export type RawFlags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export const maxCount = 100_000;

/** The one place defaults live: parsing falls back to them and the help text prints them. */
export const defaults = {
	count: 10,
	/** 0 = one slot per image. */
	concurrency: 0,
	out: 'images',
	mode: 'both',
	retries: 2,
	idleTimeoutMs: 10_000,
	maxTimeMs: 60_000,
	maxSize: 50_000_000,
	latencyMs: 350,
	jitterMs: 50,
	bandwidth: 1_000_000,
	/** 0 = unlimited. */
	linkBandwidth: 0,
	seed: 1,
	/** 0 = any free port. */
	port: 0,
} as const satisfies Partial<Record<keyof RaceConfig | keyof ServerSettings | keyof ServeConfig, number | string>>;

function text(flags: RawFlags, name: string): string | undefined {
	const value = flags[name];
	if (typeof value === 'boolean') {
		throw new UsageError(`--${name} needs a value`);
	}

	if (typeof value === 'object') {
		throw new UsageError(`--${name} was given more than once; give it once`);
	}

	return value;
}

function list(flags: RawFlags, name: string): readonly string[] {
	const value = flags[name];
	if (value === undefined) {
		return [];
	}

	if (typeof value === 'boolean') {
		throw new UsageError(`--${name} needs a value`);
	}

	return typeof value === 'string' ? [value] : value;
}

/**
 * curl's `-H 'Name: value'`: a header name (an HTTP token), a colon, a value (spaces around it
 * dropped, empty allowed). Node's own header checks decide what is valid, so nothing is refused here
 * that Node would send, or accepted that it would throw on mid-race.
 */
export function parseHeaders(values: readonly string[]): Record<string, string[]> {
	const headers: Record<string, string[]> = {};
	for (const raw of values) {
		const colon = raw.indexOf(':');
		const name = colon === -1 ? '' : raw.slice(0, colon).trim();
		const value = colon === -1 ? '' : raw.slice(colon + 1).trim();
		const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);
		if (colon === -1 || name === '') {
			throw new UsageError(`--header ${shown}: want 'Name: value'`);
		}

		try {
			validateHeaderName(name);
		} catch {
			throw new UsageError(`--header ${shown}: '${JSON.stringify(name).slice(1, -1)}' is not a valid header name`);
		}

		try {
			validateHeaderValue(name, value);
		} catch {
			throw new UsageError(`--header ${shown}: the value has characters a header cannot carry`);
		}

		(headers[name] ??= []).push(value);
	}

	return headers;
}

function parseHttpFlags(flags: RawFlags): HttpFlags {
	const userAgent = text(flags, 'user-agent');
	if (userAgent !== undefined) {
		try {
			validateHeaderValue('user-agent', userAgent);
		} catch {
			throw new UsageError('--user-agent has characters a header cannot carry');
		}
	}

	const cacertFile = text(flags, 'cacert');
	if (cacertFile?.trim() === '') {
		throw new UsageError('--cacert needs a file name');
	}

	return {headers: parseHeaders(list(flags, 'header')), userAgent, insecure: flags['insecure'] === true, cacertFile};
}

/** A whole number in [min, max]; the message names the flag and the value. */
export function parseInteger(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
	if (value === undefined) {
		return fallback;
	}

	const trimmed = value.trim();
	if (!/^[+-]?\d+$/.test(trimmed)) {
		throw new UsageError(`--${flag} must be a whole number, got '${value}'`);
	}

	const number = Number(trimmed);
	if (number < min || number > max) {
		throw new UsageError(`--${flag} must be between ${min} and ${max.toLocaleString('en-US')}, got ${number}`);
	}

	return number;
}

/** Seconds (decimals allowed) > 0, returned as milliseconds. */
export function parseSeconds(flag: string, value: string | undefined, fallbackMs: number): number {
	if (value === undefined) {
		return fallbackMs;
	}

	const seconds = Number(value.trim());
	if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
		throw new UsageError(`--${flag} must be a number of seconds greater than 0, got '${value}'`);
	}

	const ms = Math.round(seconds * 1000);
	// Timers count whole milliseconds: 0.0001 would silently become no time at all.
	if (ms < 1) {
		throw new UsageError(`--${flag} must be at least 0.001 seconds (1 ms), got '${value}'`);
	}

	return ms;
}

/** Milliseconds ≥ 0. */
function parseMilliseconds(flag: string, value: string | undefined, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}

	const ms = Number(value.trim());
	if (value.trim() === '' || !Number.isFinite(ms) || ms < 0 || ms > 600_000) {
		throw new UsageError(`--${flag} must be milliseconds between 0 and 600000, got '${value}'`);
	}

	return ms;
}

const units: Record<string, number> = {'': 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3};

/** "250KB", "1.5MB", "1MiB", "200000" → bytes (decimal units, like the output). `/s` is allowed for rates. */
export function parseSize(flag: string, value: string | undefined, fallback: number, {allowZero = false, max = Number.MAX_SAFE_INTEGER} = {}): number {
	if (value === undefined) {
		return fallback;
	}

	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)(?:\/s)?\s*$/i.exec(value);
	const multiplier = match ? units[match[2]!.toLowerCase()] : undefined;
	if (!match || multiplier === undefined) {
		throw new UsageError(`--${flag} must be a size like 500KB or 2MB, got '${value}'`);
	}

	const bytes = Math.round(Number(match[1]) * multiplier);
	if (bytes < 0 || (!allowZero && bytes === 0)) {
		throw new UsageError(`--${flag} must be greater than 0, got '${value}'`);
	}

	if (bytes > max) {
		throw new UsageError(`--${flag} must be at most ${max.toLocaleString('en-US')} bytes, got '${value}'`);
	}

	return bytes;
}

/** http(s) URLs only: anything else (file:, ftp:, javascript:) is refused before any request. */
export function parseHttpUrl(value: string, where: string): string {
	// A line of a binary file can be megabytes of anything: shown cut, escaped and without its password.
	const shown = displayText(value, 100);
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		throw new UsageError(`${where}: '${shown}' is not a valid URL`);
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UsageError(`${where}: '${shown}' uses ${displayText(url.protocol.replace(/:$/, ''), 20)}:, only http and https are supported`);
	}

	if (url.hostname === '') {
		throw new UsageError(`${where}: '${shown}' has no host`);
	}

	return url.href;
}

export function parseServerSettings(flags: RawFlags): ServerSettings {
	return {
		latencyMs: parseMilliseconds('latency', text(flags, 'latency'), defaults.latencyMs),
		jitterMs: parseMilliseconds('jitter', text(flags, 'jitter'), defaults.jitterMs),
		bandwidth: parseSize('bandwidth', text(flags, 'bandwidth'), defaults.bandwidth, {allowZero: true}),
		linkBandwidth: parseSize('link-bandwidth', text(flags, 'link-bandwidth'), defaults.linkBandwidth, {allowZero: true}),
		seed: parseInteger('seed', text(flags, 'seed'), defaults.seed, 0, 2 ** 31),
		imageBytes: text(flags, 'size') === undefined ? undefined : parseSize('size', text(flags, 'size'), 0, {max: maxServedBytes}),
	};
}

export function parseRaceConfig(flags: RawFlags): RaceConfig {
	let mode: Mode;
	try {
		mode = parseModes(text(flags, 'mode') ?? defaults.mode);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}

	const url = text(flags, 'url');
	const urlsFile = text(flags, 'urls');
	if (url !== undefined && urlsFile !== undefined) {
		throw new UsageError('give either --url or --urls, not both');
	}

	if (urlsFile !== undefined && text(flags, 'count') !== undefined) {
		throw new UsageError('--count does not go with --urls: the file decides how many images');
	}

	const out = text(flags, 'out') ?? defaults.out;
	if (out.trim() === '') {
		throw new UsageError('--out needs a folder name');
	}

	return {
		count: parseInteger('count', text(flags, 'count'), defaults.count, 1, maxCount),
		concurrency: parseInteger('concurrency', text(flags, 'concurrency'), defaults.concurrency, 1, 10_000),
		url: url === undefined ? undefined : parseHttpUrl(url, '--url'),
		urlsFile,
		out,
		mode,
		json: flags['json'] === true,
		retries: parseInteger('retries', text(flags, 'retries'), defaults.retries, 0, 20),
		idleTimeoutMs: parseSeconds('timeout', text(flags, 'timeout'), defaults.idleTimeoutMs),
		maxTimeMs: parseSeconds('max-time', text(flags, 'max-time'), defaults.maxTimeMs),
		maxSize: parseSize('max-size', text(flags, 'max-size'), defaults.maxSize),
		keepAlive: flags['keep-alive'] !== false,
		http: parseHttpFlags(flags),
		server: parseServerSettings(flags),
	};
}

export function parseServeConfig(flags: RawFlags): ServeConfig {
	return {
		port: parseInteger('port', text(flags, 'port'), defaults.port, 0, 65_535),
		server: parseServerSettings(flags),
	};
}

/**
 * Parse the text of a --urls file: one URL a line, blank lines and # comments skipped. Every bad line
 * is reported with its line number (all of them at once, so a user fixes the file in one go).
 */
const maxProblemLines = 10;

export function parseUrlList(content: string, file: string): string[] {
	const urls: string[] = [];
	const problems: string[] = [];
	for (const [number, raw] of content.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}

		try {
			urls.push(parseHttpUrl(line, `${file}:${number + 1}`));
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	if (problems.length > 0) {
		// All at once, so a file is fixed in one go, but not ten thousand lines for a file that is no list.
		const shown = problems.slice(0, maxProblemLines);
		if (problems.length > maxProblemLines) {
			shown.push(`${file}: ${(problems.length - maxProblemLines).toLocaleString('en-US')} more bad lines`);
		}

		throw new UsageError(shown.join('\n'));
	}

	if (urls.length === 0) {
		throw new UsageError(`--urls ${file}: no URLs in the file (blank lines and # comments are skipped)`);
	}

	if (urls.length > maxCount) {
		throw new UsageError(`--urls ${file}: ${urls.length} URLs, at most ${maxCount.toLocaleString('en-US')} are supported`);
	}

	return urls;
}
