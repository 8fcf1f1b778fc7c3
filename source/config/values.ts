import {UsageError} from './usage-error.js';

/**
 * One flag value, text to number: each parser names the flag and the value in its UsageError, and
 * returns the fallback when the flag was not given.
 */

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

/** The longest wait any duration flag takes: a day. */
export const maxSeconds = 86_400;

/** Seconds (decimals allowed) > 0 and at most a day, returned as milliseconds. */
export function parseSeconds(flag: string, value: string | undefined, fallbackMs: number): number {
	if (value === undefined) {
		return fallbackMs;
	}

	const seconds = Number(value.trim());
	if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
		throw new UsageError(`--${flag} must be a number of seconds greater than 0, got '${value}'`);
	}

	if (seconds > maxSeconds) {
		throw new UsageError(`--${flag} must be at most ${maxSeconds.toLocaleString('en-US')} seconds (one day), got '${value}'`);
	}

	const ms = Math.round(seconds * 1000);
	// Timers count whole milliseconds: 0.0001 would silently become no time at all.
	if (ms < 1) {
		throw new UsageError(`--${flag} must be at least 0.001 seconds (1 ms), got '${value}'`);
	}

	return ms;
}

/** Milliseconds ≥ 0. */
export function parseMilliseconds(flag: string, value: string | undefined, fallback: number): number {
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

export type SizeLimits = {readonly allowZero?: boolean; readonly min?: number; readonly max?: number};

/** "250KB", "1.5MB", "1MiB", "200000" → bytes (decimal units, like the output). `/s` is allowed for rates. */
export function parseSize(flag: string, value: string | undefined, fallback: number, {allowZero = false, min = 0, max = Number.MAX_SAFE_INTEGER}: SizeLimits = {}): number {
	if (value === undefined) {
		return fallback;
	}

	// A sign is read so that "-5MB" is told it must be positive, not that it is no size.
	const match = /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)(?:\/s)?\s*$/i.exec(value);
	const multiplier = match ? units[match[2]!.toLowerCase()] : undefined;
	if (!match || multiplier === undefined) {
		throw new UsageError(`--${flag} must be a size like 500KB or 2MB, got '${value}'`);
	}

	const bytes = Math.round(Number(match[1]) * multiplier);
	if (bytes < 0 || (!allowZero && bytes === 0)) {
		throw new UsageError(`--${flag} must be ${allowZero ? '0 or more' : 'greater than 0'}, got '${value}'`);
	}

	if (bytes < min) {
		throw new UsageError(`--${flag} must be at least ${min.toLocaleString('en-US')} bytes, got '${value}'`);
	}

	if (bytes > max) {
		throw new UsageError(`--${flag} must be at most ${max.toLocaleString('en-US')} bytes, got '${value}'`);
	}

	return bytes;
}
