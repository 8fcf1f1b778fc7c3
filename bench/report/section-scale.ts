import type {BenchResults, ClientFigures, ScaleResult} from '../results.js';
import {integer, meanSd, range, ratio, targetCell} from './cells.js';
import type {Section} from './sections.js';

/** One row of the scale table: a downloader's figures over the rounds. */
function row(name: string, figures: ClientFigures, overCurl: string): string[] {
	return [name, meanSd(figures.stats.imagesPerSec), meanSd(figures.stats.cpuMsPerImage, 2), meanSd(figures.stats.peakRssMb, 1), range(figures.stats.wallMs), overCurl];
}

/**
 * got parallel now beside the run --before names (issue 19: "got is no slower than today"), as a row
 * and a line, never a target: two runs on different days differ by more than this machine's noise.
 */
function beforeLines(results: BenchResults, scale: ScaleResult): {rows: string[][]; notes: string[]} {
	const {before} = results;
	if (!before?.scale) {
		return {rows: [], notes: before ? [`before (${before.source}): no scale figures there.`] : []};
	}

	const then = before.scale;
	const runs = `${before.settings.rounds} round${before.settings.rounds === 1 ? '' : 's'}, Node ${before.machine.node}`;
	if (then.images !== scale.images || then.imageBytes !== scale.imageBytes || then.concurrency !== scale.concurrency) {
		return {rows: [], notes: [`before (${before.source}): ${integer.format(then.images)} images there, ${integer.format(scale.images)} here: not set side by side.`]};
	}

	const speed = scale.imgrace.imagesPerSec / then.imagesPerSec.mean;
	const cost = scale.imgrace.stats.cpuMsPerImage.mean / then.cpuMsPerImage.mean;
	return {
		rows: [[`got parallel×${scale.concurrency}, before`, meanSd(then.imagesPerSec), meanSd(then.cpuMsPerImage, 2), '', '', '']],
		notes: [`got parallel×${scale.concurrency} now ÷ before: ${ratio(speed, undefined, 2)} the images/s, ${ratio(cost, undefined, 2)} the CPU per image (before: ${before.source}, ${runs}; its CPU per image was the whole process's, Node's start and imports included).`],
	};
}

/** Scenario 2: both clients and curl at scale. */
export function scaleSections(results: BenchResults): Section[] {
	const {scale} = results;
	if (!scale) {
		return [];
	}

	const overCurl = (value: number | null | undefined, sd: number | null | undefined) => ratio(value, sd, 2);
	const before = beforeLines(results, scale);
	const rows = [
		row(`got parallel×${scale.concurrency}`, scale.imgrace, overCurl(scale.imgraceRatio, scale.imgraceRatioSd)),
		...(scale.threads ? [row(`got threads×${scale.threadsConcurrency ?? '?'}`, scale.threads, overCurl(scale.threadsRatio, scale.threadsRatioSd))] : []),
		...(scale.undici ?? []).map(run => row(`undici ${run.strategy}×${run.concurrency}`, run.figures, overCurl(run.overCurl, run.overCurlSd))),
		...(scale.onTmpfs ?? []).map(run => row(`${run.client} ${run.strategy}×${run.concurrency}, tmpfs`, run.figures, '')),
		...(scale.curl ? [row(`curl --parallel×${scale.concurrency}`, scale.curl, '')] : []),
		...before.rows,
	];
	return [{
		title: `2. At scale: ${integer.format(scale.images)} images of ${integer.format(scale.imageBytes / 1000)} KB, no latency, no throttle, written to disk`,
		columns: ['Client', 'Images/s', 'CPU/image [ms]', 'RSS [MB]', 'Wall [ms]', '÷ curl'],
		rows,
		notes: [
			scale.ratio === null
				? `undici best / curl: – (${scale.note ?? 'no curl figures'})`
				: `undici best (${scale.best ?? '?'}) / curl images/s: ${ratio(scale.ratio, scale.ratioSd, 2)} — target ${targetCell(results, 'undici best / curl (images/s)')}`,
			`undici / got CPU per image (parallel×${scale.concurrency}, images to ${scale.cpuPerImageOn ?? 'disk'}): ${ratio(scale.cpuPerImageRatio, undefined, 2)} — target ${targetCell(results, 'undici / got CPU per image')}`,
			...(scale.cpuPerImageOn === 'tmpfs' ? [`  to disk, as curl's: ${ratio(scale.cpuPerImageRatioOnDisk, undefined, 2)} (the kernel's file-system time, the same for both clients, is in both figures there)`] : []),
			`got / curl: parallel ${targetCell(results, 'got parallel / curl (images/s)')}, threads ${targetCell(results, 'got threads / curl (images/s)')}`,
			...before.notes,
			...(scale.curlCommand ? [`curl: ${scale.curlCommand}`] : []),
			'÷ curl: images/s ÷ curl\'s in the same rounds. imgrace\'s wall is its run\'s wallMs (as --json reports it); its CPU per image is the whole process\'s (every thread) over its runs, without Node\'s start, the imports and the warm-up lap, paid once a race; RSS is the whole process\'s peak. curl\'s are its whole process\'s.',
			...(scale.onTmpfs?.length ? ['tmpfs: the same run with its images written to a folder in memory (/dev/shm), for what each client costs an image.'] : []),
		],
	}];
}
