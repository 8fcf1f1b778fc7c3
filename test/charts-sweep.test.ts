import assert from 'node:assert/strict';
import {test} from 'node:test';
import {idealSpeedup, stoppedPayingAt, sweepChartLines, type SweepLevel} from '../source/charts/index.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';
import {assertAscii, assertFits} from './helpers/charts.js';

const concurrencies = [1, 2, 4, 8, 16, 32, 64];
const measured: SweepLevel[] = [1, 1.9, 3.7, 6.8, 9.5, 9.9, 9.7].map((speedup, index) => ({concurrency: concurrencies[index]!, speedup, speedupSd: index * 0.2}));
const ideal = concurrencies.map(concurrency => ({concurrency, speedup: idealSpeedup(concurrency, {images: 50, linkCap: 12})}));

test('idealSpeedup: linear until the images, the link or the cores cap it', () => {
	assert.equal(idealSpeedup(8, {images: 50}), 8);
	assert.equal(idealSpeedup(64, {images: 50}), 50);
	assert.equal(idealSpeedup(64, {images: 50, linkCap: 12}), 12);
	assert.equal(idealSpeedup(64, {images: 50, linkCap: 12, cores: 2}), 2);
	assert.equal(idealSpeedup(1, {images: 50, cores: 2}), 1);
});

test('stoppedPayingAt: the smallest level within the tolerance of the best', () => {
	assert.equal(stoppedPayingAt(measured)?.concurrency, 16, '9.5 is within 5% of 9.9');
	assert.equal(stoppedPayingAt(measured, 0.01)?.concurrency, 32);
	assert.equal(stoppedPayingAt(measured, 0.5)?.concurrency, 8);
	assert.equal(stoppedPayingAt([...measured].reverse())?.concurrency, 16, 'order of the input does not matter');
	assert.equal(stoppedPayingAt([{concurrency: 4, speedup: 3}])?.concurrency, 4);
	assert.equal(stoppedPayingAt([]), undefined);
});

test('sweep chart: a best at the widest level is not where paying stopped', () => {
	const rising: SweepLevel[] = [{concurrency: 1, speedup: 1}, {concurrency: 2, speedup: 1.9}, {concurrency: 4, speedup: 3.6}];
	const lines = sweepChartLines({levels: rising, ideal: [], width: 80, height: 12, glyphs: unicodeGlyphs});
	assert.equal(lines.at(-1), 'Adding concurrency still paid at ×4, the widest level run: 3.6×');
});

test('sweep chart: measured points and the ideal line in distinct glyphs, axes labelled', () => {
	const lines = sweepChartLines({levels: measured, ideal, width: 80, height: 18, glyphs: unicodeGlyphs});
	assert.equal(lines[0], 'Speedup by concurrency');
	assert.match(lines[1]!, /^12×│/, 'top of the y axis is the largest value');
	assert.ok(lines.some(line => /^ 0×│/.test(line)));
	const xAxis = lines[lines.findIndex(line => line.includes('└')) + 1]!;
	assert.match(xAxis, /^ {4}1 +2 +4 +8 +16 +32 +64$/);
	const plot = lines.slice(1, lines.findIndex(line => line.includes('└')));
	assert.equal(plot.join('').split('●').length - 1, 7, 'one point per level');
	assert.ok(plot.join('').split('·').length - 1 > 20, 'the ideal is a line, not points');
	// ±σ bars: above and below the 64 level's point (σ 1.2), in its column.
	const column = [...xAxis].lastIndexOf('4');
	const inColumn = plot.map(line => [...line][column] ?? ' ').join('');
	assert.match(inColumn, /│●│/);
	assert.ok(lines.includes('● measured  · ideal  │ ±σ  x: concurrency  y: speedup'));
	assert.equal(lines.at(-1), 'Adding concurrency stopped paying at ×16: 9.5×, within 5% of the best (9.9×)');
	assert.ok(lines.length <= 18);
	assertFits(lines, 80);
});

test('sweep chart: levels at even spacing, each point on its row', () => {
	const straight = [1, 2, 4, 8].map(concurrency => ({concurrency, speedup: concurrency}));
	const lines = sweepChartLines({levels: straight, ideal: straight, width: 40, height: 12, glyphs: unicodeGlyphs});
	const plot = lines.slice(1, lines.findIndex(line => line.includes('└')));
	const columns = plot.flatMap(line => [...line].flatMap((character, column) => character === '●' ? [column] : []));
	const rows = plot.flatMap((line, row) => line.includes('●') ? [row] : []);
	assert.equal(columns.length, 4);
	// Plot columns 3…39 (37 wide): levels at 0, 12, 24, 36 after the axis.
	assert.deepEqual(columns.sort((a, b) => a - b), [3, 15, 27, 39]);
	// y runs from 0× (bottom row) to 8× (top row).
	const last = plot.length - 1;
	assert.deepEqual(rows, [0, Math.round(last / 2), Math.round(last * 3 / 4), Math.round(last * 7 / 8)]);
});

test('sweep chart: one level, and no levels', () => {
	const one = sweepChartLines({levels: [{concurrency: 8, speedup: 5}], ideal: [{concurrency: 8, speedup: 8}], width: 40, height: 8, glyphs: unicodeGlyphs});
	assert.equal(one.at(-1), 'One level measured: ×8 at 5.0×');
	assert.ok(one.some(line => line.includes('●')) && one.some(line => line.includes('·')));
	assert.deepEqual(sweepChartLines({levels: [], ideal: [], width: 40, height: 8}), ['Speedup by concurrency', '  no levels measured']);
});

test('sweep chart: 40 and 120 columns, ASCII without UTF-8', () => {
	for (const width of [40, 120]) {
		for (const glyphs of [unicodeGlyphs, asciiGlyphs]) {
			const lines = sweepChartLines({levels: measured, ideal, width, height: 14, glyphs});
			assertFits(lines, width);
			assert.ok(lines.length <= 14, `${lines.length} lines at ${width}`);
			assert.ok(lines.join(' ').includes('stopped paying at'), 'the conclusion wraps rather than being cut');
		}
	}

	const ascii = sweepChartLines({levels: measured, ideal, width: 40, height: 14, glyphs: asciiGlyphs});
	assertAscii(ascii);
	assert.ok(ascii.some(line => line.includes('o')) && ascii.some(line => line.includes('+/-sd')));
	// Wide labels that cannot all fit: some are left out rather than overlapping.
	const many = Array.from({length: 30}, (_, index) => ({concurrency: 1000 + index, speedup: index + 1}));
	assertFits(sweepChartLines({levels: many, ideal: many, width: 40, height: 10}), 40);
});
