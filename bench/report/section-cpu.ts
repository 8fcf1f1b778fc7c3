import type {BenchResults, CpuResult} from '../results.js';
import {integer, meanSd, number, ratio} from './cells.js';
import type {Section} from './sections.js';

/** "350±50 ms, 1 MB/s per connection". */
function serverText(cpu: CpuResult): string {
	// Results older than issue 20 had one variant, this one.
	const server = cpu.server ?? {latencyMs: 20, jitterMs: 0, bandwidth: 0};
	return `${server.latencyMs}±${server.jitterMs} ms, ${server.bandwidth > 0 ? `${number(server.bandwidth / 1e6, 0)} MB/s per connection` : 'no throttle'}`;
}

function cpuSection(title: string, cpu: CpuResult): Section {
	return {
		title,
		columns: ['Strategy', 'Slots', 'Wall [ms]', 'Start-up', 'CPU [ms]', 'RSS [MB]', '× seq.', '÷ ideal', '× parallel'],
		rows: cpu.strategies.map(run => [
			run.strategy,
			String(run.workers),
			meanSd(run.wallMs),
			meanSd(run.startupMs),
			meanSd(run.cpuMs),
			meanSd(run.peakRssMb),
			ratio(run.speedup, undefined, 2),
			ratio(run.overIdeal, undefined, 2),
			run.overEventLoop === null ? '–' : `${ratio(run.overEventLoop, undefined, 2)} (${ratio(run.overEventLoopAfterStartup, undefined, 2)})`,
		]),
		notes: [
			'× parallel: parallel\'s wall ÷ this one\'s (after start-up). Start-up [ms], CPU and RSS are the run\'s own, its workers\' included.',
			Number.isFinite(cpu.idealMs)
				? `ideal = sequential's wall ÷ ${Math.min(cpu.cores, cpu.images)} (every core busy, nothing else): ${integer.format(cpu.idealMs)} ms.`
				: '× seq. and ÷ ideal: no sequential run at these settings.',
			...((cpu.skipped ?? []).length > 0 ? [`${cpu.skipped!.join(', ')}: no such strategy in this build, no row.`] : []),
		],
	};
}

/** Scenario 5: the thumbnail work, at 20 ms (issue 12's targets) and at the server's defaults (issue 20's). */
export function cpuSections(results: BenchResults): Section[] {
	const {cpu, cpuAtDefaults} = results;
	return [
		...(cpu ? [cpuSection(`5. CPU-bound: thumbnails (repeat ${cpu.repeat}), ${cpu.images} images, ${cpu.cores} cores, server at ${serverText(cpu)}`, cpu)] : []),
		...(cpuAtDefaults ? [cpuSection(`5b. ${cpu ? 'The same' : `CPU-bound: thumbnails (repeat ${cpuAtDefaults.repeat}), ${cpuAtDefaults.images} images`}, server at its defaults: ${serverText(cpuAtDefaults)}`, cpuAtDefaults)] : []),
	];
}
