/**
 * One measured imgrace run in a process of its own, so its CPU time and peak RSS are its own:
 *
 *   node dist/bench/engine-worker.js --urls FILE --out DIR --concurrency N --result FILE
 *     [--strategy sequential|parallel] [--ui]
 *
 * Without --ui it runs the race exactly as `imgrace --json --mode STRATEGY --urls FILE` does (the
 * JSON document goes to stdout). With --ui it renders the real Ink app into an in-memory 80×24 TTY and
 * presses q once the run is over. Either way it writes a WorkerReport to the --result file.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {parseRaceConfig} from '../source/config/parse-options.js';
import {runDownloads, type Runner, type RunResult} from '../source/engine/controller.js';
import {race} from '../source/race.js';
import {FakeTerminalInput, FakeTerminalOutput} from './fake-terminal.js';

export type WorkerReport = {
	/** user + system CPU of this whole process (startup included), ms. */
	readonly cpuMs: number;
	readonly userMs: number;
	readonly systemMs: number;
	/** CPU spent from the call into imgrace to its return, ms. */
	readonly raceCpuMs: number;
	/**
	 * CPU time of the main thread alone (JavaScript, the event loop, GC's main-thread part), without the
	 * libuv thread pool's file system work; Linux only (from /proc), else null.
	 */
	readonly mainThreadCpuMs: number | null;
	/** Peak resident set size, MB (10^6 bytes). */
	readonly peakRssMb: number;
	readonly exitCode: number;
	/** Only with --ui (with --json the run's figures are in the JSON document on stdout). */
	readonly ui?: {
		readonly run: RunResult | undefined;
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
	},
});

if (!values.urls || !values.out || !values.concurrency || !values.result) {
	process.stderr.write('engine-worker: --urls, --out, --concurrency and --result are required\n');
	process.exit(2);
}

const resultFile = values.result;
const config = parseRaceConfig({urls: values.urls, out: values.out, concurrency: values.concurrency, mode: values.strategy, json: !values.ui});

const cpuBefore = process.cpuUsage();
let exitCode: number;
let ui: WorkerReport['ui'];
if (values.ui) {
	// Loaded only here, as the CLI does, so --json runs never pay for React and Ink.
	const [{loadUrlList}, {runInteractive}] = await Promise.all([
		import('../source/config/check-inputs.js'),
		import('../source/ui/run-interactive.js'),
	]);
	const urls = await loadUrlList(config.urlsFile!);
	const stdout = new FakeTerminalOutput(80, 24);
	const stdin = new FakeTerminalInput();
	let run: RunResult | undefined;
	const runner: Runner = async ({strategy, concurrency, signal, onEvent}) => {
		// Bound as the CLI binds it (source/race.ts).
		const result = await runDownloads({
			strategy,
			concurrency,
			urls,
			outDir: path.join(config.out, strategy),
			retries: config.retries,
			idleTimeoutMs: config.idleTimeoutMs,
			maxTimeMs: config.maxTimeMs,
			maxSize: config.maxSize,
			keepAlive: config.keepAlive,
			signal,
			onEvent,
		});
		run = result;
		// Quit as a user would, once the finished run has been on screen for a couple of frames.
		setTimeout(() => {
			stdin.press('q');
		}, 100);
		return result;
	};

	const shown = performance.now();
	exitCode = await runInteractive({
		runner,
		imageCount: urls.length,
		mode: config.mode,
		concurrency: config.concurrency,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	ui = {run, frames: stdout.frames, writes: stdout.writes, bytes: stdout.bytes, onScreenMs: performance.now() - shown};
} else {
	exitCode = await race(config, 'bench');
}

const raceCpu = process.cpuUsage(cpuBefore);
let mainThreadCpuMs: number | null = null;
try {
	// schedstat: nanoseconds on a CPU, nanoseconds waiting for one, time slices.
	mainThreadCpuMs = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
} catch {
	// Not Linux: the split is unknown.
}

const usage = process.resourceUsage();
const report: WorkerReport = {
	cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
	userMs: usage.userCPUTime / 1000,
	systemMs: usage.systemCPUTime / 1000,
	raceCpuMs: (raceCpu.user + raceCpu.system) / 1000,
	mainThreadCpuMs,
	peakRssMb: (usage.maxRSS * 1024) / 1e6,
	exitCode,
	...(ui ? {ui} : {}),
};
writeFileSync(resultFile, JSON.stringify(report));
process.exitCode = exitCode;
