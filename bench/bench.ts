/**
 * `npm run bench`: imgrace's own cost, measured (issue 6). Parses the flags, runs the scenarios in
 * order, prints the table and writes the exports. Measuring lives in scenarios/, presentation in
 * report/.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {BeforeError, readBefore} from './before.js';
import {describeMachine} from './machine.js';
import {BenchUsageError, parseBenchOptions, usage, type BenchOptions} from './options.js';
import {exporterFor} from './report/exporter.js';
import type {Before, BenchResults, CpuResult, IdealResult, MemoryPoint, ScaleResult, StartupResult, UiResult} from './results.js';
import type {ScenarioContext} from './scenarios/context.js';
import {cpuAtDefaults, cpuFast, cpuScenario} from './scenarios/cpu.js';
import {idealScenario} from './scenarios/ideal.js';
import {memoryScenario} from './scenarios/memory.js';
import {scaleScenario} from './scenarios/scale.js';
import {startupScenario} from './scenarios/startup.js';
import {uiScenario} from './scenarios/ui.js';
import {checkTargets} from './targets.js';

async function runBench(options: BenchOptions, before: Before | null): Promise<BenchResults> {
	const started = performance.now();
	const log = (line: string) => {
		const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
		process.stderr.write(`[${seconds}s] ${line}\n`);
	};

	if (options.profileDir) {
		await mkdir(options.profileDir, {recursive: true});
	}

	const context: ScenarioContext = {
		rounds: options.rounds,
		warmup: options.warmup,
		workload: options.workload,
		log,
		profileDir: options.profileDir ? path.resolve(options.profileDir) : undefined,
	};
	const machine = describeMachine();
	log(`imgrace bench: ${machine.cores} cores, Node ${machine.node}, ${options.rounds} round(s) after ${options.warmup} warm-up, scenarios: ${options.scenarios.join(', ')}`);
	const wanted = (name: string) => options.scenarios.includes(name as never);
	const ideal: IdealResult | null = wanted('ideal') ? await idealScenario(context) : null;
	const scale: ScaleResult | null = wanted('scale') ? await scaleScenario(context) : null;
	const memory: MemoryPoint[] = wanted('memory') ? await memoryScenario(context) : [];
	const ui: UiResult | null = wanted('ui') ? await uiScenario(context) : null;
	const cpu: CpuResult | null = wanted('cpu') ? await cpuScenario(context, cpuFast) : null;
	const cpuAtServerDefaults: CpuResult | null = wanted('cpu') ? await cpuScenario(context, cpuAtDefaults) : null;
	const startup: StartupResult | null = wanted('startup') ? await startupScenario(context) : null;
	return {
		machine,
		settings: {rounds: options.rounds, warmup: options.warmup, quick: options.quick},
		ideal,
		scale,
		memory,
		ui,
		cpu,
		cpuAtDefaults: cpuAtServerDefaults,
		startup,
		targets: checkTargets({ideal, scale, memory, ui, cpu, cpuAtDefaults: cpuAtServerDefaults, startup}),
		before,
		durationMs: performance.now() - started,
	};
}

async function exportTo(file: string, content: string): Promise<void> {
	await mkdir(path.dirname(path.resolve(file)), {recursive: true});
	await writeFile(file, content);
}

async function main(): Promise<number> {
	let options: BenchOptions;
	let before: Before | null;
	try {
		options = parseBenchOptions(process.argv.slice(2));
		if (options.help) {
			process.stdout.write(usage);
			return 0;
		}

		// Read before anything is measured: a wrong file name should not cost a whole run.
		before = await readBefore(options.before);
	} catch (error) {
		if (error instanceof BenchUsageError || error instanceof BeforeError) {
			process.stderr.write(`imgrace bench: ${error.message}\n${error instanceof BenchUsageError ? usage : ''}`);
			return 2;
		}

		throw error;
	}

	const results = await runBench(options, before);
	process.stdout.write(`\n${exporterFor('table').serialize(results)}`);
	if (options.exportJson) {
		await exportTo(options.exportJson, exporterFor('json').serialize(results));
	}

	if (options.exportMarkdown) {
		await exportTo(options.exportMarkdown, exporterFor('markdown').serialize(results));
	}

	// Missing a target is a finding, not a failure of the benchmark: exit 0 either way.
	return 0;
}

try {
	process.exitCode = await main();
} catch (error) {
	process.stderr.write(`imgrace bench: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
}
