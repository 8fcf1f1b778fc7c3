import assert from 'node:assert/strict';
import {test} from 'node:test';
import {reduceSession, type SessionState} from '../source/model/session-state.js';
import {arrangementFor} from '../source/view/arrangement.js';
import {footerKeys, footerWidth} from '../source/view/footer-keys.js';
import {buildScreen} from '../source/view/screen.js';
import {planScreen, type PanelDemand} from '../source/view/screen-plan.js';
import {Snapshotter} from '../source/view/snapshot.js';
import {fitTitle, summaryLayout} from '../source/view/summary-layout.js';
import {summaryHeight, summaryVariants, verdictLines, type SummaryView} from '../source/view/summary.js';
import {labelsForWork} from '../source/ui/live/strategy-labels.js';
import {extraRegistry as registry, extraStrategies} from './helpers/extra-strategies.js';
import {EventScript} from './helpers/fake-runner.js';
import {newSession, summaryOf} from './helpers/session.js';

const sizes = [{columns: 80, rows: 24}, {columns: 100, rows: 30}, {columns: 160, rows: 40}, {columns: 40, rows: 20}] as const;
const four = ['sequential', 'parallel', ...extraStrategies.map(strategy => strategy.name)];

/** Every strategy of the session raced once over `count` images: sequential one by one, the rest 4 wide. */
function raced(count: number, strategies = four): SessionState {
	const state = newSession({imageCount: count, concurrency: 4});
	for (const strategy of strategies) {
		const script = new EventScript(strategy, count, {concurrency: strategy === 'sequential' ? 1 : 4});
		let end = 0;
		for (let index = 0; index < count; index++) {
			const from = strategy === 'sequential' ? index * 100 : Math.floor(index / 4) * 100;
			script.image(index, 20_000, from, from + 100);
			end = Math.max(end, from + 100);
		}

		for (const event of script.at(end).finished().events) {
			reduceSession(state, event);
		}
	}

	return state;
}

/** The summary of four finished strategies, shared by the plan tests. */
const summary = (() => {
	const view = summaryOf(raced(10));
	assert.ok(view, 'four finished runs have a summary');
	return view;
})();

function heights(view: SummaryView, columns: number): number[] {
	return summaryVariants.map(variant => summaryHeight(view, variant, columns));
}

function panelsOf(count: number, demand: PanelDemand): PanelDemand[] {
	return Array.from({length: count}, () => demand);
}

test('arrangement for 1 to 4 panels: stacked when narrow, two to a line from 100 columns, all on one line from 50 a panel', () => {
	const expected: Record<number, string[]> = {
		1: ['side-by-side', 'side-by-side', 'side-by-side', 'stacked'],
		2: ['stacked', 'side-by-side', 'side-by-side', 'stacked'],
		3: ['stacked', 'grid', 'side-by-side', 'stacked'],
		4: ['stacked', 'grid', 'grid', 'stacked'],
	};
	for (let panels = 1; panels <= 4; panels++) {
		assert.deepEqual(sizes.map(size => arrangementFor(size.columns, panels)), expected[panels], `${panels} panels`);
	}

	assert.equal(arrangementFor(200, 4), 'side-by-side');
	const widths = (columns: number, panels: number) => planScreen({columns, rows: 40, summaryHeights: [], footerLines: 1, panels: panelsOf(panels, {rows: 1, busy: false})}).panelWidths;
	assert.deepEqual(widths(160, 4), [79, 79, 79, 79], 'two by two: as wide as two side by side');
	assert.deepEqual(widths(100, 3), [49, 49, 100], 'the third alone on its line: all of it, every column shown');
	assert.deepEqual(widths(160, 5), [79, 79, 79, 79, 79], 'the fifth alone on its line lines up with the four above, whose width shows every column');
	assert.deepEqual(widths(80, 4), [80, 80, 80, 80]);
	assert.deepEqual(widths(200, 4), [48, 48, 48, 48]);
});

