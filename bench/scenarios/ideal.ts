import {ratioWithSpread, summarize} from '../../source/stats/statistics.js';
import {measureEngine, measureRace, type Sample} from '../measure.js';
import {toStat, type IdealResult, type IdealStrategy, type PooledDownload} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {imageUrls, withScratch, writeUrlList} from '../workload.js';
import {eachRound, type ScenarioContext} from './context.js';

const latencyMs = 200;
/** 1 MB/s per connection, paced from the first byte. */
const bandwidth = 1_000_000;
const imageBytes = 200_000;

/**
 * Scenario 1, against the ideal: with fixed latency and a paced link the best possible wall time is
 * known exactly, so measured / ideal is the engine's own overhead. Each round is one race as the
 * CLI's default mode runs it (sequential, then parallel, in one process), timed by the runs' wallMs.
 * Then threads and processes download the same images, a worker per image (issue 12: once their
 * workers are up, as fast as the event loop within 15% and 25%).
 */
export async function idealScenario(context: ScenarioContext): Promise<IdealResult> {
	const count = context.workload.idealImages;
	const perImageMs = latencyMs + ((imageBytes / bandwidth) * 1000);
	const ideal = {sequential: count * perImageMs, parallel: perImageMs};
	const walls: Record<'sequential' | 'parallel', number[]> = {sequential: [], parallel: []};
	const pooled: Record<PooledDownload['strategy'], Sample[]> = {threads: [], processes: []};
	await withServerProcess({latencyMs, jitterMs: 0, bandwidth, imageBytes}, async server => withScratch('ideal', async scratch => {
		const urlsFile = scratch.file('urls.txt');
		await writeUrlList(urlsFile, imageUrls(server.url, count));
		await eachRound(context, async (label, measured) => {
			// One race per round, as `imgrace --mode both` runs it: sequential, then parallel.
			const outDir = await scratch.outDir('race');
			const samples = await measureRace({urlsFile, outDir, concurrency: count, resultFile: scratch.file('result.json')});
			await scratch.clear(outDir);
			for (const strategy of ['sequential', 'parallel'] as const) {
				const sample = samples[strategy];
				if (sample.failed > 0) {
					throw new Error(`ideal: ${sample.failed} of ${count} images failed (${strategy})`);
				}

				context.log(`ideal ${label}: ${strategy} ${sample.wallMs.toFixed(0)} ms (ideal ${ideal[strategy]} ms, ×${(sample.wallMs / ideal[strategy]).toFixed(3)})`);
				if (measured) {
					walls[strategy].push(sample.wallMs);
				}
			}

			for (const strategy of ['threads', 'processes'] as const) {
				const poolDir = await scratch.outDir(strategy);
				const sample = await measureEngine({urlsFile, outDir: poolDir, concurrency: count, strategy, resultFile: scratch.file('result.json')});
				await scratch.clear(poolDir);
				if (sample.failed > 0) {
					throw new Error(`ideal: ${sample.failed} of ${count} images failed (${strategy})`);
				}

				const startup = sample.run?.startupMs ?? 0;
				context.log(`ideal ${label}: ${strategy} ${sample.wallMs.toFixed(0)} ms, start-up ${startup.toFixed(0)} ms, after it ${(sample.wallMs - startup).toFixed(0)} ms`);
				if (measured) {
					pooled[strategy].push(sample);
				}
			}
		});
	}));

	const figures = (strategy: 'sequential' | 'parallel'): IdealStrategy => {
		const stat = toStat(walls[strategy]);
		const idealSummary = summarize([ideal[strategy]]);
		const ratio = ratioWithSpread(summarize(walls[strategy]), idealSummary);
		return {
			meanMs: stat.mean,
			sdMs: stat.sd,
			minMs: stat.min,
			maxMs: stat.max,
			idealMs: ideal[strategy],
			ratio: ratio?.ratio ?? Number.NaN,
			ratioSd: ratio?.sd ?? Number.NaN,
			wallMs: stat,
		};
	};

	const pool = (strategy: PooledDownload['strategy']): PooledDownload => {
		const samples = pooled[strategy];
		const after = samples.map(sample => sample.wallMs - (sample.run?.startupMs ?? 0));
		const ratio = ratioWithSpread(summarize(after), summarize(walls.parallel));
		return {
			strategy,
			workers: count,
			wallMs: toStat(samples.map(sample => sample.wallMs)),
			startupMs: toStat(samples.map(sample => sample.run?.startupMs ?? 0)),
			afterStartupMs: toStat(after),
			overParallel: ratio?.ratio ?? Number.NaN,
			overParallelSd: ratio?.sd ?? Number.NaN,
		};
	};

	return {images: count, imageBytes, latencyMs, bandwidth, sequential: figures('sequential'), parallel: figures('parallel'), pooled: [pool('threads'), pool('processes')]};
}
