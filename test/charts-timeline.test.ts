import assert from 'node:assert/strict';
import {test} from 'node:test';
import {timelineLines, type TimelineImage, type TimelineStrategy} from '../source/charts/index.js';
import {binCells, imageCells} from '../source/charts/timeline-cells.js';
import {timeAxisLine} from '../source/charts/time-axis.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';
import {assertAscii, assertFits} from './helpers/charts.js';

const each = {connectMs: 20, waitMs: 150, receiveMs: 200, writeMs: 10, thumbnailMs: 30};
const perImage = 410;

function sequential(count: number, failedIndex = -1): TimelineStrategy {
	const images = Array.from({length: count}, (_, index): TimelineImage => ({
		index,
		endMs: perImage * (index + 1),
		phases: {queuedMs: perImage * index, ...each},
		failed: index === failedIndex,
	}));
	return {name: 'sequential', images, wallMs: perImage * count};
}

function parallel(count: number): TimelineStrategy {
	const images = Array.from({length: count}, (_, index): TimelineImage => ({index, endMs: perImage + (index * 5), phases: {queuedMs: index * 5, ...each}}));
	return {name: 'parallel', images, wallMs: perImage + (count * 5)};
}

/** Plot part of a row: what follows the label column (found from the axis line's "seconds"). */
function plotOf(lines: readonly string[], row: string): string {
	const plotStart = lines[1]!.indexOf('0');
	return [...row].slice(plotStart).join('');
}

function rowsOf(lines: readonly string[], name: string): string[] {
	return lines.filter(line => line.startsWith(`${name} #`));
}

test('timeline: title, axis in seconds, a row per image, a legend', () => {
	const lines = timelineLines({strategies: [sequential(5), parallel(5)], width: 80, height: 30, glyphs: unicodeGlyphs});
	assert.equal(lines[0], 'Timeline');
	assert.match(lines[1]!, /^seconds +0\.0 +0\.2 +0\.4/);
	assert.equal(rowsOf(lines, 'sequential').length, 5);
	assert.equal(rowsOf(lines, 'parallel').length, 5);
	assert.match(lines.at(-1)!, /· queued {2}░ connect {2}▒ waiting {2}█ receive {2}w write {2}t thumbnail/);
	assertFits(lines, 80);
});

test('timeline: sequential is a staircase, parallel a stack, on one axis', () => {
	const lines = timelineLines({strategies: [sequential(5), parallel(5)], width: 80, height: 30, glyphs: unicodeGlyphs});
	const starts = (name: string) => rowsOf(lines, name).map(row => plotOf(lines, row).search(/[^· ]/));
	const staircase = starts('sequential');
	for (let index = 1; index < staircase.length; index++) {
		assert.ok(staircase[index]! > staircase[index - 1]! + 5, `step ${index}: ${staircase.join(',')}`);
	}

	assert.ok(starts('parallel').every(start => start <= 1), starts('parallel').join(','));
	// Both on the same axis: parallel (≈430 ms) ends near where sequential's first image (410 ms) ends.
	const end = (row: string) => plotOf(lines, row).trimEnd().length;
	const [firstSequential] = rowsOf(lines, 'sequential');
	const parallelEnds = rowsOf(lines, 'parallel').map(row => end(row));
	assert.ok(parallelEnds.every(value => Math.abs(value - end(firstSequential!)) <= 2), `${parallelEnds.join(',')} vs ${end(firstSequential!)}`);
	assert.ok(end(rowsOf(lines, 'sequential').at(-1)!) > 5 * end(firstSequential!) - 5);
});

