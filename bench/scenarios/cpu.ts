import os from 'node:os';
import {workDefaults} from '../../source/defaults.js';
import {builtInStrategies, createRegistry} from '../../source/strategies/index.js';

const registry = createRegistry(builtInStrategies);
import {measureEngine, type Sample} from '../measure.js';
import {toStat, type CpuResult, type CpuStrategy} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {imageUrls, withScratch, writeUrlList} from '../workload.js';
import {eachRound, type ScenarioContext} from './context.js';

const strategies = ['sequential', 'parallel', 'threads', 'processes'] as const;
/** As the acceptance check races them: little latency, no throttle; the server runs in its own process. */
export const cpuServer = {latencyMs: 20, jitterMs: 0, bandwidth: 0} as const;

/**
 * Scenario 5, CPU-bound: --work thumbnail (the default repeat) with each strategy at its default width,
 * against sequential and against the ideal for this machine (sequential's wall spread over every core).
 * The server is a process of its own here, so the event loop being measured serves no images.
 */
export async function cpuScenario(context: ScenarioContext): Promise<CpuResult> {
	const count = context.workload.cpuImages;
	const cores = os.availableParallelism();
	const samples = new Map<string, Sample[]>(strategies.map(name => [name, []]));
	await withServerProcess(cpuServer, async server => withScratch('cpu', async scratch => {
		const urlsFile = scratch.file('urls.txt');
		await writeUrlList(urlsFile, imageUrls(server.url, count));
		await eachRound(context, async (label, measured, round) => {
			// Rotated each round, so no strategy always runs first on a cold machine.
			const order = strategies.map((_, at) => strategies[(at + round) % strategies.length]!);
			for (const strategy of order) {
				const outDir = await scratch.outDir(strategy);
				const sample = await measureEngine({urlsFile, outDir, concurrency: registry.named(strategy).slots(0, count, 'thumbnail'), strategy, work: 'thumbnail', resultFile: scratch.file('result.json')});
				await scratch.clear(outDir);
				context.log(`cpu ${label}: ${strategy.padEnd(10)} ${sample.wallMs.toFixed(0)} ms (start-up ${sample.run?.startupMs.toFixed(0) ?? '?'} ms), CPU ${sample.run?.cpuMs.toFixed(0) ?? '?'} ms${sample.failed > 0 ? `, ${sample.failed} FAILED` : ''}`);
				if (measured) {
					samples.get(strategy)!.push(sample);
				}
			}
		});
	}));

	const mean = (name: string) => toStat(samples.get(name)!.map(sample => sample.wallMs)).mean;
	const sequentialMs = mean('sequential');
	const parallelMs = mean('parallel');
	const idealMs = sequentialMs / Math.min(cores, count);
	return {
		images: count,
		repeat: workDefaults.thumbRepeat,
		cores,
		idealMs,
		strategies: strategies.map((strategy): CpuStrategy => {
			const runs = samples.get(strategy)!;
			const wallMs = toStat(runs.map(sample => sample.wallMs));
			const startupMs = toStat(runs.map(sample => sample.run?.startupMs ?? 0));
			const pooled = strategy === 'threads' || strategy === 'processes';
			return {
				strategy,
				workers: registry.named(strategy).slots(0, count, 'thumbnail'),
				wallMs,
				startupMs,
				cpuMs: toStat(runs.map(sample => sample.run?.cpuMs ?? sample.cpuMs)),
				peakRssMb: toStat(runs.map(sample => sample.run?.peakRssMb ?? sample.peakRssMb)),
				speedup: sequentialMs / wallMs.mean,
				overIdeal: wallMs.mean / idealMs,
				overEventLoop: pooled ? parallelMs / wallMs.mean : null,
				overEventLoopAfterStartup: pooled ? parallelMs / (wallMs.mean - startupMs.mean) : null,
			};
		}),
	};
}
