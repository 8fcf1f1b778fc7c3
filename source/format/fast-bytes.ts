import {formatBytes, roundedAsShown} from './format.js';
import {glyphs} from './glyphs.js';

const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * formatBytes ("12.3 kB": decimal units, one fraction digit, rounded) without Intl: rows format
 * bytes and speeds for every row in flight on every frame, and Number#toLocaleString costs tens of
 * microseconds a call. Same text as formatBytes (the tests compare them); anything unusual (below
 * 1 byte, huge, non-finite) goes to formatBytes.
 */
export function formatBytesFast(exact: number): string {
	if (!(exact >= 1 && exact < 1e18)) {
		return formatBytes(exact);
	}

	// A whole number of tenths of its unit: the digits below are then the rounded ones.
	const bytes = roundedAsShown(exact);
	let exponent = Math.min(Math.floor(Math.log10(bytes) / 3), units.length - 1);
	let scaled = bytes / (1000 ** exponent);
	if (scaled < 1 && exponent > 0) {
		scaled *= 1000;
		exponent -= 1;
	}

	const text = String(scaled);
	if (text.includes('e')) {
		return formatBytes(bytes);
	}

	const point = text.indexOf('.');
	const digits = point === -1 || text[point + 1] === '0' ? (point === -1 ? text : text.slice(0, point)) : text.slice(0, point + 2);
	return `${digits} ${units[exponent]!}`;
}

/** formatSpeed without Intl, as formatBytesFast. */
export function formatSpeedFast(bytesPerSecond: number): string {
	if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) {
		return glyphs.missing;
	}

	return `${formatBytesFast(bytesPerSecond)}/s`;
}
