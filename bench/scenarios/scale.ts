import os from 'node:os';
import {clientNames, type ClientName, type StrategyName} from '../../source/engine/run-spec.js';
import {ratioWithSpread, summarize} from '../../source/stats/statistics.js';
import {curlArguments, curlVersion, measureCurl, measureEngine, type Sample} from '../measure.js';
import {toStat, type ClientFigures, type ScaleResult, type ScaleRun} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {imageUrls, tmpfsFolder, withScratch, writeCurlConfig, writeUrlList} from '../workload.js';
import {eachRound, megabytesPerSecond, type ScenarioContext} from './context.js';

export const scaleConcurrency = 64;
/**
 * The threads runs: one worker thread per core, each downloading one image after another. Not 64: on
 * these 2 cores 64 threads spend ~2 s starting their isolates (3.4 s for the 1,000 images, 2.0 s of it
 * start-up), where 2 threads take 0.9 s in all, faster than the event loop with 64 in flight (1.4 s):
 * with no latency to wait out, width buys nothing and each thread's event loop keeps one core busy.
 */
export function scaleThreads(): number {
	return os.availableParallelism();
}
/** "About 50 KB": exactly, so every round moves the same bytes. */
export const scaleImageBytes = 50_000;
/** No latency, no throttle: the client is the only thing that can be slow. */
export const scaleServer = {latencyMs: 0, jitterMs: 0, bandwidth: 0, imageBytes: scaleImageBytes} as const;

/**
 * One imgrace run of a round: a strategy at a width on a client, its images written to disk as curl's
 * are, or (`onTmpfs`) to a folder in memory, for the clients' own cost.
 */
export type ScaleRunSpec = {readonly client: ClientName; readonly strategy: StrategyName; readonly concurrency: number; readonly onTmpfs?: boolean};

/** "undici threads×4", "got parallel×64, tmpfs". */
export function scaleRunName(run: ScaleRunSpec): string {
	return `${run.client} ${run.strategy}×${run.concurrency}${run.onTmpfs ? ', tmpfs' : ''}`;
}

/**
 * What a round runs besides curl (issue 19): got as today (parallel at 64, the figure "no slower than
 * today" is about, and threads one per core), then undici on the same: parallel at 64, one thread per
 * core and two (the acceptance check tries threads×2 and ×4 too: the best of them is set against curl).
 * With a tmpfs, both clients' parallel×64 once more, to it: what each client costs a downloaded image,
 * without the disk's kernel time, which is the same for both (issue 19 compared them so).
 */
export function scaleRuns(cores = scaleThreads(), tmpfs = false): ScaleRunSpec[] {
	return [
		{client: 'got', strategy: 'parallel', concurrency: scaleConcurrency},
		{client: 'got', strategy: 'threads', concurrency: cores},
		{client: 'undici', strategy: 'parallel', concurrency: scaleConcurrency},
		{client: 'undici', strategy: 'threads', concurrency: cores},
		{client: 'undici', strategy: 'threads', concurrency: cores * 2},
		...(tmpfs ? clientNames.map(client => ({client, strategy: 'parallel' as const, concurrency: scaleConcurrency, onTmpfs: true})) : []),
	];
}

/** undici parallel's CPU per image ÷ got parallel's among `runs`; null without both. */
function cpuPerImageRatio(runs: readonly ScaleRun[]): number | null {
	const cost = (client: ClientName) => runs.find(run => run.client === client && run.strategy === 'parallel')?.figures.stats.cpuMsPerImage.mean;
	const got = cost('got');
	const undici = cost('undici');
	return got === undefined || undici === undefined ? null : undici / got;
}

