import os from 'node:os';
import {ratioWithSpread, summarize} from '../../source/stats/statistics.js';
import {curlArguments, curlVersion, measureCurl, measureEngine, type Sample} from '../measure.js';
import {toStat, type ClientFigures, type ScaleResult} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {imageUrls, withScratch, writeCurlConfig, writeUrlList} from '../workload.js';
import {eachRound, megabytesPerSecond, type ScenarioContext} from './context.js';

export const scaleConcurrency = 64;
/**
 * The threads run: one worker thread per core, each downloading one image after another. Not 64: on
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
			cpuMsPerImage: toStat(samples.map(sample => sample.cpuMs / Math.max(1, sample.ok))),
		},
		failed: samples.reduce((sum, sample) => sum + sample.failed, 0),
	};
}

/**
 * Scenario 2, at scale against curl: the same server, URL list and concurrency for imgrace (--json,
 * no UI) and `curl --parallel`, in the same round; the order alternates between rounds.
 */
export async function scaleScenario(context: ScenarioContext): Promise<ScaleResult> {
	const count = context.workload.scaleImages;
	const curl = curlVersion();
	const imgrace: Sample[] = [];
	const curls: Sample[] = [];
	const threads: Sample[] = [];
	let command: string | null = null;
	await withServerProcess(scaleServer, async server => withScratch('scale', async scratch => {
		const urls = imageUrls(server.url, count);
		const urlsFile = scratch.file('urls.txt');
		await writeUrlList(urlsFile, urls);
		await eachRound(context, async (label, measured, round) => {
			const runImgrace = async () => {
				const outDir = await scratch.outDir('imgrace');
				const sample = await measureEngine({
					urlsFile,
					outDir,
					concurrency: scaleConcurrency,
					resultFile: scratch.file('result.json'),
					profileDir: measured ? context.profileDir : undefined,
				});
				await scratch.clear(outDir);
				context.log(`scale ${label}: imgrace ${describe(sample)}`);
				if (measured) {
					imgrace.push(sample);
				}
			};

			const runCurl = async () => {
				if (!curl) {
					return;
				}

				const outDir = await scratch.outDir('curl');
				const configFile = scratch.file('curl.conf');
				await writeCurlConfig(configFile, urls, outDir);
				const job = {configFile, outDir, parallelMax: scaleConcurrency};
				command = `curl ${curlArguments({...job, configFile: 'urls.conf'}).join(' ')}`;
				const sample = await measureCurl(job);
				await scratch.clear(outDir);
				context.log(`scale ${label}: curl    ${describe(sample)}`);
				if (measured) {
					curls.push(sample);
				}
			};

			// The event loop is one core; worker threads can use them all (the seed's threads at scale).
			const runThreads = async () => {
				const outDir = await scratch.outDir('threads');
				const sample = await measureEngine({urlsFile, outDir, concurrency: scaleThreads(), strategy: 'threads', resultFile: scratch.file('result.json')});
				await scratch.clear(outDir);
				context.log(`scale ${label}: threads ${describe(sample)}, start-up ${sample.run?.startupMs.toFixed(0) ?? '?'} ms`);
				if (measured) {
					threads.push(sample);
				}
			};

			if (round % 2 === 0) {
				await runImgrace();
				await runCurl();
				await runThreads();
			} else {
				await runThreads();
				await runCurl();
				await runImgrace();
			}
		});
	}));

	const imgraceFigures = clientFigures(imgrace);
	const curlFigures = curl ? clientFigures(curls) : null;
	const ratio = curlFigures ? ratioWithSpread(summarize(imgraceFigures.stats.imagesPerSec.values), summarize(curlFigures.stats.imagesPerSec.values)) : undefined;
	const threadFigures = clientFigures(threads);
	const threadsRatio = curlFigures ? ratioWithSpread(summarize(threadFigures.stats.imagesPerSec.values), summarize(curlFigures.stats.imagesPerSec.values)) : undefined;
	return {
		images: count,
		imageBytes: scaleImageBytes,
		concurrency: scaleConcurrency,
		imgrace: imgraceFigures,
		curl: curlFigures,
		curlCommand: command,
		ratio: ratio?.ratio ?? null,
		ratioSd: ratio?.sd ?? null,
		threads: threadFigures,
		threadsConcurrency: scaleThreads(),
		threadsRatio: threadsRatio?.ratio ?? null,
		threadsRatioSd: threadsRatio?.sd ?? null,
		...(curl ? {} : {note: 'curl is not installed: the curl row and the ratio are skipped'}),
	};
}

function describe(sample: Sample): string {
	const rate = sample.ok / (sample.wallMs / 1000);
	const failed = sample.failed > 0 ? `, ${sample.failed} FAILED` : '';
	return `${sample.wallMs.toFixed(0)} ms, ${rate.toFixed(0)} images/s, CPU ${sample.cpuMs.toFixed(0)} ms, RSS ${sample.peakRssMb.toFixed(1)} MB${failed}`;
}
