import type {BenchResults, Stat, Target} from '../results.js';

/** One table of the report, independent of how it is drawn (terminal text or Markdown). */
export type Section = {
	readonly title: string;
	readonly columns: readonly string[];
	readonly rows: ReadonlyArray<readonly string[]>;
	/** Lines printed under the table. */
	readonly notes: readonly string[];
};

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

function number(value: number, digits: number): string {
	if (!Number.isFinite(value)) {
		return '–';
	}

	return digits === 0 ? integer.format(value) : value.toFixed(digits);
}

/** "4,012 ± 3" (hyperfine's mean ± σ). */
export function meanSd(stat: Stat, digits = 0, unit = ''): string {
	return `${number(stat.mean, digits)} ± ${number(stat.sd, digits)}${unit}`;
}

/** "4,008 … 4,017". */
export function range(stat: Stat, digits = 0, unit = ''): string {
	return `${number(stat.min, digits)} … ${number(stat.max, digits)}${unit}`;
}

function ratio(value: number | null, sd?: number | null, digits = 3): string {
	if (value === null || !Number.isFinite(value)) {
		return '–';
	}

	return sd === null || sd === undefined || !Number.isFinite(sd) ? `${value.toFixed(digits)}×` : `${value.toFixed(digits)}× ± ${sd.toFixed(digits)}`;
}

function verdict(target: Target): string {
	if (target.met === null) {
		return 'n/a';
	}

	return target.met ? 'met' : 'NOT met';
}

function targetFor(results: BenchResults, name: string): string {
	const target = results.targets.find(candidate => candidate.name === name);
	return target ? `${target.goal} (${verdict(target)})` : '';
}

