import {clientNames} from '../../source/engine/run-spec.js';
import {measureEngine} from '../measure.js';
import {toStat, type MemoryPoint} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {imageUrls, withScratch, writeUrlList} from '../workload.js';
import {eachRound, type ScenarioContext} from './context.js';
import {scaleConcurrency, scaleServer} from './scale.js';

/**
 * Scenario 3, memory stays flat: the engine's peak RSS (whole process, --json) for growing image
 * counts at the scale scenario's settings, on each client (each has its own heap policy).
 */
export async function memoryScenario(context: ScenarioContext): Promise<MemoryPoint[]> {
	const counts = context.workload.memoryCounts;
	const largest = Math.max(...counts);
	const series = clientNames.flatMap(client => counts.map(count => ({client, count, rss: [] as number[], walls: [] as number[]})));
	await withServerProcess(scaleServer, async server => withScratch('memory', async scratch => {
		const urls = imageUrls(server.url, largest);
		const files = new Map<number, string>();
		for (const count of counts) {
			const file = scratch.file(`urls-${count}.txt`);
			await writeUrlList(file, urls.slice(0, count));
			files.set(count, file);
		}

		await eachRound(context, async (label, measured) => {
			for (const point of series) {
				const outDir = await scratch.outDir(`memory-${point.count}`);
				const sample = await measureEngine({urlsFile: files.get(point.count)!, outDir, concurrency: scaleConcurrency, client: point.client, resultFile: scratch.file('result.json')});
				await scratch.clear(outDir);
				const failed = sample.failed > 0 ? `, ${sample.failed} FAILED` : '';
				context.log(`memory ${label}: ${point.client}, ${point.count} images, peak RSS ${sample.peakRssMb.toFixed(1)} MB, ${sample.wallMs.toFixed(0)} ms${failed}`);
				if (measured) {
					point.rss.push(sample.peakRssMb);
					point.walls.push(sample.wallMs);
				}
			}
		});
	}));

	return series.map(({client, count, rss, walls}) => {
		const peak = toStat(rss);
		return {client, count, peakRssMb: peak.mean, stats: {peakRssMb: peak, wallMs: toStat(walls)}};
	});
}
