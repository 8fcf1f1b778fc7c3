import {readBefore} from '../../bench/before.js';
import type {Sample} from '../../bench/measure.js';
import {toStat, type BenchResults, type CpuResult, type MemoryPoint, type UiResult} from '../../bench/results.js';
import {cpuAtDefaults, cpuFast, summarizeCpu} from '../../bench/scenarios/cpu.js';
import {summarizeIdeal} from '../../bench/scenarios/ideal.js';
import {scaleRuns, summarizeScale} from '../../bench/scenarios/scale.js';
import {summarizeStartupKind} from '../../bench/scenarios/startup.js';
import {checkTargets} from '../../bench/targets.js';

/**
 * A whole benchmark's results from fixed per-round figures, summarized and judged by the bench's own
 * code, so a test can check the export and the report without measuring anything. The figures are
 * picked to give round ratios (see bench.test.ts).
 */

/** One round's figures of one run: `wallMs` for `images` images, the rest plausible. */
function sample(wallMs: number, figures: Partial<Sample> & {startupMs?: number} = {}): Sample {
	const {startupMs = 0, ...rest} = figures;
	return {wallMs, processWallMs: wallMs + 150, ok: 1000, failed: 0, bytes: 50_000_000, cpuMs: wallMs, peakRssMb: 120, run: {startupMs, cpuMs: wallMs, peakRssMb: 120}, ...rest};
}

const walls = (values: readonly number[], figures?: Partial<Sample> & {startupMs?: number}) => values.map(wall => sample(wall, figures));

/**
 * Scale: curl 2,250 images/s; undici threads×2 1,125 (the best: 0.5× curl); undici parallel half got
 * parallel's CPU per image to disk, 0.45× to tmpfs (the ratio judged, where there is one).
 */
export function fixedScale(): BenchResults['scale'] {
	const [gotParallel, gotThreads, undiciParallel, undiciThreads, undiciWider, gotOnTmpfs, undiciOnTmpfs] = scaleRuns(2, true);
	return summarizeScale({
		images: 1000,
		curl: walls([500, 400], {cpuMs: 300, peakRssMb: 15}),
		curlCommand: 'curl --parallel --parallel-max 64 --config urls.conf',
		runs: [
			{...gotParallel!, samples: walls([2000, 2000], {cpuMs: 3000, client: 'got', concurrency: 64})},
			{...gotThreads!, samples: walls([1600, 1600], {cpuMs: 2600, client: 'got', concurrency: 2, startupMs: 40})},
			{...undiciParallel!, samples: walls([1250, 1250], {cpuMs: 1500, client: 'undici', concurrency: 64})},
			{...undiciThreads!, samples: walls([1000, 800], {cpuMs: 1900, client: 'undici', concurrency: 2, startupMs: 40})},
			{...undiciWider!, samples: walls([1250, 1000], {cpuMs: 2100, client: 'undici', concurrency: 4, startupMs: 60})},
			// Faster than every run to disk: set against curl, the tmpfs runs would be "the best".
			{...gotOnTmpfs!, samples: walls([500, 500], {cpuMs: 2000, client: 'got', concurrency: 64})},
			{...undiciOnTmpfs!, samples: walls([400, 400], {cpuMs: 900, client: 'undici', concurrency: 64})},
		],
	});
}

/** Thumbnails: at 20 ms threads 1.6× parallel; at the server's defaults the pipeline 1.76× (or no pipeline). */
export function fixedCpu(withPipeline = true): {cpu: CpuResult; cpuAtDefaults: CpuResult} {
	const at = (concurrency: number, startupMs = 0) => ({concurrency, startupMs});
	const fast = new Map([
		['sequential', walls([8000, 8100], at(1))],
		['parallel', walls([8000, 8000], at(16))],
		['threads', walls([5000, 5000], at(2, 50))],
		['processes', walls([5200, 5200], at(2, 60))],
	]);
	const defaults = new Map([
		['parallel', walls([8800, 8800], at(16))],
		['threads', walls([8400, 8400], at(2, 50))],
		['processes', walls([8600, 8600], at(2, 60))],
		...(withPipeline ? [['pipeline', walls([5000, 5000], at(16))] as const] : []),
	]);
	return {
		cpu: summarizeCpu(cpuFast, 16, 2, fast),
		cpuAtDefaults: summarizeCpu(cpuAtDefaults, 16, 2, defaults, withPipeline ? [] : ['pipeline']),
	};
}

export async function fixedResults(options: {pipeline?: boolean} = {}): Promise<BenchResults> {
	const withPipeline = options.pipeline ?? true;
	const ideal = summarizeIdeal(10, {
		sequential: walls([4080, 4070]),
		parallel: walls([420, 424]),
		threads: walls([640, 650], {startupMs: 200, concurrency: 10}),
		processes: walls([720, 730], {startupMs: 290, concurrency: 10}),
		pipeline: withPipeline ? walls([430, 426], {concurrency: 10}) : [],
	});
	const memory: MemoryPoint[] = (['got', 'undici'] as const).flatMap((client, index) => [[100, 100], [1000, 116], [5000, 127 - (index * 10)]].map(([count, rss]) => ({client, count: count!, peakRssMb: rss!, stats: {peakRssMb: toStat([rss!, rss!]), wallMs: toStat([count! * 1.2, count! * 1.3])}})));
	const ui: UiResult = {
		images: 1000,
		concurrency: 64,
		wallRatio: 1.04,
		cpuRatio: 1.19,
		fps: 11.9,
		frames: 22,
		stats: {uiWallMs: toStat([1478]), jsonWallMs: toStat([1422]), uiCpuMs: toStat([3097]), jsonCpuMs: toStat([2610]), frames: toStat([22]), fps: toStat([11.9]), uiPeakRssMb: toStat([214.5]), jsonPeakRssMb: toStat([122.1])},
	};
	const round = (emptyMs: number, got: number, undici: number) => ({emptyMs, aloneMs: {got: got * 0.8, undici: undici * 0.8}, readyMs: {got, undici}, unbundledMs: 600});
	const startup = {
		workers: 10,
		bundled: true,
		threads: summarizeStartupKind('threads', [round(100, 130, 160), round(100, 140, 150)]),
		processes: summarizeStartupKind('processes', [round(200, 260, 250), round(220, 280, 270)]),
	};
	const scale = fixedScale();
	const {cpu, cpuAtDefaults} = fixedCpu(withPipeline);
	const measured = {ideal, scale, memory, ui, cpu, cpuAtDefaults, startup};
	return {
		machine: {cores: 2, cpuModel: 'AMD EPYC', memoryGb: 25.3, os: 'Linux 6.18.44-fc-v1300 x64', node: 'v26.10.0', curl: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1'},
		settings: {rounds: 2, warmup: 1, quick: false},
		...measured,
		targets: checkTargets(measured),
		// The run recorded before issue 19, as the bench reads it by default.
		before: await readBefore(undefined),
		durationMs: 300_000,
	};
}