test('plan for 1 to 4 panels at 80x24, 100x30, 160x40, 40x20: never as tall as the terminal, every panel keeps its header', () => {
	for (const size of sizes) {
		for (let panels = 1; panels <= 4; panels++) {
			for (const count of [1, 10, 200]) {
				for (const busyAt of [-1, 0, panels - 1]) {
					for (const summaryHeights of [[], heights(summary, size.columns)]) {
						const plan = planScreen({
							...size,
							summaryHeights,
							footerLines: 1,
							panels: Array.from({length: panels}, (_, at) => ({rows: count, busy: at === busyAt})),
						});
						const where = `${panels} panels at ${size.columns}x${size.rows}, ${count} images, busy ${busyAt}`;
						assert.ok(plan.height <= size.rows - 1, `${where}: height ${plan.height}`);
						assert.deepEqual(plan.lines.flat(), Array.from({length: panels}, (_, at) => at), `${where}: every panel on a line, in order`);
						assert.ok(plan.bodyLines.every(lines => lines >= 0 && lines <= count), where);
						assert.ok(plan.lines.every(line => line.reduce((total, at) => total + plan.panelWidths[at]!, 0) <= size.columns), `${where}: panels fit the width`);
					}
				}
			}
		}
	}
});

test('plan at 80x24: four finished panels keep a line each under the full summary, its verdict and claim', () => {
	const plan = planScreen({columns: 80, rows: 24, summaryHeights: heights(summary, 80), footerLines: 1, panels: panelsOf(4, {rows: 10, busy: false})});
	assert.equal(plan.arrangement, 'stacked');
	assert.equal(plan.summaryVariant, 0, 'the full summary');
	assert.ok(verdictLines(summary, 'full', 80).claim.length > 0, 'the claim is part of it');
	assert.ok(plan.bodyLines.every(lines => lines >= 1), plan.bodyLines.join(' '));
	assert.equal(plan.height, 23, 'every line used');
});

test('plan at 80x24: the panel racing gets the room, the three waiting a glimpse', () => {
	const plan = planScreen({columns: 80, rows: 24, summaryHeights: [], footerLines: 1, panels: [{rows: 200, busy: false}, {rows: 200, busy: true}, {rows: 200, busy: false}, {rows: 200, busy: false}]});
	assert.ok(plan.bodyLines[1]! >= 10, plan.bodyLines.join(' '));
	assert.ok([0, 2, 3].every(at => plan.bodyLines[at] === 2), plan.bodyLines.join(' '));
});

test('plan at 160x40: four panels two by two, each line of panels shares the height', () => {
	const plan = planScreen({columns: 160, rows: 40, summaryHeights: heights(summary, 160), footerLines: 1, panels: panelsOf(4, {rows: 10, busy: false})});
	assert.equal(plan.arrangement, 'grid');
	assert.deepEqual(plan.lines, [[0, 1], [2, 3]]);
	assert.deepEqual(plan.panelWidths, [79, 79, 79, 79]);
	assert.deepEqual(plan.bodyLines, [10, 10, 10, 10]);
	assert.equal(plan.summaryVariant, 0);
	assert.equal(plan.height, (2 * 11) + summaryHeight(summary, 'full', 160) + 1);
	// A line of panels is as tall as its tallest: one busy panel with 200 rows takes the room of its line.
	const busy = planScreen({columns: 160, rows: 40, summaryHeights: [], footerLines: 1, panels: [{rows: 3, busy: false}, {rows: 3, busy: false}, {rows: 200, busy: true}, {rows: 3, busy: false}]});
	assert.deepEqual(busy.bodyLines.slice(0, 2), [3, 3]);
	assert.equal(busy.bodyLines[3], 3);
	assert.equal(busy.height, 39);
});

test('plan for three panels at 100x30: two on the first line, the third below', () => {
	const plan = planScreen({columns: 100, rows: 30, summaryHeights: [], footerLines: 1, panels: panelsOf(3, {rows: 10, busy: false})});
	assert.deepEqual(plan.lines, [[0, 1], [2]]);
	assert.equal(plan.height, 11 + 11 + 1);
});

