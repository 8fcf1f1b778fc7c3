import type {SweepResult} from '../../model/sweep-levels.js';
import {sweepNotes, sweepTable} from '../sweep-report.js';
import type {ChartSpec} from './chart-spec.js';
import type {Machine} from './machine.js';
import {settingPairs, type ReportPage} from './race-report.js';

const strategyColours = ['#4a90d9', '#2e7d32', '#c0507a', '#f08c3a', '#8e6bbf'];

/** "parallel stopped paying at ×8", a line per strategy. */
export function payoffLines(result: SweepResult): string[] {
	return result.byStrategy.map(entry => {
		if (entry.stoppedPayingAt !== undefined) {
			return `${entry.strategy}: adding concurrency stopped paying at ×${entry.stoppedPayingAt}`;
		}

		return entry.stillPayingAt === undefined ? `${entry.strategy}: no result` : `${entry.strategy}: still paying at ×${entry.stillPayingAt}, the widest level`;
	});
}

/** Per strategy, its speedup at each level beside the ideal one, with what the plain chart says under it ("Level ×16 ran as ×8: …"). */
export function sweepCharts(result: SweepResult): ChartSpec[] {
	const strategies = [...new Set(result.levels.map(level => level.strategy))];
	return strategies.map((strategy, at) => {
		const levels = result.levels.filter(level => level.strategy === strategy);
		const finite = (value: number) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);
		const notes = sweepNotes(levels, result.limits.images);
		return {
			kind: 'lines',
			title: `Speedup by concurrency, ${strategy}`,
			xLabel: 'concurrency',
			yLabel: 'speedup',
			x: levels.map(level => level.concurrency),
			series: [
				{label: strategy, values: levels.map(level => finite(level.speedup)), colour: strategyColours[at % strategyColours.length]!},
				{label: 'ideal', values: levels.map(level => finite(level.ideal)), colour: '#9aa5b1', dash: true},
			],
			...(notes.length === 0 ? {} : {note: notes.join('; ')}),
		};
	});
}

export type SweepReportInput = {
	readonly result: SweepResult;
	readonly settings: Readonly<Record<string, unknown>>;
	readonly machine: Machine;
	readonly version: string;
	readonly madeAt: string;
};

/** A sweep's report: where adding concurrency stopped paying, the speedup charts, the levels' table. Pure. */
export function sweepReport(input: SweepReportInput): ReportPage {
	const [first, ...rest] = payoffLines(input.result);
	return {
		title: 'imgrace sweep',
		subtitle: `imgrace ${input.version}, ${input.madeAt}`,
		verdict: {text: first ?? 'no result', claims: rest},
		waterfalls: [],
		charts: sweepCharts(input.result),
		tables: [{title: 'Levels', table: sweepTable(input.result)}],
		settings: settingPairs(input.settings),
		machine: input.machine,
	};
}
