import assert from 'node:assert/strict';
import {test} from 'node:test';
import {RowIndex} from '../source/model/row-index.js';
import {newImage, type ImageStatus} from '../source/model/run-record.js';
import {arrangementFor} from '../source/view/arrangement.js';
import {rowColumns, rowFieldWidths} from '../source/view/row-columns.js';
import {hiddenTotal, windowRanked, type WindowedImage} from '../source/view/row-window.js';
import {planScreen} from '../source/view/screen-plan.js';
import {reduceSession} from '../source/model/session-state.js';
import {EventScript} from './helpers/fake-runner.js';
import {newSession, track} from './helpers/session.js';

/** The rows a panel shows of these images, ranked as a run's row index ranks them when built afresh. */
function windowRows(images: readonly WindowedImage[], budget: number) {
	const records = images.map(image => ({...newImage(image.index, ''), status: image.status, endMs: image.endMs, startMs: image.startMs}));
	const index = new RowIndex(records);
	const window = windowRanked(index.ranked(256), index.counts, records.length, budget);
	return {...window, visible: window.visible.map(image => image.index)};
}

function images(statuses: string): WindowedImage[] {
	const map: Record<string, ImageStatus> = {d: 'done', f: 'failed', r: 'running', q: 'queued', a: 'aborted'};
	return [...statuses].map((code, index) => ({index, status: map[code]!, endMs: code === 'd' || code === 'f' ? index * 10 : undefined}));
}

test('panels sit side by side from 100 columns, stacked below', () => {
	assert.equal(arrangementFor(80), 'stacked');
	assert.equal(arrangementFor(99), 'stacked');
	assert.equal(arrangementFor(100), 'side-by-side');
	assert.equal(arrangementFor(160), 'side-by-side');
	const widths = (columns: number) => planScreen({columns, rows: 24, summaryHeights: [], footerLines: 1, panels: [{rows: 1, busy: false}, {rows: 1, busy: false}]}).panelWidths;
	assert.deepEqual(widths(80), [80, 80]);
	assert.deepEqual(widths(160), [79, 79]);
});

test('all rows show when they fit', () => {
	const window = windowRows(images('ddrqq'), 5);
	assert.deepEqual(window.visible, [0, 1, 2, 3, 4]);
	assert.equal(window.before, undefined);
	assert.equal(window.after, undefined);
	assert.equal(window.lines, 5);
});

