import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatBytesFast, formatSpeedFast} from '../source/format/fast-bytes.js';
import {fitText} from '../source/format/fit-text.js';
import {durationScale, formatBytes, formatDuration, formatLatency, formatMemoryGrowth, formatRatio, formatSpeed, mibToMb} from '../source/format/format.js';
import {asciiGlyphs, chooseGlyphs, glyphs, localeIsUtf8, unicodeGlyphs} from '../source/format/glyphs.js';
import {barEmpty, barFull, progressBar, progressRatio} from '../source/format/progress-bar.js';
import {spinnerFrame, spinnerOf} from '../source/format/spinner.js';

test('formatBytes uses decimal units', () => {
	assert.equal(formatBytes(0), '0 B');
	assert.equal(formatBytes(999), '999 B');
	assert.equal(formatBytes(1234), '1.2 kB');
	assert.equal(formatBytes(2_500_000), '2.5 MB');
	// Rounded to the digit shown, as durations are (pretty-bytes alone cuts: 1,598 kB was "1.5 MB").
	assert.equal(formatBytes(1_598_000), '1.6 MB');
	assert.equal(formatBytes(1_166_820), '1.2 MB');
	assert.equal(formatBytes(999_960), '1 MB', 'rounds up into the next unit');
	assert.equal(formatSpeed(2_380_000), '2.4 MB/s');
});

test('memory is measured in MiB and said in decimal MB, as the byte sizes beside it', () => {
	assert.equal(mibToMb(1), 1.048_576);
	// 1.9 MiB is 1.99 MB: "+1.9 MB" beside "1.4 MB" of bytes would mix two units under one name.
	assert.equal(formatMemoryGrowth(1.9), '+2.0 MB');
	assert.equal(formatMemoryGrowth(0), '+0.0 MB');
	assert.equal(formatMemoryGrowth(100), '+105 MB');
	assert.equal(formatMemoryGrowth(7744 / 1.048576), '+7,744 MB', 'thousands separated, as every count');
	assert.equal(formatMemoryGrowth(2046 / 1.048576), '+2,046 MB');
	assert.equal(formatMemoryGrowth(1_234_567 / 1.048576), '+1,234,567 MB');
	assert.equal(formatMemoryGrowth(2.5e6 / (1024 * 1024)), `+${formatBytes(2_500_000).replace(' MB', '')} MB`);
});

test('formatDuration: ms below a second, seconds with decimals above', () => {
	assert.equal(formatDuration(0), '0ms');
	assert.equal(formatDuration(340.4), '340ms');
	assert.equal(formatDuration(4200), '4.20s');
	assert.match(formatDuration(63_000), /^1m 3/);
});

test('formatDuration rounds to its last digit, as durationScale writes a line\'s numbers, and moves up a unit when it rounds into it', () => {
	assert.equal(formatDuration(1176.9), '1.18s');
	assert.equal(formatDuration(1048.57), '1.05s');
	assert.equal(durationScale(1176.9).number(1176.9), '1.18');
	assert.equal(formatDuration(999.6), '1.00s');
	assert.equal(formatDuration(9996), '10.0s');
	assert.equal(formatDuration(63_249), '1m 3.2s');
	assert.equal(formatDuration(63_250), '1m 3.3s');
});

test('formatDuration: invalid input gives a dash', () => {
	assert.equal(formatDuration(Number.NaN), '–');
	assert.equal(formatDuration(-1), '–');
	assert.equal(formatDuration(Number.POSITIVE_INFINITY), '–');
});

test('formatSpeed and formatRatio', () => {
	assert.equal(formatSpeed(1_200_000), '1.2 MB/s');
	assert.equal(formatSpeed(0), '0 B/s');
	assert.equal(formatSpeed(Number.NaN), '–');
	assert.equal(formatRatio(8.234), '8.2×');
	assert.equal(formatRatio(8.234, 2), '8.23×');
	assert.equal(formatRatio(Number.POSITIVE_INFINITY), '–');
	assert.deepEqual([1.049, 1.051, 1.5, 1.999, 2.04, 9.96, 12.4].map(ratio => formatRatio(ratio)), ['1.05×', '1.05×', '1.50×', '2.00×', '2.0×', '10.0×', '12×']);
	// Never a jump in precision that reads a larger ratio as a smaller one, or a 5% gap as 10%.
	let previous = 0;
	for (let ratio = 0.5; ratio < 30; ratio += 0.0007) {
		const shown = Number.parseFloat(formatRatio(ratio));
		assert.ok(shown >= previous, `${ratio}: ${formatRatio(ratio)} after ${previous}`);
		assert.ok(Math.abs(shown - ratio) <= (ratio < 2 ? 0.005 : (ratio < 10 ? 0.05 : 0.5)) + 1e-9, `${ratio}: ${formatRatio(ratio)}`);
		previous = shown;
	}
});

