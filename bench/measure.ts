import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ClientName, StrategyName} from '../source/engine/run-spec.js';
import type {WorkerReport} from './engine-worker.js';

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-worker.js');

/** One measured run of a downloader over a URL list. */
export type Sample = {
	/** imgrace only: the client its runs were made with, as the run's record says. */
	readonly client?: ClientName;
	/** imgrace only: downloads at once, as the run's record says. */
	readonly concurrency?: number;
	/** Transfer wall time: imgrace's run wallMs (as --json reports it), curl's whole process. */
	readonly wallMs: number;
	/** Spawn to exit, as seen by the benchmark. */
	readonly processWallMs: number;
	readonly ok: number;
	readonly failed: number;
	readonly bytes: number;
	/** User + system CPU of the whole process. */
	readonly cpuMs: number;
	/**
	 * imgrace only: user + system CPU of the whole process (every thread) over its runs, from the first's
	 * start to the last's end: without Node's start, the imports and the race's opening (the URL list, the
	 * warm-up lap), which a race pays once, whatever its length.
	 */
	readonly runsCpuMs?: number;
	/** imgrace only, Linux only: CPU of the main (JavaScript) thread alone. */
	readonly mainThreadCpuMs?: number;
	readonly peakRssMb: number;
	/** imgrace only: the run's own costs as it reports them (children's CPU and memory included). */
	readonly run?: {readonly startupMs: number; readonly cpuMs: number; readonly peakRssMb: number};
};

export type UiSample = Sample & {readonly frames: number; readonly onScreenMs: number};

/**
 * CI runners set CI (and friends), and Ink then prints only the last frame. The UI must be measured
 * as it behaves in a terminal, so the workers never see those variables.
 */
function workerEnvironment(): NodeJS.ProcessEnv {
	const environment: NodeJS.ProcessEnv = {...process.env, FORCE_COLOR: '1'};
	for (const key of Object.keys(environment)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) {
			delete environment[key];
		}
	}

	return environment;
}

type Finished = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; wallMs: number};

async function run(command: string, args: readonly string[], options: {env?: NodeJS.ProcessEnv; timeoutMs: number; onStderr?: (text: string) => void}): Promise<Finished> {
	const started = performance.now();
	const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env});
	const stdout: Buffer[] = [];
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
		options.onStderr?.(stderr);
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	try {
		const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', (exitCode, exitSignal) => {
				resolve([exitCode, exitSignal]);
			});
		});
		return {code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr, wallMs: performance.now() - started};
	} finally {
		clearTimeout(timer);
		process.off('exit', killOnExit);
	}
}