test('plan for two panels is what it was: stacked at 80, side by side from 100', () => {
	const panels = panelsOf(2, {rows: 10, busy: false});
	const stacked = planScreen({columns: 80, rows: 24, summaryHeights: [10, 4, 1], footerLines: 1, panels});
	assert.deepEqual([stacked.lines, stacked.bodyLines, stacked.height], [[[0], [1]], [5, 5], 23]);
	const wide = planScreen({columns: 100, rows: 30, summaryHeights: [10, 4, 1], footerLines: 1, panels});
	assert.deepEqual([wide.arrangement, wide.lines, wide.bodyLines, wide.height], ['side-by-side', [[0, 1]], [10, 10], 22]);
});

test('summary columns: two keep the 16-column labels; four fit 80 columns in short form, or come in two blocks at 40', () => {
	assert.deepEqual(summaryLayout(2, 80), {labelWidth: 16, valueWidth: 31, groups: [[0, 1]], short: false});
	assert.deepEqual(summaryLayout(2, 40), {labelWidth: 16, valueWidth: 11, groups: [[0, 1]], short: false});
	assert.equal(summaryLayout(4, 160).short, false);
	for (const width of [80, 100, 40]) {
		const layout = summaryLayout(4, width);
		assert.equal(layout.short, true, `${width}`);
		for (const group of layout.groups) {
			assert.ok(layout.labelWidth + (group.length * (layout.valueWidth + 1)) <= width, `${width}: a block fits`);
		}

		const longest = Math.max(...summary.rows.flatMap(row => row.shortValues.map(value => [...value].length)));
		assert.ok(longest <= layout.valueWidth, `${width}: the short values fit (${longest} in ${layout.valueWidth})`);
		assert.ok(summary.rows.every(row => row.shortLabel.length <= layout.labelWidth));
	}

	assert.deepEqual(summaryLayout(4, 80).groups, [[0, 1, 2, 3]]);
	assert.deepEqual(summaryLayout(4, 40).groups, [[0, 1], [2, 3]]);
	const verdict = (width: number) => verdictLines(summary, 'full', width).verdict.length + verdictLines(summary, 'full', width).claim.length;
	assert.equal(summaryHeight(summary, 'full', 40), (2 * (summary.rows.length + 1)) + verdict(40));
	assert.equal(summaryHeight(summary, 'full', 80), summary.rows.length + 1 + verdict(80));
});

test('short summary values say a unit once when they share it', () => {
	const spread = summary.rows.find(row => row.label === 'median/p95/max')!;
	assert.equal(spread.shortLabel, 'med/p95/max');
	assert.match(spread.shortValues[0]!, /^\d+\/\d+\/\d+ms$/);
	assert.equal(spread.values[0], spread.shortValues[0]!.replace(/ms$/, '').split('/').map(value => `${value}ms`).join(' / '));
});

test('summary titles cut to a column keep how wide the strategy ran', () => {
	assert.equal(fitTitle('Test processes ×4', 16), 'Test processes×4', 'whole, its width joined on as the verdict writes it');
	assert.equal(fitTitle('Test processes ×4', 15), 'Test proces… ×4');
	assert.equal(fitTitle('Processes ×10', 12), 'Processes×10');
	assert.equal(fitTitle('Parallel ×4', 16), 'Parallel ×4     ');
	assert.equal(fitTitle('Sequential', 6), 'Seque…');
});