test('windowing keeps in-flight rows, then recent finished, then next queued', () => {
	// 10 done, 3 running, 20 queued in 8 lines.
	const window = windowRows(images(`${'d'.repeat(10)}rrr${'q'.repeat(20)}`), 8);
	assert.equal(window.lines, 8);
	assert.deepEqual(window.visible, [7, 8, 9, 10, 11, 12]);
	assert.deepEqual(window.before, {done: 7, failed: 0, aborted: 0, running: 0, queued: 0});
	assert.deepEqual(window.after, {done: 0, failed: 0, aborted: 0, running: 0, queued: 20});
	// With room to spare, the next queued rows show too.
	assert.deepEqual(windowRows(images(`${'d'.repeat(3)}rr${'q'.repeat(20)}`), 9).visible, [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('windowing shows failures before older successes', () => {
	const window = windowRows(images('dfdddddddd'), 4);
	assert.ok(window.visible.includes(1), 'the failed row is kept');
	assert.equal(window.lines, 4);
	assert.equal(window.before?.done, 7);
});

test('windowing never exceeds the budget and counts every hidden row', () => {
	const patterns = ['d'.repeat(200), 'q'.repeat(200), `${'d'.repeat(50)}${'r'.repeat(30)}${'q'.repeat(120)}`, `${'d'.repeat(3)}${'a'.repeat(197)}`, 'dfrqadfrqa'.repeat(20)];
	for (const pattern of patterns) {
		const all = images(pattern);
		for (let budget = 0; budget <= 25; budget++) {
			const window = windowRows(all, budget);
			assert.ok(window.lines <= budget, `${budget} lines, used ${window.lines}`);
			const hidden = (window.before ? hiddenTotal(window.before) : 0) + (window.after ? hiddenTotal(window.after) : 0);
			if (budget > 0) {
				assert.equal(window.visible.length + hidden, all.length, `every row accounted for at ${budget}`);
			}

			assert.deepEqual([...window.visible].sort((a, b) => a - b), window.visible, 'ascending');
		}
	}
});

test('windowing uses every line given, also one or two', () => {
	const done = windowRows(images('d'.repeat(10)), 2);
	assert.equal(done.lines, 2, 'the latest row under the count of the others');
	assert.deepEqual(done.visible, [9]);
	assert.deepEqual(done.before, {done: 9, failed: 0, aborted: 0, running: 0, queued: 0});
	const mixed = windowRows(images(`${'d'.repeat(3)}${'q'.repeat(7)}`), 2);
	assert.equal(mixed.lines, 2, 'done above, queued below');
	assert.equal(mixed.before?.done, 3);
	assert.equal(mixed.after?.queued, 7);
	assert.equal(windowRows(images(`${'d'.repeat(3)}${'q'.repeat(7)}`), 1).lines, 1, 'one line counts everything');
});

test('aborted rows collapse below, with the queued ones', () => {
	const window = windowRows(images(`ddd${'a'.repeat(20)}`), 5);
	assert.deepEqual(window.visible, [0, 1, 2, 3]);
	assert.equal(window.after?.aborted, 19);
	assert.equal(window.before, undefined);
});

test('screen plan stays below the terminal height', () => {
	for (const columns of [60, 80, 120, 160]) {
		for (const rows of [10, 16, 24, 48]) {
			for (const count of [1, 10, 200]) {
				for (const summaryHeights of [[], [10, 4, 1], [11, 4, 1]]) {
					for (const busy of [[true, false], [false, true], [false, false]] as const) {
						const plan = planScreen({
							columns,
							rows,
							summaryHeights,
							footerLines: 1,
							panels: [{rows: count, busy: busy[0]}, {rows: count, busy: busy[1]}],
						});
						assert.ok(plan.height <= rows - 1, `${columns}x${rows}, ${count} images: height ${plan.height}`);
						assert.ok(plan.bodyLines.every(lines => lines >= 0));
					}
				}
			}
		}
	}
});

test('screen plan at 80x24: 10 + 10 rows fit while running, the summary fits at the end', () => {
	const running = planScreen({columns: 80, rows: 24, summaryHeights: [], footerLines: 1, panels: [{rows: 10, busy: true}, {rows: 10, busy: false}]});
	assert.equal(running.arrangement, 'stacked');
	assert.deepEqual(running.bodyLines, [10, 10]);
	const end = planScreen({columns: 80, rows: 24, summaryHeights: [10, 4, 1], footerLines: 1, panels: [{rows: 10, busy: false}, {rows: 10, busy: false}]});
	assert.equal(end.summaryVariant, 0, 'the full summary');
	assert.equal(end.height, 23);
	assert.ok(end.bodyLines[0]! >= 3 && end.bodyLines[1]! >= 3);
});

test('screen plan gives the busy panel the room', () => {
	const plan = planScreen({columns: 80, rows: 24, summaryHeights: [], footerLines: 1, panels: [{rows: 200, busy: false}, {rows: 200, busy: true}]});
	assert.ok(plan.bodyLines[1]! > plan.bodyLines[0]! * 2, `${plan.bodyLines.join(' vs ')}`);
});

test('screen plan side by side gives each panel the full height', () => {
	const plan = planScreen({columns: 160, rows: 48, summaryHeights: [10, 4, 1], footerLines: 1, panels: [{rows: 10, busy: false}, {rows: 10, busy: false}]});
	assert.equal(plan.arrangement, 'side-by-side');
	assert.deepEqual(plan.bodyLines, [10, 10]);
	assert.equal(plan.summaryVariant, 0);
});

test('screen plan drops to a shorter summary on a short terminal', () => {
	const plan = planScreen({columns: 80, rows: 14, summaryHeights: [10, 4, 1], footerLines: 1, panels: [{rows: 10, busy: false}, {rows: 10, busy: false}]});
	assert.equal(plan.summaryVariant, 1);
	assert.ok(plan.height <= 13);
});

test('row columns: the bar adapts to the width and optional fields go when narrow', () => {
	const wide = rowColumns(160, 10);
	assert.equal(wide.bar, rowFieldWidths.maxBar);
	assert.ok(wide.ttfb > 0 && wide.dims > 0 && wide.speed > 0);
	const eighty = rowColumns(80, 10);
	assert.ok(eighty.bar >= rowFieldWidths.minBar && eighty.bar < wide.bar);
	assert.ok(eighty.ttfb > 0, 'everything fits at 80');
	const half = rowColumns(49, 10);
	assert.equal(half.ttfb, 0);
	assert.equal(half.dims, 0);
	assert.ok(half.bar >= rowFieldWidths.minBar);
	for (const width of [20, 30, 40, 49, 60, 79, 80, 100, 160]) {
		const columns = rowColumns(width, 200);
		const used = columns.index + 1 + 1 + 1 + columns.bar + [columns.bytes, columns.speed, columns.time, columns.retry, columns.dims, columns.ttfb]
			.reduce((sum, field) => sum + (field > 0 ? field + 1 : 0), 0);
		assert.ok(used <= width, `${width} columns: a row takes ${used}`);
	}
});

test('after an abort, rows cut short show before those that never started', () => {
	const all: WindowedImage[] = [
		{index: 0, status: 'done', endMs: 10, startMs: 0},
		{index: 1, status: 'aborted', endMs: undefined, startMs: 10},
		...Array.from({length: 20}, (_, offset): WindowedImage => ({index: offset + 2, status: 'aborted', endMs: undefined})),
	];
	const window = windowRows(all, 3);
	assert.deepEqual(window.visible, [0, 1]);
	assert.equal(window.after?.aborted, 20);
});

test('the ranking the fold keeps up to date matches one built afresh from the rows', () => {
	const count = 60;
	const state = newSession({imageCount: count, concurrency: 8});
	const script = new EventScript('parallel', count, {concurrency: 8});
	const next = (() => {
		let seed = 7;
		return (n: number) => {
			seed = ((seed * 1_103_515_245) + 12_345) % 2_147_483_648;
			return seed % n;
		};
	})();
	const events = [...script.events];
	let started = 0;
	const running: number[] = [];
	for (let step = 0; step < 200 && (started < count || running.length > 0); step++) {
		const at = 1000 + (step * (next(3) === 0 ? 0 : 5));
		if (started < count && (running.length < 8 || next(2) === 0) && running.length < 12) {
			events.push({type: 'image-started', runId: script.runId, at, index: started, url: `http://fake/${started}.jpg`});
			running.push(started++);
		} else {
			const [index] = running.splice(next(running.length), 1);
			events.push(next(5) === 0
				? {type: 'image-failed', runId: script.runId, at, index: index!, url: '', code: 'ERR_IMGRACE_TRUNCATED', reason: 'cut', retries: 0, totalMs: 0}
				: {type: 'image-done', runId: script.runId, at, index: index!, url: '', bytes: 10, path: '', contentType: 'image/jpeg', width: 1, height: 1, ttfbMs: 1, totalMs: 1, retries: 0});
		}
	}

	events.push({type: 'run-aborted', runId: script.runId, at: 5000, wallMs: 4000, ok: 0, failed: 0, bytes: 0});
	reduceSession(state, events[0]!);
	const record = track(state, 'parallel').current!;
	const index = record.rows;
	// Used from the start, so every later status change goes through its incremental path.
	index.ranked(1);
	for (const event of events.slice(1)) {
		reduceSession(state, event);
		for (const budget of [0, 2, 3, 5, 9, 20, 70]) {
			const expected = windowRows(record.images, budget);
			const actual = windowRanked(index.ranked(256), index.counts, record.images.length, budget);
			assert.deepEqual({...actual, visible: actual.visible.map(image => image.index)}, expected, `${event.type} at budget ${budget}`);
		}
	}
});