/** Per-round figures of one client, summarized as hyperfine would. */
export function clientFigures(samples: readonly Sample[]): ClientFigures {
	const imagesPerSec = samples.map(sample => sample.ok / (sample.wallMs / 1000));
	const mbPerSec = samples.map(sample => megabytesPerSecond(sample.bytes, sample.wallMs));
	const cpu = toStat(samples.map(sample => sample.cpuMs));
	const rss = toStat(samples.map(sample => sample.peakRssMb));
	const ips = toStat(imagesPerSec);
	const mbs = toStat(mbPerSec);
	return {
		imagesPerSec: ips.mean,
		mbPerSec: mbs.mean,
		cpuMs: cpu.mean,
		peakRssMb: rss.mean,
		stats: {
			imagesPerSec: ips,
			mbPerSec: mbs,
			cpuMs: cpu,
			peakRssMb: rss,
			wallMs: toStat(samples.map(sample => sample.wallMs)),
			processWallMs: toStat(samples.map(sample => sample.processWallMs)),
			// imgrace: its runs alone (Sample.runsCpuMs); curl: its whole process, which is its run.
			cpuMsPerImage: toStat(samples.map(sample => (sample.runsCpuMs ?? sample.cpuMs) / Math.max(1, sample.ok))),
		},
		failed: samples.reduce((sum, sample) => sum + sample.failed, 0),
	};
}

/** What the scale scenario measured, per round, before it is summarized. */
export type ScaleSamples = {
	readonly images: number;
	readonly runs: ReadonlyArray<ScaleRunSpec & {readonly samples: readonly Sample[]}>;
	/** Null when curl is not installed. */
	readonly curl: readonly Sample[] | null;
	readonly curlCommand: string | null;
};

/** The scale scenario's figures and ratios from its samples (pure). */
export function summarizeScale(measured: ScaleSamples): ScaleResult {
	const curl = measured.curl ? clientFigures(measured.curl) : null;
	const overCurl = (figures: ClientFigures) => curl ? ratioWithSpread(summarize(figures.stats.imagesPerSec.values), summarize(curl.stats.imagesPerSec.values)) : undefined;
	// Runs to tmpfs are set against each other only: curl writes to disk.
	const onTmpfs: ScaleRun[] = measured.runs.filter(run => run.onTmpfs).map(run => ({client: run.client, strategy: run.strategy, concurrency: run.concurrency, figures: clientFigures(run.samples), overCurl: null, overCurlSd: null}));
	const runs: ScaleRun[] = measured.runs.filter(run => !run.onTmpfs).map(run => {
		const figures = clientFigures(run.samples);
		const ratio = overCurl(figures);
		return {client: run.client, strategy: run.strategy, concurrency: run.concurrency, figures, overCurl: ratio?.ratio ?? null, overCurlSd: ratio?.sd ?? null};
	});
	const find = (client: ClientName, strategy: StrategyName) => runs.find(run => run.client === client && run.strategy === strategy);
	const gotParallel = find('got', 'parallel');
	const gotThreads = find('got', 'threads');
	const undici = runs.filter(run => run.client === 'undici');
	const best = undici.reduce<ScaleRun | undefined>((fastest, run) => fastest === undefined || run.figures.imagesPerSec > fastest.figures.imagesPerSec ? run : fastest, undefined);
	const cpuOnTmpfs = cpuPerImageRatio(onTmpfs);
	const cpuOnDisk = cpuPerImageRatio(runs);
	if (!gotParallel) {
		throw new Error('scale: no got parallel run to report');
	}

	return {
		images: measured.images,
		imageBytes: scaleImageBytes,
		concurrency: gotParallel.concurrency,
		imgrace: gotParallel.figures,
		curl,
		curlCommand: measured.curlCommand,
		ratio: best?.overCurl ?? null,
		ratioSd: best?.overCurlSd ?? null,
		imgraceRatio: gotParallel.overCurl,
		imgraceRatioSd: gotParallel.overCurlSd,
		threads: gotThreads?.figures ?? null,
		threadsConcurrency: gotThreads?.concurrency,
		threadsRatio: gotThreads?.overCurl ?? null,
		threadsRatioSd: gotThreads?.overCurlSd ?? null,
		undici,
		best: best ? `${best.strategy}×${best.concurrency}` : null,
		cpuPerImageRatio: cpuOnTmpfs ?? cpuOnDisk,
		cpuPerImageOn: cpuOnTmpfs === null ? 'disk' : 'tmpfs',
		cpuPerImageRatioOnDisk: cpuOnDisk,
		onTmpfs,
		...(curl ? {} : {note: 'curl is not installed: the curl row and the ratios to it are skipped'}),
	};
}