test('footer: every strategy named while the names fit, the rerun keys together when not; always within 80 columns', () => {
	const two = [{key: 's', name: 'sequential'}, {key: 'p', name: 'parallel'}];
	// Named, every key takes 85 columns: at 80 the rerun keys go together.
	assert.deepEqual(footerKeys({strategies: two, concurrency: 8, imageCount: 10, status: undefined, width: 85}).map(entry => `${entry.key} ${entry.label}`), ['s sequential', 'p parallel', 'r both', '+/- ×8', 'q quit', 't timeline', 'h histogram', 'g images']);
	assert.deepEqual(footerKeys({strategies: two, concurrency: 8, imageCount: 10, status: undefined, width: 80}).map(entry => `${entry.key} ${entry.label}`), ['s p rerun', 'r both', '+/- ×8', 'q quit', 't timeline', 'h histogram', 'g images']);
	const all = [...two, ...extraStrategies.map(strategy => ({key: strategy.key, name: strategy.name}))];
	const keys = footerKeys({strategies: all, concurrency: 10, imageCount: 10, status: 'quitting…', width: 80});
	assert.deepEqual(keys.map(entry => `${entry.key} ${entry.label}`), ['s p 3 4 rerun', 'r all', '+/- ×10 (max)', 'q quit', 't/h/g charts']);
	assert.ok(keys.reduce((total, entry) => total + entry.key.length + entry.label.length + 3, 'quitting…'.length) <= 80);
	assert.equal(footerKeys({strategies: all, concurrency: 4, imageCount: 10, status: undefined, width: 160}).length, 10, 'named at 160');
});

test('footer: the chart keys after quit, "esc back" while a chart is shown, the chart keys together when short of room', () => {
	const two = [{key: 's', name: 'sequential'}, {key: 'p', name: 'parallel'}];
	const all = [...two, ...extraStrategies.map(strategy => ({key: strategy.key, name: strategy.name}))];
	const shown = (input: {width: number; chart?: boolean; strategies?: typeof two}) => footerKeys({strategies: input.strategies ?? two, concurrency: 10, imageCount: 10, status: undefined, width: input.width, chart: input.chart}).map(entry => `${entry.key} ${entry.label}`);
	assert.deepEqual(shown({width: 90, chart: true}).slice(-4), ['t timeline', 'h histogram', 'g images', 'esc back']);
	assert.deepEqual(shown({width: 80, chart: true}).slice(-2), ['t/h/g charts', 'esc back']);
	assert.ok(shown({width: 80, chart: true, strategies: all}).join('  ').length <= 80, 'four strategies and a chart within 80 columns');
	assert.deepEqual(shown({width: 66, chart: true}), ['s p rerun', 'r both', '+/- ×10 (max)', 'q quit', 't/h/g charts', 'esc back']);
	assert.ok(shown({width: 66, chart: true}).join('  ').length <= 66);
	// 60 columns, three strategies: not all of it fits; what is left out is the chart keys, whole, never the way back.
	const three = [...two, {key: 'w', name: 'threads'}];
	const narrow = shown({width: 60, chart: true, strategies: three});
	assert.deepEqual(narrow, ['esc back', 's p w rerun', 'r all', '+/- ×10 (max)', 'q quit']);
	assert.deepEqual(shown({width: 60, chart: true}), ['esc back', 's p rerun', 'r both', '+/- ×10 (max)', 'q quit'], 'two strategies, a key cut mid-word before');
	assert.deepEqual(shown({width: 24, chart: true}), ['esc back', 'q quit'], 'the keys that fit whole, however narrow, the ways back and out kept');
	// 40 columns, five strategies: the rest goes before quit does.
	assert.deepEqual(shown({width: 40, strategies: all}), ['s p 3 4 rerun', 'r all', 'q quit']);
	assert.equal(shown({width: 60, strategies: three}).at(-1), 't/h/g charts', 'no chart on screen: as before');
	// Five strategies at 60 columns: the whole line is 59, with nothing after its last key.
	const five = [...three, {key: 'c', name: 'processes'}, {key: 'i', name: 'pipeline'}];
	assert.deepEqual(shown({width: 60, strategies: five}), ['s p w c i rerun', 'r all', '+/- ×10 (max)', 'q quit', 't/h/g charts']);
	assert.equal(footerWidth(footerKeys({strategies: five, concurrency: 10, imageCount: 10, status: undefined, width: 60}), undefined), 59);
	assert.equal(shown({width: 58, strategies: five}).at(-1), 'q quit');
});

