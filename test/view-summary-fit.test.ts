import assert from 'node:assert/strict';
import {test} from 'node:test';
import {reduceSession, type SessionState} from '../source/model/session-state.js';
import {rowCells, summaryLayout, type SummaryRow} from '../source/view/summary-layout.js';
import {EventScript} from './helpers/fake-runner.js';
import {newSession, summaryOf} from './helpers/session.js';

const five = ['sequential', 'parallel', 'threads', 'processes', 'pipeline'];

function play(state: SessionState, script: EventScript): void {
	for (const event of script.events) {
		reduceSession(state, event);
	}
}

/** Every strategy of `strategies` once over `durations` (ms, one image each, all at once but sequential's). */
function raced(strategies: readonly string[], durations: readonly number[]): SessionState {
	const state = newSession({imageCount: durations.length, concurrency: durations.length, strategies});
	for (const strategy of strategies) {
		const script = new EventScript(strategy, durations.length, {concurrency: strategy === 'sequential' ? 1 : durations.length});
		let from = 0;
		for (const [index, each] of durations.entries()) {
			script.image(index, 1000, from, from + each);
			from = strategy === 'sequential' ? from + each : 0;
		}

		play(state, script.at(strategy === 'sequential' ? from : Math.max(...durations)).finished());
	}

	return state;
}

const row = (view: ReturnType<typeof summaryOf>, label: string) => view!.rows.find(candidate => candidate.label === label)!;

test('--mode all --count 1 at 80 columns: median/p95/max too wide for its column gives fewer figures, never a cut unit', () => {
	const view = summaryOf(raced(five, [1020]));
	const layout = summaryLayout(5, 80);
	assert.equal(layout.valueWidth, 12);
	assert.deepEqual(row(view, 'median/p95/max').shortValues, Array.from({length: 5}, () => '1.02/1.02/1.02s'), 'too wide for 12 columns');
	assert.deepEqual(rowCells(row(view, 'median/p95/max'), layout), {label: 'med/p95', values: Array.from({length: 5}, () => '1.02/1.02s')});
	// Where the short form fits, it stays.
	assert.equal(rowCells(row(view, 'median/p95/max'), summaryLayout(5, 100)).label, 'med/p95/max');
});

test('a short value that does not fit: the first narrower form whose values all fit, each whole with its unit', () => {
	const summaryRow: SummaryRow = {
		label: 'median/p95/max',
		values: ['510ms / 610ms / 659ms', '800ms / 1.20s / 1.50s'],
		shortLabel: 'med/p95/max',
		shortValues: ['510/610/659ms', '800ms/1.20s/1.50s'],
		narrower: [{label: 'med/p95', values: ['510/610ms', '800ms/1.20s']}, {label: 'median', values: ['510ms', '800ms']}],
	};
	const narrow = summaryLayout(5, 80);
	assert.deepEqual(rowCells(summaryRow, narrow), {label: 'med/p95', values: ['510/610ms', '800ms/1.20s']});
	assert.deepEqual(rowCells(summaryRow, {...narrow, valueWidth: 9}), {label: 'median', values: ['510ms', '800ms']}, 'one column that does not fit: the whole row narrower, under one label');
	for (const cells of [narrow, {...narrow, valueWidth: 9}, {...narrow, valueWidth: 15}].map(layout => rowCells(summaryRow, layout))) {
		assert.ok(cells.values.every(value => /(?:ms|s)$/.test(value)), cells.values.join(', '));
	}
});

test('--mode all at 80 columns: every summary value fits its column, none cut', () => {
	for (const durations of [[1020], [400, 510, 520, 600, 610, 659], [800, 1200, 1500]]) {
		const view = summaryOf(raced(five, durations))!;
		const layout = summaryLayout(5, 80);
		for (const summaryRow of view.rows) {
			const {values} = rowCells(summaryRow, layout);
			assert.ok(values.every(value => [...value].length <= layout.valueWidth), `${summaryRow.label}: ${values.join(' | ')}`);
		}
	}
});

test('the live costs say they hold the UI\'s, in labels that fit the label columns', () => {
	const state = newSession({imageCount: 2, concurrency: 2, strategies: ['sequential', 'threads']});
	play(state, new EventScript('sequential', 2).image(0, 1000, 0, 100).image(1, 1000, 100, 200).at(200).finished({cpuMs: 50, peakRssMb: 3}));
	play(state, new EventScript('threads', 2, {concurrency: 2}).image(0, 1000, 0, 100).image(1, 1000, 0, 100).at(100).finished({startupMs: 40, cpuMs: 60, peakRssMb: 20}));
	const view = summaryOf(state)!;
	const costs = view.rows.filter(summaryRow => /cpu|mem/.test(summaryRow.label));
	assert.deepEqual(costs.map(summaryRow => [summaryRow.label, summaryRow.shortLabel]), [['cpu (with UI)', 'cpu w/ UI'], ['memory (with UI)', 'mem w/ UI']]);
	for (const [columns, width] of [[2, 80], [5, 80], [5, 60]] as const) {
		const layout = summaryLayout(columns, width);
		for (const summaryRow of costs) {
			assert.ok([...rowCells(summaryRow, layout).label].length <= layout.labelWidth, `${summaryRow.label} at ${columns} columns in ${width}`);
		}
	}
});

test('after reruns the rows of the latest run alone say so, beside the wall time over several runs, within the label columns', () => {
	const state = raced(['sequential', 'parallel'], [100, 120]);
	const latest = ['images', 'bytes', 'per image mean', 'median/p95/max', 'first byte'];
	const once = summaryOf(state)!;
	assert.deepEqual(once.rows.map(summaryRow => summaryRow.label), ['wall time', ...latest.slice(0, 2), 'throughput', ...latest.slice(2)], 'one run each: as always');
	const script = new EventScript('parallel', 2, {concurrency: 2});
	play(state, script.image(0, 1000, 0, 110).image(1, 1000, 0, 130).at(130).finished());
	const view = summaryOf(state)!;
	assert.deepEqual(view.rows.map(summaryRow => summaryRow.label), ['wall time', 'range', 'last run images', 'last run bytes', 'throughput', 'last image mean', 'last med/p95/max', 'last first byte']);
	assert.deepEqual(view.compactRows.map(summaryRow => summaryRow.label), ['wall time', 'last run images']);
	for (const [columns, width] of [[2, 80], [2, 60], [5, 80], [5, 60], [2, 40]] as const) {
		const layout = summaryLayout(columns, width);
		for (const summaryRow of view.rows.slice(2).filter(candidate => candidate.label !== 'throughput')) {
			const cells = rowCells(summaryRow, layout);
			assert.match(cells.label, /^last /, `${summaryRow.label} at ${columns} columns in ${width}`);
			assert.ok([...cells.label].length <= layout.labelWidth, `${cells.label}: ${[...cells.label].length} columns, ${layout.labelWidth} for labels`);
		}
	}

	const median = view.rows.find(summaryRow => summaryRow.label === 'last med/p95/max')!;
	assert.deepEqual(rowCells(median, summaryLayout(5, 80)), {label: 'last p50/95', values: ['110/119ms', '120/129ms']}, 'narrow label columns: a figure gives way to "last"');
	assert.deepEqual(rowCells(median, summaryLayout(2, 60)), {label: 'last med/p95/max', values: ['110/119/120ms', '120/129/130ms']}, 'wide label columns keep every figure');
	assert.equal(rowCells(view.rows.find(summaryRow => summaryRow.label === 'last first byte')!, summaryLayout(5, 60)).label, 'last ttfb');
});