test('timeline: every phase in its own character, in order', () => {
	const [row] = rowsOf(timelineLines({strategies: [sequential(1)], width: 60, height: 10, glyphs: unicodeGlyphs}), 'sequential');
	assert.match(row!, /^sequential #1 ░+▒+█+w+t+$/);
	const [ascii] = rowsOf(timelineLines({strategies: [sequential(1)], width: 60, height: 10, glyphs: asciiGlyphs}), 'sequential');
	assert.match(ascii!, /^sequential #1 c+-+#+w+t+$/);
});

test('timeline: the axis labels sit where their time is drawn', () => {
	const axis = timeAxisLine(2000, 50);
	// 40 ms a column: 0.5 s at column 12.5 → 13 (rounded), 1.0 s at 25.
	for (const match of axis.matchAll(/\d+\.\d+/g)) {
		assert.equal(match.index, Math.round(Number(match[0]) * 1000 / 40), `${match[0]} in ${JSON.stringify(axis)}`);
	}

	assert.ok([...axis.matchAll(/\d+\.\d+/g)].length >= 3, axis);
	assert.equal(timeAxisLine(2000, 0), '');
});

test('timeline: a failed image ends in the failure mark, and the legend says so', () => {
	const lines = timelineLines({strategies: [sequential(3, 1)], width: 60, height: 10, glyphs: unicodeGlyphs});
	const rows = rowsOf(lines, 'sequential');
	assert.ok(rows[1]!.endsWith('✗'), rows[1]);
	assert.ok(!rows[0]!.includes('✗') && !rows[2]!.includes('✗'));
	assert.match(lines.at(-1)!, /✗ failed/);
	const ascii = timelineLines({strategies: [sequential(3, 1)], width: 60, height: 10, glyphs: asciiGlyphs});
	assert.ok(rowsOf(ascii, 'sequential')[1]!.endsWith('x'));
	assertAscii(ascii);
});

test('timeline: one image, zero-length phases, a failure before any phase', () => {
	const one = timelineLines({strategies: [{name: 'parallel', images: [{index: 0, endMs: 100, phases: {receiveMs: 100}}], wallMs: 100}], width: 40, height: 10, glyphs: unicodeGlyphs});
	assert.deepEqual(one.slice(2), ['parallel #1 ' + '█'.repeat(28), '█ receive']);
	const empty = timelineLines({strategies: [{name: 's', images: [{index: 0, endMs: 0, phases: {}}, {index: 1, endMs: 0, failed: true, phases: {queuedMs: 0}}], wallMs: 0}], width: 40, height: 10});
	assert.equal(empty.length, 5);
	assert.match(empty[3]!, /✗|x/);
	assertFits(empty, 40);
});

test('timeline: a nonzero phase shorter than a column still shows one cell', () => {
	const image: TimelineImage = {index: 0, endMs: 10_000, phases: {connectMs: 1, waitMs: 1, receiveMs: 9997, writeMs: 1}};
	const cells = imageCells(image, 10_000 / 30, 30);
	assert.equal(cells[0], 'connect');
	assert.equal(cells[1], 'wait');
	assert.equal(cells.at(-1), 'write');
	assert.equal(cells.filter(cell => cell === 'receive').length, 27);
	// Pushed against the right edge, earlier phases give way instead of falling off.
	const late = imageCells({index: 0, startMs: 9990, endMs: 10_000, phases: {connectMs: 2, waitMs: 2, receiveMs: 6}}, 10_000 / 30, 30);
	assert.deepEqual(late.slice(-3), ['connect', 'wait', 'receive']);
});

test('timeline: many images are binned to fit the height; a bin shows the phase its images spent the most time in', () => {
	const lines = timelineLines({strategies: [sequential(100), parallel(100)], width: 120, height: 14, glyphs: unicodeGlyphs});
	assert.ok(lines.length <= 14, `${lines.length} lines`);
	assert.match(lines[0]!, /^Timeline · up to \d+ images a row$/);
	assert.match(lines.find(line => line.startsWith('sequential'))!, /^sequential #1–\d+ /);
	assert.ok(rowsOf(lines, 'sequential').length >= 2 && rowsOf(lines, 'parallel').length >= 2);
	assertFits(lines, 120);
	// In a sequential bin one image works while the rest wait: the row shows the work, not the queue.
	const working: TimelineImage[] = [
		{index: 0, endMs: 191, phases: {waitMs: 10, receiveMs: 180, writeMs: 1}},
		{index: 1, endMs: 292, phases: {queuedMs: 191, setupMs: 1, receiveMs: 100}},
		{index: 2, endMs: 300, phases: {queuedMs: 300}},
	];
	assert.deepEqual(binCells(working, 100, 3), ['receive', 'receive', 'receive']);
	assert.deepEqual(binCells([{index: 0, endMs: 100, phases: {queuedMs: 100}}, {index: 1, endMs: 150, failed: true, phases: {queuedMs: 100, waitMs: 50}}], 100, 2), ['queued', 'failed']);
	// Images of ~200 ms in columns of 175 ms, each with phases of a millisecond: a bin is what they spent
	// their time in (receiving), never a row of "write" (each image's own cells give a 1 ms write a cell).
	const sequentialRun: TimelineImage[] = Array.from({length: 6}, (_, index) => ({index, endMs: (index + 1) * 200, phases: {queuedMs: index * 200, setupMs: 0.7, sendMs: 0.1, waitMs: 3, receiveMs: 195, writeMs: 1.2}}));
	assert.deepEqual(binCells(sequentialRun, 175, 7), Array.from({length: 7}, () => 'receive'));
});

test('timeline: never wider than the terminal, 40 and 120 columns, long names cut', () => {
	const long: TimelineStrategy = {...parallel(3), name: 'a-strategy-with-a-very-long-name'};
	for (const width of [40, 120]) {
		for (const glyphs of [unicodeGlyphs, asciiGlyphs]) {
			const lines = timelineLines({strategies: [sequential(12, 4), long], width, height: 12, glyphs});
			assertFits(lines, width);
			assert.ok(lines.length <= 12);
			// The image number survives a cut name.
			assert.ok(lines.some(line => / #\d/.test(line) && line.startsWith('a-str')), lines.join('\n'));
		}
	}

	assertAscii(timelineLines({strategies: [sequential(12, 4), parallel(4)], width: 40, height: 12, glyphs: asciiGlyphs}));
});
