/**
 * One measured imgrace run in a process of its own, so its CPU time and peak RSS are its own:
 *
 *   node dist/bench/engine-worker.js --urls FILE --out DIR --concurrency N --result FILE
 *     [--strategy MODE] [--work download|thumbnail] [--client got|undici] [--ui]
 *
 * Without --ui it is the engine as `imgrace --json` drives it, through the same entry layer
 * (source/entry/: openRace binds the runner, runStrategies folds every event into a run record, what
 * the JSON document is built from); the document itself is not serialized (output formatting, not
 * the engine). --strategy takes what --mode does (default parallel): `both`, or a comma list, races
 * them one after the other in one process, as the CLI does. With --ui it renders the real Ink app into an in-memory 80×24 TTY and presses q once the
 * run is over. Either way it writes a WorkerReport to the --result file; a run that could not start
 * (its folder cannot be made) is one line on stderr and exit 1; flags the CLI would refuse, one line
 * and exit 2.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {parseRaceConfig} from '../source/config/parse-options.js';
import type {RunResult} from '../source/engine/run-spec.js';
import {chooseHeap, openRace, quitExitCode, runStrategies, underSignals} from '../source/entry/index.js';
import {FakeTerminalInput, FakeTerminalOutput} from './fake-terminal.js';
import {benchRegistry as registry} from './strategies.js';

export type WorkerReport = {
	/** The last run (the only one unless --strategy both). */
	readonly run: RunResult;
	/** Every run, in order. */
	readonly runs: readonly RunResult[];
	/** user + system CPU of this whole process (startup included), ms. */
	readonly cpuMs: number;
	readonly userMs: number;
	readonly systemMs: number;
	/** CPU spent from loading the URL list to the end of the run (or the app's exit), ms. */
	readonly runCpuMs: number;
	/**
	 * CPU time of the main thread alone (JavaScript, the event loop, GC's main-thread part), without the
	 * libuv thread pool's file system work and V8's helper threads; Linux only (from /proc), else null.
	 */
	readonly mainThreadCpuMs: number | null;
	/** Peak resident set size, MB (10^6 bytes). */
	readonly peakRssMb: number;
	/** Only with --ui. */
	readonly ui?: {
		readonly frames: number;
		readonly writes: number;
		readonly bytes: number;
		/** From render to the app's exit. */
		readonly onScreenMs: number;
	};
};

const {values} = parseArgs({
	options: {
		urls: {type: 'string'},
		out: {type: 'string'},
		concurrency: {type: 'string'},
		strategy: {type: 'string', default: 'parallel'},
		result: {type: 'string'},
		ui: {type: 'boolean', default: false},
		work: {type: 'string', default: 'download'},
		// No default here: the CLI's own (source/defaults.ts) applies when it is not given.
		client: {type: 'string'},
	},
});

if (!values.urls || !values.out || !values.concurrency || !values.result) {
	process.stderr.write('engine-worker: --urls, --out, --concurrency and --result are required\n');
	process.exit(2);
}

let config: ReturnType<typeof parseRaceConfig>;
try {
	config = parseRaceConfig({urls: values.urls, out: values.out, concurrency: values.concurrency, mode: values.strategy, json: !values.ui, work: values.work, client: values.client}, registry);
} catch (error) {
	process.stderr.write(`engine-worker: ${(error as Error).message}\n`);
	process.exit(2);
}

// As the CLI does for scripted races (source/entry/heap-policy.ts), before anything downloads.
chooseHeap(values.ui, config.work, config.client.name);
// Reset once the race is open: the runs' CPU, without Node's start, the imports, the URL list or the warm-up lap.
let cpuBefore = process.cpuUsage();

/** The process's costs so far: the run's CPU, the main thread's, and its resource usage. */
function measureNow() {
	let mainThreadCpuMs: number | null = null;
	try {
		// schedstat: nanoseconds on a CPU, nanoseconds waiting for one, time slices.
		mainThreadCpuMs = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		// Not Linux: no split.
	}

	return {runCpu: process.cpuUsage(cpuBefore), mainThreadCpuMs, usage: process.resourceUsage()};
}

let ended: ReturnType<typeof measureNow> | undefined;
const runs: RunResult[] = [];
let run: RunResult | undefined;
let ui: WorkerReport['ui'];
// The race as the CLI opens it (source/entry/): the --urls list read, the runner bound, signals taken over.
const code = await underSignals(async signal => {
	const opened = await openRace(config, {signal, registry});
	cpuBefore = process.cpuUsage();
	try {
		if (values.ui) {
			// Loaded only here, as the CLI does, so --json runs never pay for React and Ink.
			const {runInteractive} = await import('../source/ui/run-interactive.js');
			const stdout = new FakeTerminalOutput(80, 24);
			const stdin = new FakeTerminalInput();
			const shown = performance.now();
			const quit = await runInteractive({
				async runner(options) {
					const result = await opened.runner(options);
					run = result;
					runs.push(result);
					// Quit as a user would, once the finished run has been on screen for a few frames.
					setTimeout(() => {
						stdin.press('q');
					}, 100);
					return result;
				},
				registry,
				imageCount: opened.source.urls.length,
				// One run on screen, the last of the mode: `both` is measured as parallel.
				mode: [config.mode.at(-1)!],
				asked: config.asked,
				signal,
				stdout: stdout as unknown as NodeJS.WriteStream,
				stdin: stdin as unknown as NodeJS.ReadStream,
			});
			ui = {frames: stdout.frames, writes: stdout.writes, bytes: stdout.bytes, onScreenMs: performance.now() - shown};
			return quitExitCode(quit);
		}

		// As --json: the strategies one after the other, every event folded into its run's record.
		const raced = await runStrategies(opened.runner, registry, config, opened.source.urls.length, signal);
		runs.push(...raced.results);
		run = raced.results.at(-1);
		const failure = raced.runs.find(entry => !('runId' in entry));
		if (failure && 'error' in failure) {
			process.stderr.write(`engine-worker: ${failure.error}\n`);
			return 1;
		}

		return 0;
	} finally {
		// Before close: tidying the state folder after a race (once an hour) is not the run's cost.
		ended = measureNow();
		await opened.close();
	}
});

if (code !== 0) {
	process.exit(code);
}

if (!run) {
	process.stderr.write('engine-worker: the app quit without finishing a run\n');
	process.exit(1);
}

const {runCpu, mainThreadCpuMs, usage} = ended!;
const report: WorkerReport = {
	run,
	runs,
	cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
	userMs: usage.userCPUTime / 1000,
	systemMs: usage.systemCPUTime / 1000,
	runCpuMs: (runCpu.user + runCpu.system) / 1000,
	mainThreadCpuMs,
	peakRssMb: (usage.maxRSS * 1024) / 1e6,
	...(ui ? {ui} : {}),
};
writeFileSync(values.result, JSON.stringify(report));
