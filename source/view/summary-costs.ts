import {formatDuration, formatMemoryGrowth, formatRatio} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import type {RunFigures} from '../model/run-figures.js';
import {mean} from '../stats/statistics.js';
import {countedRuns, type SummaryInput} from './summary-inputs.js';
import type {SummaryRow} from './summary-layout.js';

/**
 * Speedup against sequential, CPU, memory and start-up: what each strategy cost for its speed. The
 * costs of the runs the wall time row counts (the comparable ones), each a mean as that time is
 * one: a column never mixes a mean with the latest run's figure.
 */
export function costRows(inputs: readonly SummaryInput[]): SummaryRow[] {
	const each = (pick: (input: SummaryInput) => string): string[] => inputs.map(input => pick(input));
	const row = (label: string, values: string[], shortLabel = label): SummaryRow => ({label, values, shortLabel, shortValues: values});
	const sequential = inputs.find(input => input.lastComplete?.role === 'one-at-a-time');
	return [
		// Over sequential: with none in the race, a row of dashes would say nothing.
		...(sequential ? [row('speedup', each(input => orMissing(meanSpeedup(input, sequential), formatRatio)))] : []),
		// Measured in the process that draws this summary: its main thread's CPU and its memory hold the
		// UI's too (piped output has none), which weighs most on the strategy that runs longest there.
		row('cpu (with UI)', each(input => orMissing(meanFigure(input, figures => figures.cpuMs), formatDuration)), 'cpu w/ UI'),
		row('memory (with UI)', each(input => orMissing(meanFigure(input, figures => figures.peakRssMb), formatMemoryGrowth)), 'mem w/ UI'),
		row('start-up', each(input => orMissing(meanFigure(input, figures => figures.startupMs), formatDuration))),
	];
}

/** A figure's mean over the counted runs that have it; undefined when none has. */
function meanFigure(input: SummaryInput, pick: (figures: RunFigures) => number | undefined): number | undefined {
	const values = countedRuns(input).map(run => pick(run.figures)).filter((value): value is number => value !== undefined);
	return values.length === 0 ? undefined : mean(values);
}

/**
 * The one-at-a-time strategy's mean wall over this one's (their whole comparable runs, as the verdict
 * weighs them), when both did the same images and work; sequential itself is 1.
 */
function meanSpeedup(input: SummaryInput, sequential: SummaryInput | undefined): number | undefined {
	const [own, theirs] = [countedRuns(input), sequential ? countedRuns(sequential) : []];
	const [a, b] = [own.at(-1)?.figures, theirs.at(-1)?.figures];
	if (!a || !b || a.imageCount !== b.imageCount || a.work !== b.work) {
		return undefined;
	}

	return mean(theirs.map(run => run.wallMs)) / mean(own.map(run => run.wallMs));
}

function orMissing(value: number | undefined, format: (value: number) => string): string {
	return value === undefined ? glyphs.missing : format(value);
}