test('formatLatency: latency ± jitter, and the real range when the jitter is larger (a wait is never below 0)', () => {
	assert.equal(formatLatency(350, 50, unicodeGlyphs), '350±50ms');
	assert.equal(formatLatency(50, 0, unicodeGlyphs), '50ms');
	assert.equal(formatLatency(20, 50, unicodeGlyphs), '0–70ms');
	assert.equal(formatLatency(20, 50, asciiGlyphs), '0-70ms');
	assert.equal(formatLatency(350, 50, asciiGlyphs), '350+/-50ms');
});

test('progress ratio: zero-byte body is complete, unknown total is undefined', () => {
	assert.equal(progressRatio(0, 0), 1);
	assert.equal(progressRatio(50, 100), 0.5);
	assert.equal(progressRatio(150, 100), 1);
	assert.equal(progressRatio(10, undefined), undefined);
	assert.equal(progressRatio(10, -1), undefined);
});

test('progress bar is always exactly its width', () => {
	for (const width of [0, 1, 5, 13, 40]) {
		for (const transferred of [0, 1, 33, 50, 99, 100]) {
			const bar = progressBar({transferred, total: 100, width});
			assert.equal([...bar].length, width, `width ${width} at ${transferred}`);
		}

		assert.equal([...progressBar({transferred: 7, total: undefined, width, phase: 3})].length, width);
	}
});

test('progress bar fills with eighth-block precision', () => {
	assert.equal(progressBar({transferred: 0, total: 100, width: 10}), barEmpty.repeat(10));
	assert.equal(progressBar({transferred: 100, total: 100, width: 10}), barFull.repeat(10));
	assert.equal(progressBar({transferred: 50, total: 100, width: 10}), barFull.repeat(5) + barEmpty.repeat(5));
	// 0.55 × 10 columns = 5.5 columns: 5 full blocks and a half block.
	assert.equal(progressBar({transferred: 55, total: 100, width: 10}), `${barFull.repeat(5)}▌${barEmpty.repeat(4)}`);
});

test('progress bar: zero-byte body is a full bar', () => {
	assert.equal(progressBar({transferred: 0, total: 0, width: 6}), barFull.repeat(6));
});

test('progress bar: unknown total bounces a block along the track', () => {
	const frames = Array.from({length: 20}, (_, phase) => progressBar({transferred: 500, total: undefined, width: 12, phase}));
	assert.ok(new Set(frames).size > 1, 'the block moves');
	for (const frame of frames) {
		assert.equal([...frame].filter(character => character === barFull).length, 3, 'the block keeps its size');
	}

	assert.equal(frames[0], progressBar({transferred: 0, total: undefined, width: 12, phase: 18}), 'the cycle repeats');
});

test('fitText pads and cuts to an exact width', () => {
	assert.equal(fitText('abc', 5), 'abc  ');
	assert.equal(fitText('abc', 5, 'right'), '  abc');
	assert.equal(fitText('abcdef', 4), 'abc…');
	assert.equal(fitText('✓ 64×48', 7), '✓ 64×48');
	assert.equal(fitText('anything', 0), '');
});

test('spinner frames follow the clock, one "dots" frame per 80 ms', () => {
	const dots = spinnerOf(unicodeGlyphs);
	assert.equal(dots.interval, 80);
	assert.equal(spinnerFrame(0, unicodeGlyphs), '⠋');
	assert.equal(spinnerFrame(dots.interval - 1, unicodeGlyphs), '⠋');
	assert.equal(spinnerFrame(dots.interval, unicodeGlyphs), '⠙');
	assert.equal(spinnerFrame(dots.interval * dots.frames.length, unicodeGlyphs), '⠋', 'wraps around');
	assert.equal(spinnerFrame(-5, unicodeGlyphs), '⠋');
	assert.equal(spinnerFrame(Number.NaN, unicodeGlyphs), '⠋');
	assert.equal(spinnerFrame(0), spinnerFrame(0, glyphs), 'the default is the locale\'s set');
});