function describeFailure(what: string, finished: Finished): Error {
	const how = finished.signal ? `was killed (${finished.signal})` : `exited with code ${finished.code}`;
	return new Error(`${what} ${how}${finished.stderr.trim() ? `: ${finished.stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`);
}

export type EngineJob = {
	readonly urlsFile: string;
	readonly outDir: string;
	readonly concurrency: number;
	/** --mode as the CLI takes it (default parallel); a comma list races them in order, in one process. */
	readonly strategy?: string;
	/** --client (default the CLI's, got). */
	readonly client?: ClientName;
	/** --work: 'thumbnail' for the CPU-bound scenario (default 'download'). */
	readonly work?: 'download' | 'thumbnail';
	/** Where the worker writes its WorkerReport. */
	readonly resultFile: string;
	/** Render the Ink app into an in-memory TTY instead of --json. */
	readonly ui?: boolean;
	/** Write a V8 CPU profile (node --cpu-prof) into this folder. */
	readonly profileDir?: string;
	readonly timeoutMs?: number;
};

/** Run imgrace (the engine as --json drives it) in a worker process and read back its figures. */
export async function measureEngine(job: EngineJob): Promise<Sample> {
	const finished = await spawnWorker(job);
	return toSample(await readReport(job), finished.wallMs);
}

/**
 * Race `strategies` one after the other in one worker process, as `imgrace --mode a,b,c` does; one
 * sample per strategy, each with the process's figures (CPU, RSS) and its own run's.
 */
export async function measureRace(job: EngineJob, strategies: readonly StrategyName[]): Promise<Map<StrategyName, Sample>> {
	const finished = await spawnWorker({...job, strategy: strategies.join(',')});
	const report = await readReport(job);
	const names = report.runs.map(run => run.strategy);
	if (names.join() !== strategies.join()) {
		throw new Error(`engine worker (--strategy ${strategies.join(',')}): ran ${names.join(',') || 'nothing'}`);
	}

	return new Map(report.runs.map(run => [run.strategy, toSample({...report, run}, finished.wallMs)]));
}

/** The worker's report, after checking that every run was made with the client the job asked for. */
async function readReport(job: EngineJob): Promise<WorkerReport> {
	const report = JSON.parse(await readFile(job.resultFile, 'utf8')) as WorkerReport;
	const other = report.runs.find(run => job.client !== undefined && run.client !== job.client);
	if (other) {
		throw new Error(`engine worker: asked for --client ${job.client}, its ${other.strategy} run used ${other.client}`);
	}

	return report;
}

/** Run imgrace with the Ink app on an in-memory terminal in a worker process. */
export async function measureEngineUi(job: EngineJob): Promise<UiSample> {
	const finished = await spawnWorker({...job, ui: true});
	const report = await readReport(job);
	if (!report.ui) {
		throw new Error('engine worker (--ui): no UI figures in its report');
	}

	return {...toSample(report, finished.wallMs), frames: report.ui.frames, onScreenMs: report.ui.onScreenMs};
}

function toSample(report: WorkerReport, processWallMs: number): Sample {
	return {
		client: report.run.client,
		concurrency: report.run.concurrency,
		wallMs: report.run.wallMs,
		processWallMs,
		ok: report.run.ok,
		failed: report.run.failed,
		bytes: report.run.bytes,
		cpuMs: report.cpuMs,
		runsCpuMs: report.runCpuMs,
		mainThreadCpuMs: report.mainThreadCpuMs ?? undefined,
		peakRssMb: report.peakRssMb,
		run: {startupMs: report.run.startupMs, cpuMs: report.run.cpuMs, peakRssMb: report.run.peakRssMb},
	};
}

async function spawnWorker(job: EngineJob): Promise<Finished> {
	const profile = job.profileDir ? ['--cpu-prof', '--cpu-prof-dir', job.profileDir] : [];
	const args = [...profile, workerPath, '--urls', job.urlsFile, '--out', job.outDir, '--concurrency', String(job.concurrency), '--strategy', job.strategy ?? 'parallel', '--result', job.resultFile];
	if (job.ui) {
		args.push('--ui');
	}

	if (job.work) {
		args.push('--work', job.work);
	}

	if (job.client) {
		args.push('--client', job.client);
	}

	const finished = await run(process.execPath, args, {env: workerEnvironment(), timeoutMs: job.timeoutMs ?? 300_000});
	if (finished.code !== 0) {
		throw describeFailure(`engine worker${job.ui ? ' (--ui)' : ''}`, finished);
	}

	return finished;
}

/** `curl --version`'s first line, or null when curl is not installed. */
export function curlVersion(): string | null {
	const result = spawnSync('curl', ['--version'], {encoding: 'utf8'});
	if (result.error || result.status !== 0) {
		return null;
	}

	return result.stdout.split('\n')[0]?.trim() ?? null;
}

export type CurlJob = {
	/** A curl config file of `url =` / `output =` pairs. */
	readonly configFile: string;
	readonly outDir: string;
	readonly parallelMax: number;
	readonly timeoutMs?: number;
};

export function curlArguments(job: CurlJob): string[] {
	return ['--parallel', '--parallel-max', String(job.parallelMax), '--parallel-immediate', '--no-progress-meter', '--fail', '--config', job.configFile];
}

/**
 * Run curl under bash: bash's `times` gives the children's CPU time (from the kernel's accounting,
 * exact), EPOCHREALTIME the wall time without spawn overhead, and /proc/PID/status the peak RSS
 * (VmHWM, polled while curl runs; it only ever grows).
 */
export async function measureCurl(job: CurlJob): Promise<Sample> {
	const script = [
		'start=$EPOCHREALTIME',
		'curl "$@" & pid=$!',
		'echo "curl-pid $pid" >&2',
		'wait $pid; code=$?',
		'end=$EPOCHREALTIME',
		'echo "curl-wall $start $end" >&2',
		'times >&2',
		'exit $code',
	].join('\n');
	let pid: number | undefined;
	let peakKb = 0;
	const poll = () => {
		if (pid === undefined) {
			return;
		}

		try {
			const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (match) {
				peakKb = Math.max(peakKb, Number(match[1]));
			}
		} catch {
			// Gone already (or no /proc): keep what was seen.
		}
	};

	const poller = setInterval(poll, 10);
	let finished: Finished;
	try {
		finished = await run('bash', ['-c', script, 'bash', ...curlArguments(job)], {
			env: {...process.env, LC_ALL: 'C'},
			timeoutMs: job.timeoutMs ?? 300_000,
			onStderr(text) {
				if (pid === undefined) {
					const match = /curl-pid (\d+)/.exec(text);
					if (match) {
						pid = Number(match[1]);
						poll();
					}
				}
			},
		});
	} finally {
		clearInterval(poller);
	}

	// 22: some transfer got an HTTP error (--fail); still a measurement, counted below.
	if (finished.code !== 0 && finished.code !== 22) {
		throw describeFailure('curl', finished);
	}

	const wall = /curl-wall (\d+\.\d+) (\d+\.\d+)/.exec(finished.stderr);
	// `times`: the shell's own user/system line, then its children's.
	const times = [...finished.stderr.matchAll(/(\d+)m(\d+(?:\.\d+)?)s (\d+)m(\d+(?:\.\d+)?)s/g)].at(-1);
	if (!wall || !times) {
		throw new Error(`could not read curl's timing from bash: ${finished.stderr.trim().slice(-300)}`);
	}

	const minutesSeconds = (minutes: string, seconds: string) => ((Number(minutes) * 60) + Number(seconds)) * 1000;
	const cpuMs = minutesSeconds(times[1]!, times[2]!) + minutesSeconds(times[3]!, times[4]!);
	const {files, bytes} = await countFiles(job.outDir);
	const total = (await readFile(job.configFile, 'utf8')).split('\n').filter(line => line.startsWith('url')).length;
	return {
		wallMs: (Number(wall[2]) - Number(wall[1])) * 1000,
		processWallMs: finished.wallMs,
		ok: files,
		failed: total - files,
		bytes,
		cpuMs,
		peakRssMb: (peakKb * 1024) / 1e6,
	};
}

/** Non-empty files in a folder and their total size. */
async function countFiles(directory: string): Promise<{files: number; bytes: number}> {
	let files = 0;
	let bytes = 0;
	for (const name of await readdir(directory)) {
		const info = await stat(path.join(directory, name));
		if (info.isFile() && info.size > 0) {
			files++;
			bytes += info.size;
		}
	}

	return {files, bytes};
}
