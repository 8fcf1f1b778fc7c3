import {memorySeries} from '../memory-series.js';
import type {BenchResults} from '../results.js';
import {integer, meanSd, range, ratio, targetCell} from './cells.js';
import type {Section} from './sections.js';

/** Scenario 3: the engine's peak RSS as the image count grows. */
export function memorySections(results: BenchResults): Section[] {
	const series = memorySeries(results.memory);
	if (series.length === 0) {
		return [];
	}

	return [{
		title: '3. Memory: engine peak RSS (--json, 50 KB images, concurrency 64)',
		columns: ['Client', 'Images', 'Peak RSS [MB] mean ± σ', 'min … max [MB]', '× fewest images', 'Wall [ms]'],
		rows: series.flatMap(({first, points}) => points.map(point => [
			point.client,
			integer.format(point.count),
			meanSd(point.stats.peakRssMb, 1),
			range(point.stats.peakRssMb, 1),
			ratio(point.peakRssMb / first.peakRssMb, undefined, 2),
			meanSd(point.stats.wallMs),
		])),
		notes: series.map(({name, first, last}) => `${first.client}, ${integer.format(last.count)} / ${integer.format(first.count)} images: ${ratio(last.peakRssMb / first.peakRssMb, undefined, 2)} — target ${targetCell(results, name)}`),
	}];
}

/** Scenario 4: the Ink UI against --json on the same workload. */
export function uiSections(results: BenchResults): Section[] {
	const {ui} = results;
	if (!ui) {
		return [];
	}

	return [{
		title: `4. The UI: ${integer.format(ui.images)} images, concurrency ${ui.concurrency}, Ink on an in-memory 80×24 TTY vs --json`,
		columns: ['Output', 'Run wall [ms]', 'CPU user+sys [ms]', 'Peak RSS [MB]', 'Frames', 'Frames/s'],
		rows: [
			['Ink UI', meanSd(ui.stats.uiWallMs), meanSd(ui.stats.uiCpuMs), meanSd(ui.stats.uiPeakRssMb, 1), meanSd(ui.stats.frames), meanSd(ui.stats.fps, 1)],
			['--json', meanSd(ui.stats.jsonWallMs), meanSd(ui.stats.jsonCpuMs), meanSd(ui.stats.jsonPeakRssMb, 1), '–', '–'],
			['UI / --json', ratio(ui.wallRatio, undefined, 2), ratio(ui.cpuRatio, undefined, 2), '', '', ''],
		],
		notes: [
			`wall ${targetCell(results, 'UI wall / --json wall')}; CPU ${targetCell(results, 'UI CPU / --json CPU')}; frames/s ${targetCell(results, 'UI frames per second')}`,
		],
	}];
}
