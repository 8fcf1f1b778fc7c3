import assert from 'node:assert/strict';
import {test} from 'node:test';
import {histogramBuckets, histogramLines, valueRange} from '../source/charts/index.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';
import {assertAscii, assertFits} from './helpers/charts.js';

const times = [120, 130, 125, 180, 300, 310, 140, 150, 160, 128, 133, 900];

test('histogram buckets: equal width from min to max, the last one closed', () => {
	const buckets = histogramBuckets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
	assert.deepEqual(buckets.map(bucket => bucket.count), [2, 2, 2, 2, 3]);
	assert.deepEqual(buckets.map(bucket => [bucket.from, bucket.to]), [[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
	assert.deepEqual(histogramBuckets([]), []);
	assert.deepEqual(histogramBuckets([7, 7, 7]), [{from: 7, to: 7, count: 3}]);
	assert.equal(histogramBuckets([1, 2, 3]).length, 3, 'no more buckets than values');
	assert.deepEqual(histogramBuckets([1, Number.NaN, 1]), [{from: 1, to: 1, count: 2}]);
});

test('histogram: oha-style lines, range, count, bar scaled to the largest, percentiles under it', () => {
	const lines = histogramLines(times, {width: 60, label: 'Per-image time, parallel', unit: 'ms', glyphs: unicodeGlyphs});
	assert.equal(lines[0], 'Per-image time, parallel');
	assert.equal(lines.length, 1 + 10 + 1);
	assert.match(lines[1]!, /^ {2}120–198ms \[9\] \|█+$/);
	assert.match(lines[2]!, /^ {2}198–276ms \[0\] \|$/);
	assert.match(lines[10]!, /^ {2}822–900ms \[1\] \|█+$/);
	const bar = (line: string) => line.length - line.indexOf('|') - 1;
	// Room for the bar: 60 − "  120–198ms [9] |" (17).
	assert.equal(bar(lines[1]!), 43);
	assert.equal(bar(lines[10]!), Math.round(43 / 9));
	assert.equal(lines.at(-1), '  p50 145ms  p90 309ms  p99 835ms');
	assertFits(lines, 60);
});

test('histogram: seconds once values pass a second; ASCII bars without UTF-8', () => {
	const lines = histogramLines(times.map(value => value * 10), {width: 60, label: 'Per-image time', unit: 'ms', bins: 5, glyphs: asciiGlyphs});
	assert.match(lines[1]!, /^ {2}1\.2-2\.8s \[9\] \|#+$/);
	assert.equal(lines.at(-1), '  p50 1.45s  p90 3.09s  p99 8.35s');
	assertAscii(lines);
});

test('histogram: a one-count bucket next to a huge one still shows a cell', () => {
	const lines = histogramLines([...Array.from({length: 1000}, () => 10), 20], {width: 40, label: 'ttfb', unit: 'ms', bins: 2, glyphs: unicodeGlyphs});
	assert.match(lines[2]!, /\[1\] +\|█$/);
});

test('histogram: empty, one value, all equal', () => {
	assert.deepEqual(histogramLines([], {width: 40, label: 'Time to first byte', unit: 'ms'}), ['Time to first byte', '  no values']);
	const one = histogramLines([42], {width: 40, label: 'one', unit: 'ms', glyphs: unicodeGlyphs});
	assert.deepEqual(one.slice(1), [`  42ms [1] |${'█'.repeat(28)}`, '  p50 42ms  p90 42ms  p99 42ms']);
	const equal = histogramLines([5, 5, 5], {width: 40, label: 'equal', unit: 'ms'});
	assert.equal(equal.length, 3);
	assert.match(equal[1]!, /^ {2}5ms \[3\] \|/);
});

test('histogram: other units', () => {
	const bytes = histogramLines([1000, 2000, 3000], {width: 60, label: 'size', unit: 'bytes', bins: 2});
	assert.match(bytes[1]!, /^ {2}1 kB.2 kB \[1\]/);
	const plain = histogramLines([1, 2, 3], {width: 60, label: 'n', unit: 'req', bins: 2, glyphs: unicodeGlyphs});
	assert.match(histogramLines([0.1, 0.2, 0.3], {width: 60, label: 'n', unit: '', bins: 2, glyphs: unicodeGlyphs})[1]!, /^ {2}0\.1–0\.2 \[1\]/);
	assert.match(plain[1]!, /^ {2}1–2 req \[1\]/);
});

test('histogram: never wider than 40 or 120 columns, with a long label too', () => {
	for (const width of [40, 120]) {
		for (const values of [times, [], [1], [3, 3], times.map(value => value * 1e4)]) {
			assertFits(histogramLines(values, {width, label: 'A very long label for a histogram that does not fit in forty columns', unit: 'ms'}), width);
		}
	}

	// Narrow enough that the percentiles must wrap.
	const narrow = histogramLines(times.map(value => value * 1e4), {width: 20, label: 'x', unit: 'ms'});
	assertFits(narrow, 20);
	assert.ok(narrow.some(line => line.includes('p99')));
});

test('histograms read side by side write their percentiles alike: to the precision of all their values together', () => {
	const narrow = [350, 352, 355.3, 358, 360];
	const summary = (lines: string[]) => lines.find(line => line.includes('p50'))!.trim();
	assert.equal(summary(histogramLines(narrow, {width: 60, label: 'Per-image time, sequential', unit: 'ms', glyphs: unicodeGlyphs})), 'p50 355.3ms  p90 359.2ms  p99 359.9ms', 'alone: to a hundredth of its own range');
	const wide = [300, 410, 500];
	assert.equal(summary(histogramLines(narrow, {width: 60, label: 'Per-image time, sequential', unit: 'ms', glyphs: unicodeGlyphs, percentileRange: valueRange([...narrow, ...wide])})), 'p50 355ms  p90 359ms  p99 360ms');
	assert.equal(summary(histogramLines(wide, {width: 60, label: 'Per-image time, parallel', unit: 'ms', glyphs: unicodeGlyphs, percentileRange: valueRange([...narrow, ...wide])})), 'p50 410ms  p90 482ms  p99 498ms');
});

test('a value range is found by a loop: 200,000 values, where a spread into Math.min would overflow the stack', () => {
	const many = Array.from({length: 200_000}, (_, index) => index % 1000);
	assert.deepEqual(valueRange([...many, Number.NaN, Number.POSITIVE_INFINITY]), {low: 0, high: 999});
	assert.equal(valueRange([Number.NaN]), undefined);
	assert.equal(histogramBuckets(many, 4).reduce((total, bucket) => total + bucket.count, 0), 200_000);
});
