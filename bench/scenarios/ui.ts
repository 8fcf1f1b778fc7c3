import {measureEngine, measureEngineUi, type Sample, type UiSample} from '../measure.js';
import {toStat, type UiResult} from '../results.js';
import {withServerProcess} from '../server-process.js';
import {imageUrls, withScratch, writeUrlList} from '../workload.js';
import {eachRound, type ScenarioContext} from './context.js';
import {scaleConcurrency, scaleServer} from './scale.js';

/**
 * Scenario 4, the UI costs little: the scale workload rendered by the real Ink app into an in-memory
 * 80×24 TTY, against the same workload with --json, in the same round (order alternating).
 */
export async function uiScenario(context: ScenarioContext): Promise<UiResult> {
	const count = context.workload.uiImages;
	const json: Sample[] = [];
	const ui: UiSample[] = [];
	await withServerProcess(scaleServer, async server => withScratch('ui', async scratch => {
		const urlsFile = scratch.file('urls.txt');
		await writeUrlList(urlsFile, imageUrls(server.url, count));
		await eachRound(context, async (label, measured, round) => {
			const runJson = async () => {
				const outDir = await scratch.outDir('json');
				const sample = await measureEngine({urlsFile, outDir, concurrency: scaleConcurrency, resultFile: scratch.file('result.json')});
				await scratch.clear(outDir);
				context.log(`ui ${label}: --json ${sample.wallMs.toFixed(0)} ms, CPU ${sample.cpuMs.toFixed(0)} ms`);
				if (measured) {
					json.push(sample);
				}
			};

			const runUi = async () => {
				const outDir = await scratch.outDir('ui');
				const sample = await measureEngineUi({urlsFile, outDir, concurrency: scaleConcurrency, resultFile: scratch.file('result.json')});
				await scratch.clear(outDir);
				const fps = sample.frames / (sample.onScreenMs / 1000);
				context.log(`ui ${label}: Ink    ${sample.wallMs.toFixed(0)} ms, CPU ${sample.cpuMs.toFixed(0)} ms, ${sample.frames} frames (${fps.toFixed(1)}/s)`);
				if (measured) {
					ui.push(sample);
				}
			};

			if (round % 2 === 0) {
				await runJson();
				await runUi();
			} else {
				await runUi();
				await runJson();
			}
		});
	}));

	const uiWall = toStat(ui.map(sample => sample.wallMs));
	const jsonWall = toStat(json.map(sample => sample.wallMs));
	const uiCpu = toStat(ui.map(sample => sample.cpuMs));
	const jsonCpu = toStat(json.map(sample => sample.cpuMs));
	const frames = toStat(ui.map(sample => sample.frames));
	const fps = toStat(ui.map(sample => sample.frames / (sample.onScreenMs / 1000)));
	return {
		images: count,
		concurrency: scaleConcurrency,
		wallRatio: uiWall.mean / jsonWall.mean,
		cpuRatio: uiCpu.mean / jsonCpu.mean,
		fps: fps.mean,
		frames: frames.mean,
		stats: {
			uiWallMs: uiWall,
			jsonWallMs: jsonWall,
			uiCpuMs: uiCpu,
			jsonCpuMs: jsonCpu,
			frames,
			fps,
			uiPeakRssMb: toStat(ui.map(sample => sample.peakRssMb)),
			jsonPeakRssMb: toStat(json.map(sample => sample.peakRssMb)),
		},
	};
}
