import prettyBytes from 'pretty-bytes';
import prettyMilliseconds from 'pretty-ms';
import {glyphs, type Glyphs} from './glyphs.js';

/** "1.23 MB" (decimal units, like the server's --bandwidth). */
export function formatBytes(bytes: number): string {
	return prettyBytes(roundedAsShown(bytes), {maximumFractionDigits: 1});
}

/**
 * `bytes` rounded to the one decimal of the unit it is shown in: pretty-bytes cuts the fraction
 * (1,598 kB/s read "1.5 MB/s" beside a wall time and a byte count that make 1.6), where every other
 * figure on the screen is rounded. An integer number of tenths of the unit, so no float error shows.
 */
export function roundedAsShown(bytes: number): number {
	if (!Number.isFinite(bytes) || Math.abs(bytes) < 1000) {
		return bytes;
	}

	const scale = 1000 ** Math.min(8, Math.floor(Math.log10(Math.abs(bytes)) / 3));
	return (Math.round((bytes / scale) * 10) * scale) / 10;
}

/**
 * "340ms", "4.25s", "12.3s", "1m 3.2s": rounded to the last digit shown, as hyperfine rounds (pretty-ms
 * cuts: 1,176.9 ms was "1.17s" in a panel and "1.18s" in the range beside it).
 */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) {
		return glyphs.missing;
	}

	if (Math.round(ms / 100) >= 600) {
		return minutes(ms);
	}

	const {number, unit} = durationScale(ms);
	return `${number(ms)}${unit}`;
}

/** Numbers of one line in one unit: `number` writes a value without it, `unit` follows the last. */
export type DurationScale = {readonly number: (ms: number) => string; readonly unit: string};

/**
 * One unit for all the numbers of a line, chosen from the mean (ms below a second, 2 decimals below 10
 * s, 1 below a minute) and each number rounded in it ("1.23s", "341ms"), so mean, σ, min and max read
 * side by side and beside any other duration imgrace prints. A mean that rounds up to the next unit
 * takes it (999.6 ms is "1.00s", not "1000ms"). From a minute on, "1m 3.2s" for each number.
 */
export function durationScale(meanMs: number): DurationScale {
	if (!Number.isFinite(meanMs) || Math.round(meanMs / 100) >= 600) {
		return {number: formatDuration, unit: ''};
	}

	if (Math.round(meanMs) < 1000) {
		return {number: ms => Math.round(ms).toString(), unit: 'ms'};
	}

	const decimals = Math.round(meanMs / 10) < 1000 ? 2 : 1;
	return {number: ms => (ms / 1000).toFixed(decimals), unit: 's'};
}

/** "1m 3.2s": rounded to a tenth of a second first, which pretty-ms would cut. */
function minutes(ms: number): string {
	return prettyMilliseconds(Math.round(ms / 100) * 100, {secondsDecimalDigits: 1, keepDecimalsOnWholeSeconds: true});
}

/** Memory is measured in mebibytes (RSS over 1024²): peakRssMb in the JSON. */
const bytesPerMib = 1024 * 1024;

/** MiB as decimal megabytes, the unit of every size imgrace shows a person (1 MiB is 1.048576 MB). */
export function mibToMb(mib: number): number {
	return (mib * bytesPerMib) / 1_000_000;
}

/** "+1.9 MB", "+120 MB", "+7,744 MB": the memory a run took, measured in MiB, said in decimal MB beside the byte sizes. */
export function formatMemoryGrowth(mib: number): string {
	const mb = mibToMb(mib);
	return `+${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en-US')} MB`;
}

/** Bytes per second as "1.2 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
	if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) {
		return glyphs.missing;
	}

	return `${formatBytes(bytesPerSecond)}/s`;
}

/**
 * Decimals a ratio is said with: two below 2× (a 5% gap reads "1.05×", never rounded up to "1.1×"),
 * one below 10×, none from there. Rounding only ever meets at equal values (1.996 and 2.0 are
 * "2.00×" and "2.0×"), so a larger ratio never reads as a smaller one.
 */
export function ratioDigits(ratio: number): number {
	return ratio < 2 ? 2 : (ratio < 10 ? 1 : 0);
}

/** "1.05×", "8.2×", "12×": every ratio imgrace says, in ratioDigits' precision unless told. */
export function formatRatio(ratio: number, digits = ratioDigits(ratio)): string {
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