test('screen of four finished strategies at 80x24 and 160x40: every panel, the summary, within the terminal', () => {
	const state = raced(10);
	const snapshot = new Snapshotter(labelsForWork(registry, undefined)).take(state, 10_000);
	assert.deepEqual(snapshot.strategies.map(view => view.strategy), four);
	const narrow = buildScreen(snapshot, summary, {columns: 80, rows: 24});
	assert.equal(narrow.summary?.variant, 'full');
	assert.ok(narrow.height <= 23);
	assert.ok(narrow.panels.every(panel => panel.progress === '10/10' && (panel.rows.length > 0 || panel.before !== undefined)), 'each panel says how far it got');
	const wide = buildScreen(snapshot, summary, {columns: 160, rows: 40});
	assert.equal(wide.arrangement, 'grid');
	assert.deepEqual(wide.lines, [[0, 1], [2, 3]]);
	assert.ok(wide.panels.every(panel => panel.rows.length === 10), 'every row shows two by two');
});

test('plan on a short terminal: the race in flight keeps rows however many panels wait', () => {
	const panels: PanelDemand[] = [{rows: 200, busy: false}, {rows: 200, busy: true}, {rows: 200, busy: false}, {rows: 200, busy: false}];
	const plan = planScreen({columns: 80, rows: 10, summaryHeights: [], footerLines: 1, panels});
	assert.deepEqual(plan.bodyLines, [0, 4, 0, 0]);
	assert.equal(plan.height, 9);
	const taller = planScreen({columns: 80, rows: 14, summaryHeights: [], footerLines: 1, panels});
	assert.equal(taller.bodyLines[1], 4, 'the busy panel first, the waiting ones what is left');
	assert.deepEqual([taller.bodyLines[0], taller.bodyLines[2], taller.bodyLines[3]], [2, 2, 0]);
});

/** Lines a stacked screen draws: each panel's header and body, the summary, the footer. */
function drawnLines(screen: ReturnType<typeof buildScreen>): number {
	const panels = screen.panels.map(panel => 1 + (panel.empty ? 1 : 0) + (panel.before ? 1 : 0) + panel.rows.length + (panel.after ? 1 : 0));
	const summary = screen.summary ? summaryHeight(screen.summary.view, screen.summary.variant, screen.columns, screen.summary.whole) : 0;
	return panels.reduce((total, lines) => total + lines, 0) + summary + 1;
}

test('screen at 60x20: four finished strategies keep the summary table, every planned line drawn', () => {
	const snapshot = new Snapshotter(labelsForWork(registry, undefined)).take(raced(10), 10_000);
	const screen = buildScreen(snapshot, summary, {columns: 60, rows: 20});
	assert.equal(screen.arrangement, 'stacked');
	assert.notEqual(screen.summary?.variant, 'verdict', 'a table with the wall times, not the verdict alone');
	assert.ok(screen.summary, 'the summary shows');
	assert.ok(screen.height <= 19, `${screen.height} lines`);
	assert.equal(drawnLines(screen), screen.height, 'no planned line left blank');
	// In its header: a finished panel needs no body line to say so, and the whole verdict takes the room.
	assert.ok(screen.panels.every(panel => panel.progress === '10/10'), 'each panel says how far it got');
	assert.equal(screen.summary?.whole, true, 'the verdict said whole');
});

test('screen at 60x20 mid-race: the lines given to panels are drawn, none left blank under a cut summary', () => {
	const state = raced(10, four.slice(0, 2));
	const racing = new EventScript(four[2]!, 10, {concurrency: 4}).image(0, 20_000, 0, 100).image(1, 20_000, 0, 100).at(100).started(4).started(5);
	for (const event of racing.events) {
		reduceSession(state, event);
	}

	reduceSession(state, {type: 'planned', strategies: [four[3]!]});
	const snapshot = new Snapshotter(labelsForWork(registry, undefined)).take(state, 10_000);
	const twoFinished = summaryOf(state);
	assert.ok(twoFinished);
	for (const rows of [16, 18, 20, 24]) {
		const screen = buildScreen(snapshot, twoFinished, {columns: 60, rows});
		assert.ok(screen.height <= rows - 1, `${rows} rows: ${screen.height} lines`);
		assert.equal(drawnLines(screen), screen.height, `${rows} rows: every planned line drawn (summary ${screen.summary?.variant})`);
	}
});
