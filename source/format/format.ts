import prettyBytes from 'pretty-bytes';
import prettyMilliseconds from 'pretty-ms';
import {glyphs, type Glyphs} from './glyphs.js';

/** "1.23 MB" (decimal units, like the server's --bandwidth). */
export function formatBytes(bytes: number): string {
	return prettyBytes(bytes, {maximumFractionDigits: 1});
}

/** "340ms", "4.2s", "1m 3s". */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) {
		return glyphs.missing;
	}

	if (ms < 1000) {
		return `${Math.round(ms)}ms`;
	}

	return prettyMilliseconds(ms, {secondsDecimalDigits: ms < 10_000 ? 2 : 1, keepDecimalsOnWholeSeconds: true});
}

/** Numbers of one line in one unit: `number` writes a value without it, `unit` follows the last. */
export type DurationScale = {readonly number: (ms: number) => string; readonly unit: string};

/**
 * One unit for all the numbers of a line, chosen from the mean as formatDuration chooses it (ms below
 * a second, 2 decimals below 10 s, 1 below a minute) and written as it writes it ("1.23s", "341ms"),
 * so mean, σ, min and max read side by side and beside any other duration imgrace prints. From a
 * minute on, formatDuration's own "1m 3.2s" for each number.
 */
export function durationScale(meanMs: number): DurationScale {
	if (!Number.isFinite(meanMs) || meanMs >= 60_000) {
		return {number: ms => formatDuration(ms), unit: ''};
	}

	if (meanMs < 1000) {
		return {number: ms => Math.round(ms).toString(), unit: 'ms'};
	}

	const decimals = meanMs < 10_000 ? 2 : 1;
	return {number: ms => (ms / 1000).toFixed(decimals), unit: 's'};
}

/** Bytes per second as "1.2 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
	if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) {
		return glyphs.missing;
	}

	return `${prettyBytes(bytesPerSecond, {maximumFractionDigits: 1})}/s`;
}

/** "8.2×". */
export function formatRatio(ratio: number, digits = 1): string {
	return Number.isFinite(ratio) ? `${ratio.toFixed(digits)}${glyphs.times}` : glyphs.missing;
}

/**
 * The embedded server's wait before the headers, as it is drawn: "350±50ms", "50ms" without jitter,
 * and with a jitter above the latency the range it really is ("0–70ms" for 20±50: a wait is never
 * below 0, see server/routes.ts responseDelay).
 */
export function formatLatency(latencyMs: number, jitterMs: number, set: Glyphs = glyphs): string {
	if (jitterMs <= 0) {
		return `${latencyMs}ms`;
	}

	return jitterMs > latencyMs ? `0${set.range}${latencyMs + jitterMs}ms` : `${latencyMs}${set.plusMinus}${jitterMs}ms`;
}