/**
 * Scenario 2, at scale against curl: the same server, URL list and concurrency for imgrace (--json,
 * no UI) on both clients and `curl --parallel`, in the same round; the order reverses every other round,
 * so no run always goes first (or last) on a machine whose speed drifts.
 */
export async function scaleScenario(context: ScenarioContext): Promise<ScaleResult> {
	const count = context.workload.scaleImages;
	const curl = curlVersion();
	// Room for two runs' images: one run's are removed before the next starts.
	const tmpfs = tmpfsFolder(2 * count * scaleImageBytes);
	const runs = scaleRuns(scaleThreads(), tmpfs !== undefined).map(run => ({...run, samples: [] as Sample[]}));
	const curls: Sample[] = [];
	let command: string | null = null;
	// The second scratch folder is on the tmpfs; without one it stays empty (no run goes there).
	await withServerProcess(scaleServer, async server => withScratch('scale', async disk => withScratch('scale', async inMemory => {
		const urls = imageUrls(server.url, count);
		const urlsFile = disk.file('urls.txt');
		await writeUrlList(urlsFile, urls);
		await eachRound(context, async (label, measured, round) => {
			const measures = runs.map(run => async () => {
				const where = run.onTmpfs ? inMemory : disk;
				const outDir = await where.outDir(`${run.client}-${run.strategy}`);
				const sample = await measureEngine({
					urlsFile,
					outDir,
					concurrency: run.concurrency,
					strategy: run.strategy,
					client: run.client,
					resultFile: disk.file('result.json'),
					profileDir: measured ? context.profileDir : undefined,
				});
				await where.clear(outDir);
				const startup = sample.run?.startupMs ? `, up in ${sample.run.startupMs.toFixed(0)} ms` : '';
				context.log(`scale ${label}: ${scaleRunName(run).padEnd(25)} ${describe(sample)}${startup}`);
				if (measured) {
					run.samples.push(sample);
				}
			});

			const runCurl = async () => {
				if (!curl) {
					return;
				}

				const outDir = await disk.outDir('curl');
				const configFile = disk.file('curl.conf');
				await writeCurlConfig(configFile, urls, outDir);
				const job = {configFile, outDir, parallelMax: scaleConcurrency};
				command = `curl ${curlArguments({...job, configFile: 'urls.conf'}).join(' ')}`;
				const sample = await measureCurl(job);
				await disk.clear(outDir);
				context.log(`scale ${label}: ${'curl'.padEnd(25)} ${describe(sample)}`);
				if (measured) {
					curls.push(sample);
				}
			};

			// curl in the middle of the round, so it sits as near the first imgrace run as the last.
			const inOrder = [...measures.slice(0, 2), runCurl, ...measures.slice(2)];
			for (const measure of round % 2 === 0 ? inOrder : inOrder.toReversed()) {
				await measure();
			}
		});
	}, tmpfs)));

	return summarizeScale({images: count, runs, curl: curl ? curls : null, curlCommand: command});
}

function describe(sample: Sample): string {
	const rate = sample.ok / (sample.wallMs / 1000);
	const failed = sample.failed > 0 ? `, ${sample.failed} FAILED` : '';
	return `${sample.wallMs.toFixed(0)} ms, ${rate.toFixed(0)}/s, CPU ${sample.cpuMs.toFixed(0)} ms, ${sample.peakRssMb.toFixed(0)} MB${failed}`;
}
