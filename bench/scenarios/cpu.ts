import os from 'node:os';
import {serverDefaults, workDefaults} from '../../source/defaults.js';
import type {StrategyName} from '../../source/engine/run-spec.js';
import {measureEngine, type Sample} from '../measure.js';
import {toStat, type CpuResult, type CpuServer, type CpuStrategy} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {defaultSlots, registered} from '../strategies.js';
import {imageUrls, withScratch, writeUrlList} from '../workload.js';
import {eachRound, type ScenarioContext} from './context.js';

/** One server and the strategies raced against it. */
export type CpuVariant = {readonly server: CpuServer; readonly strategies: readonly StrategyName[]};

/**
 * Issue 12's variant, kept for its targets (threads and processes ≥ 1.4× parallel after start-up, ≥ 1.2×
 * in all): little latency, no throttle, so the work is nearly all CPU. At the server's defaults each
 * worker waits out its images' 350 ms one after another, and those targets would measure that wait, not
 * the computing (one round there, on a busy machine: threads 0.98×, processes 0.92× parallel).
 */
export const cpuFast: CpuVariant = {server: {latencyMs: 20, jitterMs: 0, bandwidth: 0}, strategies: ['sequential', 'parallel', 'threads', 'processes']};

/**
 * Issue 20's variant: the embedded server as `imgrace` starts it (350±50 ms, 1 MB/s per connection), where
 * the waits and the computing are both real and the pipeline overlaps them. No sequential run: no target
 * reads it, and it waits out every image's latency and transfer one after another: 19 s for the 16 images
 * here (on a busy machine, where the four strategies below took 40 s together), ~2 minutes of a full run.
 */
export const cpuAtDefaults: CpuVariant = {
	server: {latencyMs: serverDefaults.latencyMs, jitterMs: serverDefaults.jitterMs, bandwidth: serverDefaults.bandwidth},
	strategies: ['parallel', 'threads', 'processes', 'pipeline'],
};

/** The variant's figures from each strategy's measured runs (pure); sequential and parallel are the references. */
export function summarizeCpu(variant: CpuVariant, images: number, cores: number, samples: ReadonlyMap<StrategyName, readonly Sample[]>, skipped: readonly StrategyName[] = []): CpuResult {
	const mean = (name: StrategyName) => toStat((samples.get(name) ?? []).map(sample => sample.wallMs)).mean;
	const sequentialMs = mean('sequential');
	const parallelMs = mean('parallel');
	const idealMs = sequentialMs / Math.min(cores, images);
	return {
		images,
		repeat: workDefaults.thumbRepeat,
		cores,
		server: variant.server,
		idealMs,
		strategies: [...samples].map(([strategy, runs]): CpuStrategy => {
			const wallMs = toStat(runs.map(sample => sample.wallMs));
			const startupMs = toStat(runs.map(sample => sample.run?.startupMs ?? 0));
			const reference = strategy === 'sequential' || strategy === 'parallel';
			return {
				strategy,
				workers: runs[0]?.concurrency ?? Number.NaN,
				wallMs,
				startupMs,
				cpuMs: toStat(runs.map(sample => sample.run?.cpuMs ?? sample.cpuMs)),
				peakRssMb: toStat(runs.map(sample => sample.run?.peakRssMb ?? sample.peakRssMb)),
				speedup: sequentialMs / wallMs.mean,
				overIdeal: wallMs.mean / idealMs,
				overEventLoop: reference ? null : parallelMs / wallMs.mean,
				overEventLoopAfterStartup: reference ? null : parallelMs / (wallMs.mean - startupMs.mean),
			};
		}),
		skipped,
	};
}

/**
 * Scenario 5, CPU-bound: --work thumbnail (the default repeat) with each strategy at its default width,
 * against sequential, the ideal for this machine (sequential's wall spread over every core) and the
 * event loop. The server is a process of its own, so the event loop being measured serves no images.
 */
export async function cpuScenario(context: ScenarioContext, variant: CpuVariant): Promise<CpuResult> {
	const count = context.workload.cpuImages;
	const {run: strategies, skipped} = registered(variant.strategies);
	const samples = new Map<StrategyName, Sample[]>(strategies.map(name => [name, []]));
	const {latencyMs, jitterMs} = variant.server;
	if (skipped.length > 0) {
		context.log(`cpu at ${latencyMs} ms: ${skipped.join(', ')} not registered in this build, left out`);
	}

	await withServerProcess(variant.server, async server => withScratch('cpu', async scratch => {
		const urlsFile = scratch.file('urls.txt');
		await writeUrlList(urlsFile, imageUrls(server.url, count));
		await eachRound(context, async (label, measured, round) => {
			// Rotated each round, so no strategy always runs first on a cold machine.
			const order = strategies.map((_, at) => strategies[(at + round) % strategies.length]!);
			for (const strategy of order) {
				const outDir = await scratch.outDir(strategy);
				const sample = await measureEngine({urlsFile, outDir, concurrency: defaultSlots(strategy, count, 'thumbnail'), strategy, work: 'thumbnail', resultFile: scratch.file('result.json')});
				await scratch.clear(outDir);
				const failed = sample.failed > 0 ? `, ${sample.failed} FAILED` : '';
				context.log(`cpu ${label}, ${latencyMs}±${jitterMs} ms: ${strategy.padEnd(10)} ${sample.wallMs.toFixed(0)} ms (up in ${sample.run?.startupMs.toFixed(0) ?? '?'}), CPU ${sample.run?.cpuMs.toFixed(0) ?? '?'} ms${failed}`);
				if (measured) {
					samples.get(strategy)!.push(sample);
				}
			}
		});
	}));

	return summarizeCpu(variant, count, os.availableParallelism(), samples, skipped);
}