/** The report's tables, in the issue's order, then the targets. */
export function buildSections(results: BenchResults): Section[] {
	const sections: Section[] = [];
	const {machine, settings} = results;
	const runs = `${settings.rounds} round${settings.rounds === 1 ? '' : 's'} after ${settings.warmup} warm-up${settings.quick ? ', --quick' : ''}`;

	const {ideal} = results;
	if (ideal) {
		sections.push({
			title: `1. Against the ideal: ${ideal.images} images of ${integer.format(ideal.imageBytes / 1000)} KB, ${ideal.latencyMs} ms latency, ${integer.format(ideal.bandwidth / 1e6)} MB/s per connection`,
			columns: ['Strategy', 'Wall [ms] mean ± σ', 'min … max [ms]', 'Ideal [ms]', 'Measured / ideal', 'Target'],
			rows: (['sequential', 'parallel'] as const).map(strategy => [
				strategy,
				meanSd(ideal[strategy].wallMs),
				range(ideal[strategy].wallMs),
				integer.format(ideal[strategy].idealMs),
				ratio(ideal[strategy].ratio, ideal[strategy].ratioSd),
				targetFor(results, `${strategy} / ideal`),
			]),
			notes: [],
		});
		if (ideal.pooled && ideal.pooled.length > 0) {
			sections.push({
				title: `1b. The same downloads on worker threads and child processes, ${ideal.images} workers each`,
				columns: ['Strategy', 'Wall [ms] mean ± σ', 'Start-up [ms] mean ± σ', 'After start-up [ms]', '÷ parallel (after start-up)', 'Target'],
				rows: ideal.pooled.map(pool => [
					pool.strategy,
					meanSd(pool.wallMs),
					meanSd(pool.startupMs),
					meanSd(pool.afterStartupMs),
					ratio(pool.overParallel, pool.overParallelSd),
					targetFor(results, `download: ${pool.strategy} after start-up / parallel`),
				]),
				notes: ['after start-up = the run\'s wall minus its startupMs (until the last worker was ready); parallel = its wall in section 1.'],
			});
		}
	}

	const {scale} = results;
	if (scale) {
		const clients = [['imgrace (--json)', scale.imgrace] as const, ...(scale.threads ? [[`imgrace --mode threads (×${scale.threadsConcurrency ?? '?'}, one per core)`, scale.threads] as const] : []), ...(scale.curl ? [['curl --parallel', scale.curl] as const] : [])];
		sections.push({
			title: `2. At scale: ${integer.format(scale.images)} images of ${integer.format(scale.imageBytes / 1000)} KB, no latency, no throttle, concurrency ${scale.concurrency}, written to disk`,
			columns: ['Client', 'Images/s', 'MB/s', 'CPU user+sys [ms]', 'CPU/image [ms]', 'Peak RSS [MB]', 'Wall [ms] min … max'],
			rows: clients.map(([name, figures]) => [
				name,
				meanSd(figures.stats.imagesPerSec),
				meanSd(figures.stats.mbPerSec, 1),
				meanSd(figures.stats.cpuMs),
				meanSd(figures.stats.cpuMsPerImage, 2),
				meanSd(figures.stats.peakRssMb, 1),
				range(figures.stats.wallMs),
			]),
			notes: [
				scale.ratio === null
					? `imgrace / curl: – (${scale.note ?? 'no curl figures'})`
					: `imgrace / curl images/s: ${ratio(scale.ratio, scale.ratioSd, 2)} — target ${targetFor(results, 'imgrace / curl (images/s)')}`,
				...(scale.threads && scale.threadsRatio !== null && scale.threadsRatio !== undefined ? [`threads / curl images/s: ${ratio(scale.threadsRatio, scale.threadsRatioSd, 2)} — target ${targetFor(results, 'threads / curl (images/s)')}`] : []),
				...(scale.curlCommand ? [`curl: ${scale.curlCommand}`] : []),
				'imgrace wall = the run\'s wallMs as --json reports it; CPU and RSS are the whole process, Node startup included.',
			],
		});
	}

	if (results.memory.length > 0) {
		const first = results.memory[0]!;
		const last = results.memory.at(-1)!;
		sections.push({
			title: '3. Memory: engine peak RSS (--json, 50 KB images, concurrency 64)',
			columns: ['Images', 'Peak RSS [MB] mean ± σ', 'min … max [MB]', `× ${integer.format(first.count)} images`, 'Wall [ms]'],
			rows: results.memory.map(point => [
				integer.format(point.count),
				meanSd(point.stats.peakRssMb, 1),
				range(point.stats.peakRssMb, 1),
				ratio(point.peakRssMb / first.peakRssMb, undefined, 2),
				meanSd(point.stats.wallMs),
			]),
			notes: results.memory.length > 1 ? [`${integer.format(last.count)} / ${integer.format(first.count)} images: ${ratio(last.peakRssMb / first.peakRssMb, undefined, 2)} — target ${targetFor(results, `peak RSS ${last.count} / ${first.count} images`)}`] : [],
		});
	}

	const {ui} = results;
	if (ui) {
		sections.push({
			title: `4. The UI: ${integer.format(ui.images)} images, concurrency ${ui.concurrency}, Ink on an in-memory 80×24 TTY vs --json`,
			columns: ['Output', 'Run wall [ms]', 'CPU user+sys [ms]', 'Peak RSS [MB]', 'Frames', 'Frames/s'],
			rows: [
				['Ink UI', meanSd(ui.stats.uiWallMs), meanSd(ui.stats.uiCpuMs), meanSd(ui.stats.uiPeakRssMb, 1), meanSd(ui.stats.frames), meanSd(ui.stats.fps, 1)],
				['--json', meanSd(ui.stats.jsonWallMs), meanSd(ui.stats.jsonCpuMs), meanSd(ui.stats.jsonPeakRssMb, 1), '–', '–'],
				['UI / --json', ratio(ui.wallRatio, undefined, 2), ratio(ui.cpuRatio, undefined, 2), '', '', ''],
			],
			notes: [
				`wall ${targetFor(results, 'UI wall / --json wall')}; CPU ${targetFor(results, 'UI CPU / --json CPU')}; frames/s ${targetFor(results, 'UI frames per second')}`,
			],
		});
	}

	const {startup} = results;
	if (startup) {
		const target = `${startup.workers} threads ready / ${startup.workers} empty`;
		sections.push({
			title: `6. Worker start-up: ${startup.workers} workers started at once until each is ready to download, against ${startup.workers} empty ones${startup.bundled ? '' : ' (no worker bundle in this build)'}`,
			columns: ['Workers', 'Empty [ms] mean ± σ', 'imgrace [ms] mean ± σ', 'imgrace / empty (median)', 'Unbundled [ms] mean ± σ', 'Target'],
			rows: [startup.threads, startup.processes].map(kind => [
				kind.kind,
				meanSd(kind.emptyMs),
				meanSd(kind.imgraceMs),
				ratio(kind.ratio, kind.ratioStat.sd, 2),
				meanSd(kind.unbundledMs),
				kind.kind === 'threads' ? targetFor(results, target) : '',
			]),
			notes: [
				'imgrace = pool workers as runPool starts them, ready once setup is taken (HTTP client made); unbundled = the same loading worker-loop.js and its module graph instead of the one-file bundle.',
				'Ratio per round (empty and imgrace back to back), median over rounds: load from other work hits both sides alike.',
			],
		});
	}

	const {cpu} = results;
	if (cpu) {
		sections.push({
			title: `5. CPU-bound: --work thumbnail (repeat ${cpu.repeat}), ${cpu.images} images, ${cpu.cores} cores, server in its own process`,
			columns: ['Strategy', 'Workers', 'Wall [ms] mean ± σ', 'Start-up [ms]', 'CPU [ms]', 'Peak RSS [MB]', '× sequential', 'Wall / ideal', '× parallel (after start-up)'],
			rows: cpu.strategies.map(run => [
				run.strategy,
				String(run.workers),
				meanSd(run.wallMs),
				meanSd(run.startupMs),
				meanSd(run.cpuMs),
				meanSd(run.peakRssMb, 1),
				ratio(run.speedup, undefined, 2),
				ratio(run.overIdeal, undefined, 2),
				run.overEventLoop === null ? '–' : `${ratio(run.overEventLoop, undefined, 2)} (${ratio(run.overEventLoopAfterStartup, undefined, 2)})`,
			]),
			notes: [`ideal = sequential's wall ÷ ${Math.min(cpu.cores, cpu.images)} (every core busy, nothing else): ${integer.format(cpu.idealMs)} ms. CPU and RSS are the run's own (children included).`],
		});
	}

	sections.push({
		title: 'Targets',
		columns: ['Target', 'Goal', 'Measured', 'Result'],
		rows: results.targets.map(target => [
			target.name,
			target.goal,
			target.measured === null ? '–' : target.name.includes('per second') ? target.measured.toFixed(1) : target.measured.toFixed(3),
			`${verdict(target)}${target.note ? ` (${target.note})` : ''}`,
		]),
		notes: [
			`Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}${machine.curl ? `, ${machine.curl.split(' (')[0]}` : ''}; ${runs}.`,
		],
	});
	return sections;
}
