import type {BenchResults} from '../results.js';
import {cpuSections} from './section-cpu.js';
import {idealSections} from './section-ideal.js';
import {memorySections, uiSections} from './section-memory-ui.js';
import {scaleSections} from './section-scale.js';
import {startupSections} from './section-startup.js';
import {targetSections} from './section-targets.js';

/** One table of the report, independent of how it is drawn (terminal text or Markdown). */
export type Section = {
	readonly title: string;
	readonly columns: readonly string[];
	readonly rows: ReadonlyArray<readonly string[]>;
	/** Lines printed under the table. */
	readonly notes: readonly string[];
};

/** The report's tables, in the issues' order, then the targets. */
export function buildSections(results: BenchResults): Section[] {
	return [
		...idealSections(results),
		...scaleSections(results),
		...memorySections(results),
		...uiSections(results),
		...startupSections(results),
		...cpuSections(results),
		...targetSections(results),
	];
}
