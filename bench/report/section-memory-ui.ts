import type {BenchResults} from '../results.js';
import {integer, meanSd, range, ratio, targetCell} from './cells.js';
import type {Section} from './sections.js';

/** Scenario 3: the engine's peak RSS as the image count grows. */
export function memorySections(results: BenchResults): Section[] {
	const first = results.memory[0];
	const last = results.memory.at(-1);
	if (!first || !last) {
		return [];
	}

	return [{
		title: '3. Memory: engine peak RSS (--json, 50 KB images, concurrency 64)',
		columns: ['Images', 'Peak RSS [MB] mean ± σ', 'min … max [MB]', `× ${integer.format(first.count)} images`, 'Wall [ms]'],
		rows: results.memory.map(point => [
			integer.format(point.count),
			meanSd(point.stats.peakRssMb, 1),
			range(point.stats.peakRssMb, 1),
			ratio(point.peakRssMb / first.peakRssMb, undefined, 2),
			meanSd(point.stats.wallMs),
		]),
		notes: results.memory.length > 1 ? [`${integer.format(last.count)} / ${integer.format(first.count)} images: ${ratio(last.peakRssMb / first.peakRssMb, undefined, 2)} — target ${targetCell(results, `peak RSS ${last.count} / ${first.count} images`)}`] : [],
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