test('glyphs: the first of LC_ALL, LC_CTYPE, LANG decides; a non-UTF-8 locale gets ASCII', () => {
	assert.equal(localeIsUtf8({LANG: 'en_US.UTF-8'}, 'linux'), true);
	assert.equal(localeIsUtf8({LANG: 'de_DE.utf8'}, 'linux'), true);
	assert.equal(localeIsUtf8({LANG: 'C'}, 'linux'), false);
	assert.equal(localeIsUtf8({LANG: 'en_US.ISO-8859-1'}, 'linux'), false);
	assert.equal(localeIsUtf8({LC_ALL: 'C', LC_CTYPE: 'en_US.UTF-8', LANG: 'en_US.UTF-8'}, 'linux'), false, 'LC_ALL wins');
	assert.equal(localeIsUtf8({LC_CTYPE: 'C.UTF-8', LANG: 'C'}, 'linux'), true, 'then LC_CTYPE');
	assert.equal(localeIsUtf8({LC_ALL: '', LC_CTYPE: '', LANG: 'C.UTF-8'}, 'linux'), true, 'empty means unset');
	assert.equal(localeIsUtf8({}, 'linux'), true, 'no locale at all: assume a UTF-8 terminal');
	assert.equal(localeIsUtf8({}, 'win32'), true);
	assert.equal(chooseGlyphs({LANG: 'C'}, 'linux'), asciiGlyphs);
	assert.equal(chooseGlyphs({LANG: 'C.UTF-8'}, 'linux'), unicodeGlyphs);
});

test('the ASCII set is ASCII, and each glyph keeps the width the layout counts on', () => {
	for (const [name, value] of Object.entries(asciiGlyphs)) {
		for (const text of (Array.isArray(value) ? value : [value]) as unknown[]) {
			if (typeof text === 'string') {
				assert.match(text, /^[\u0020-\u007E]*$/, name);
			}
		}
	}

	for (const name of ['done', 'failed', 'aborted', 'queued', 'barFull', 'barEmpty'] as const) {
		assert.equal(asciiGlyphs[name].length, 1, `${name} is one column, like ${unicodeGlyphs[name]}`);
	}

	assert.ok(spinnerOf(asciiGlyphs).frames.every(frame => /^[|/\\-]$/.test(frame)), 'the "line" spinner');
	assert.equal(spinnerFrame(0, asciiGlyphs), '-');
	assert.equal(progressBar({transferred: 55, total: 100, width: 10}, asciiGlyphs), '#####=....');
	assert.equal(progressBar({transferred: 5, total: undefined, width: 8, phase: 1}, asciiGlyphs), '.##.....');
	assert.equal(fitText('abcdefgh', 6, 'left', asciiGlyphs), 'abc...');
	assert.equal(fitText('abcdefgh', 2, 'left', asciiGlyphs), '..');
	assert.equal(fitText('abcdefgh', 6, 'left', unicodeGlyphs), 'abcde…');
});

test('formatBytesFast and formatSpeedFast give the same text as formatBytes and formatSpeed', () => {
	const values = [0, 0.5, 1, 999, 1000, 1049, 1050, 12_345, 49_999, 50_000, 999_949, 999_999, 1_000_000, 1_234_567.8, 5e9, 1e15, 2.5e17];
	for (let index = 0; index < 2000; index++) {
		values.push(index * 7, Math.round(10 ** ((index % 160) / 10)) + index, 10 ** ((index % 170) / 10) * 1.37);
	}

	for (const value of values) {
		assert.equal(formatBytesFast(value), formatBytes(value), String(value));
		assert.equal(formatSpeedFast(value), formatSpeed(value), String(value));
	}

	assert.equal(formatSpeedFast(Number.NaN), '–');
});

test('a size limit in an error is exact: one decimal of its unit, or the bytes beside it where that would hide one', async () => {
	const {DownloadError} = await import('../source/engine/errors.js');
	assert.equal(DownloadError.tooBig(10_000_000).message, 'larger than the 10 MB limit');
	assert.equal(DownloadError.tooBig(72_500).message, 'larger than the 72.5 kB limit');
	// An image of 72,517 bytes against a limit of 72,516: "72.5 kB" alone reads as no difference.
	assert.equal(DownloadError.tooBig(72_516).message, 'larger than the 72.5 kB (72,516 bytes) limit');
	assert.equal(DownloadError.tooBig(500).message, 'larger than the 500 B limit');
});
