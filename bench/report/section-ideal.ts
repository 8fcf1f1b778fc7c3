import type {BenchResults} from '../results.js';
import {integer, meanSd, range, ratio, targetCell} from './cells.js';
import type {Section} from './sections.js';

/** Scenario 1: sequential and parallel against the ideal, then the other strategies on the same downloads. */
export function idealSections(results: BenchResults): Section[] {
	const {ideal} = results;
	if (!ideal) {
		return [];
	}

	const sections: Section[] = [{
		title: `1. Against the ideal: ${ideal.images} images of ${integer.format(ideal.imageBytes / 1000)} KB, ${ideal.latencyMs} ms latency, ${integer.format(ideal.bandwidth / 1e6)} MB/s per connection`,
		columns: ['Strategy', 'Wall [ms] mean ± σ', 'min … max [ms]', 'Ideal [ms]', 'Measured / ideal', 'Target'],
		rows: (['sequential', 'parallel'] as const).map(strategy => [
			strategy,
			meanSd(ideal[strategy].wallMs),
			range(ideal[strategy].wallMs),
			integer.format(ideal[strategy].idealMs),
			ratio(ideal[strategy].ratio, ideal[strategy].ratioSd),
			targetCell(results, `${strategy} / ideal`),
		]),
		notes: [],
	}];
	const pooled = ideal.pooled ?? [];
	if (pooled.length > 0) {
		const pipeline = pooled.some(pool => pool.strategy === 'pipeline');
		sections.push({
			title: `1b. The same downloads: threads and processes (${ideal.images} workers each), the pipeline; times in ms`,
			// Within 100 columns with every spread and a target "NOT met".
			columns: ['Strategy', 'Wall', 'Start-up', 'After it', 'Wall ÷ par.', 'After it ÷ par.', 'Target'],
			rows: pooled.map(pool => [
				pool.strategy,
				meanSd(pool.wallMs),
				meanSd(pool.startupMs),
				meanSd(pool.afterStartupMs),
				ratio(pool.wallOverParallel, pool.wallOverParallelSd, 2),
				ratio(pool.overParallel, pool.overParallelSd, 2),
				targetCell(results, pool.strategy === 'pipeline' ? 'download: pipeline / parallel (wall)' : `download: ${pool.strategy} after start-up / parallel`),
			]),
			notes: [
				'after it = the wall minus the start-up (until the last worker was ready); parallel = its wall in section 1.',
				'Threads and processes run in a process each; the pipeline in the race\'s own, right after parallel.',
				pipeline
					? `pipeline start-up ${targetCell(results, 'download: pipeline start-up [ms]')}: no pool when there is nothing to compute.`
					: 'pipeline: no such strategy in this build, no row.',
			],
		});
	}

	return sections;
}
