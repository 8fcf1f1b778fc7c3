import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runsLine} from '../source/charts/index.js';
import {ratioWithSpread, summarize} from '../source/stats/statistics.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';

const unicode = {width: 120, glyphs: unicodeGlyphs};

test('runs line: mean ± σ, min … max and the count, in one unit', () => {
	assert.equal(runsLine(summarize([1190, 1230, 1270])!, unicode), '1.23s ± 0.04s (min 1.19 … max 1.27, 3 runs)');
	assert.equal(runsLine(summarize([330, 340, 352])!, unicode), '341ms ± 11ms (min 330 … max 352, 3 runs)');
	assert.equal(runsLine(summarize([12_340, 12_100])!, unicode), '12.2s ± 0.2s (min 12.1 … max 12.3, 2 runs)');
	assert.equal(runsLine(summarize([63_000, 65_000])!, unicode), '1m 4.0s ± 1.41s (min 1m 3.0s … max 1m 5.0s, 2 runs)', 'from a minute on, formatDuration for each');
	assert.equal(runsLine(summarize([1234])!, unicode), '1.23s (1 run)');
	assert.equal(runsLine(summarize([1190, 1230, 1270])!, {width: 120, glyphs: asciiGlyphs}), '1.23s +/- 0.04s (min 1.19 ... max 1.27, 3 runs)');
});

test('runs line: narrower widths drop the range, then σ', () => {
	const summary = summarize([1190, 1230, 1270])!;
	assert.equal(runsLine(summary, {width: 40, glyphs: unicodeGlyphs}), '1.23s ± 0.04s (3 runs)');
	assert.equal(runsLine(summary, {width: 20, glyphs: unicodeGlyphs}), '1.23s ± 0.04s');
	assert.equal(runsLine(summary, {width: 10, glyphs: unicodeGlyphs}), '1.23s');
	assert.equal(runsLine(summary, {width: 3, glyphs: unicodeGlyphs}), '1.2');
});

test('speedup: ratio of means, σ from both sides relative σ', () => {
	const sequential = summarize([4000, 4200, 3800])!;
	const parallel = summarize([500, 525, 475])!;
	const speedup = ratioWithSpread(sequential, parallel)!;
	assert.equal(speedup.ratio, 8);
	// Both relative σ are 5%: 8 × √(0.05² + 0.05²).
	assert.ok(Math.abs(speedup.sd - (8 * Math.sqrt(2 * (0.05 ** 2)))) < 1e-12);
});
