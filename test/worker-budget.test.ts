import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmod, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';
import type {EngineEvent} from '../source/engine/events.js';
import {readMachine, type Machine} from '../source/engine/machine.js';
import type {ClientName, RunResult, Runner} from '../source/engine/run-spec.js';
import {exitCodeFor} from '../source/entry/exit-codes.js';
import {runStrategies} from '../source/entry/run-strategies.js';
import {stderrReason} from '../source/executors/child-stderr.js';
import {startRoom, workerRoom} from '../source/executors/worker-budget.js';
import {workerModuleFor} from '../source/executors/worker-handle.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {buildJsonReport, type JsonReport} from '../source/output/json-report.js';
import {lineForEvent} from '../source/output/plain-lines.js';
import {imageUrl} from '../source/server/image-server.js';
import {buildScreen} from '../source/view/screen.js';
import {Snapshotter} from '../source/view/snapshot.js';
import {labelsForWork} from '../source/ui/live/strategy-labels.js';
import {reduceSession} from '../source/model/session-state.js';
import {cliPath, outputOf, runCli, startLimited} from './helpers/cli.js';
import {clients} from './helpers/clients.js';
import {eventLog, listFiles, withTempDir} from './helpers/events.js';
import {EventScript} from './helpers/fake-runner.js';
import {race, testRegistry} from './helpers/race.js';
import {withServer} from './helpers/server.js';
import {newSession} from './helpers/session.js';

const registry = testRegistry();
const quick = {latencyMs: 5, jitterMs: 0, bandwidth: 0};

/** A machine as this one is (2 cores, 25 GB, no limits), changed by `overrides`. */
function machine(overrides: Partial<Machine> = {}): Machine {
	return {cores: 2, memoryBytes: 25e9, openFiles: 65_536, addressSpaceBytes: undefined, mappedBytes: 1.4e9, tasksLeft: undefined, ...overrides};
}

test('workers are capped by cores (never under the default width), memory, address space and tasks, each saying so', () => {
	assert.deepEqual(workerRoom('threads', machine()), {slots: 64, cap: {limit: 'cores', reason: 'the core count (2; 8 workers a core, 64 at least)'}});
	assert.equal(workerRoom('threads', machine({cores: 16})).slots, 128);
	assert.deepEqual(workerRoom('threads', machine({memoryBytes: 240e6})), {slots: 10, cap: {limit: 'memory', reason: 'the memory (half of 240 MB, about 12 MB a worker thread)'}});
	assert.deepEqual(workerRoom('processes', machine({memoryBytes: 660e6})).slots, 5);
	// ulimit -v 4000000 with the server's thread up: room for one starting thread, not two.
	const tight = workerRoom('threads', machine({addressSpaceBytes: 4_096_000_000, mappedBytes: 2.296e9}));
	assert.deepEqual([tight.slots, tight.cap.limit], [1, 'address space']);
	assert.match(tight.cap.reason, /^the address space left under ulimit -v \(1\.8 GB; about 900 MB a starting thread\)$/);
	assert.equal(workerRoom('threads', machine({addressSpaceBytes: 3e9, mappedBytes: 2.5e9})).slots, 0);
	assert.equal(workerRoom('processes', machine({addressSpaceBytes: 3e9, mappedBytes: 2.5e9})).slots, 64, 'a child has an address space of its own');
	assert.deepEqual(workerRoom('threads', machine({tasksLeft: 10})), {slots: 6, cap: {limit: 'processes', reason: 'the process limit (ulimit -u or the container\'s pids: 10 tasks left, 1 a worker thread)'}});
	assert.equal(workerRoom('processes', machine({tasksLeft: 40})).slots, 3);
	// A child that cannot start fails its images with the reason (the pool's to say), so its room is never 0...
	assert.equal(workerRoom('processes', machine({tasksLeft: 5})).slots, 1);
	// ...and the pool starts none.
	assert.deepEqual(startRoom('processes', machine({tasksLeft: 5})), {count: 0, worker: 'a child process', reason: 'the process limit (ulimit -u) is reached'});
	assert.deepEqual(startRoom('threads', machine({addressSpaceBytes: 3e9, mappedBytes: 2.5e9})), {count: 0, worker: 'a worker thread', reason: 'no address space is left under ulimit -v'});
});

/** Every event of one run, folded into its record as the front ends fold them. */
function recorder(): {events: EngineEvent[]; record: () => RunRecord; onEvent: (event: EngineEvent) => void} {
	const log = eventLog();
	let record: RunRecord | undefined;
	return {
		events: log.events,
		record: () => record!,
		onEvent(event) {
			log.onEvent(event);
			record ??= event.type === 'run-started' ? createRunRecord(event) : undefined;
			applyEvent(record!, event);
		},
	};
}

for (const client of clients) {
	test(`threads on ${client}: a run is no wider than the memory allows, and run-started, the result, the plain line and the JSON say which limit`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const run = recorder();
			const urls = Array.from({length: 6}, (_, index) => imageUrl(server.url, index));
			// Half of 72 MB at 12 MB a thread: three.
			const result = await race({strategy: 'threads', asked: 6, client, urls, folder: dir, machine: machine({memoryBytes: 72e6}), onEvent: run.onEvent});
			assert.deepEqual([result.ok, result.concurrency, result.cappedFrom, result.cappedBy?.limit], [6, 3, 6, 'memory']);
			const workers = run.events.find(event => event.type === 'run-workers');
			assert.equal(workers?.type === 'run-workers' && workers.workers, 3, 'three workers started');
			const started = run.events[0]!;
			assert.equal(lineForEvent(run.record(), started), `threads×3: 6 images, 3 at a time (6 asked for; the memory (half of 72 MB, about 12 MB a worker thread) allows 3) → ${dir}`);
			const json = buildJsonReport([run.record()], '0.0.0').runs[0]!;
			assert.deepEqual([json.cappedFrom, json.cappedBy, json.openFileLimit], [6, {limit: 'memory', reason: 'the memory (half of 72 MB, about 12 MB a worker thread)'}, undefined]);
		}));
	});
}

test('the live panel names the limit that lowered its width', () => {
	const state = newSession({imageCount: 8, concurrency: 0});
	const cap = {limit: 'address space', reason: 'the address space left under ulimit -v (1.8 GB; about 900 MB a starting thread)'} as const;
	for (const event of new EventScript('parallel', 8, {concurrency: 1}).at(0).started(0).events) {
		reduceSession(state, event.type === 'run-started' ? {...event, cappedFrom: 8, cappedBy: cap} : event);
	}

	const screen = buildScreen(new Snapshotter(labelsForWork(registry, undefined)).take(state, 100), undefined, {columns: 80, rows: 24});
	assert.equal(screen.panels[1]!.note, 'address space: ×1 of 8');
});

/** A runner over the test's race helper, making thumbnails on a made-up machine: what the entry layer binds. */
function runnerOn(made: Machine, urls: readonly string[], folder: string): Runner {
	return async ({strategy, asked, onEvent}): Promise<RunResult> => race({strategy, asked, urls, folder: path.join(folder, strategy), machine: made, work: {name: 'thumbnail', size: 32, repeat: 1}, onEvent});
}

test('a strategy with no room for one thread is a run reported as not started; the race goes on and the JSON is written', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const urls = [imageUrl(server.url, 0), imageUrl(server.url, 1)];
		const noRoom = machine({addressSpaceBytes: 3e9, mappedBytes: 2.5e9});
		await assert.rejects(race({strategy: 'threads', urls, folder: path.join(dir, 'alone'), machine: noRoom, onEvent() {}}), {code: 'ERR_IMGRACE_NO_ROOM', message: /^no room to start: the address space left under ulimit -v \(500 MB; about 900 MB a starting thread\)$/});
		assert.deepEqual(await listFiles(path.join(dir, 'alone')), [], 'nothing written');
		const config = {mode: ['sequential', 'threads', 'pipeline', 'parallel'], asked: 0, out: dir, work: {name: 'thumbnail', size: 32, repeat: 1}, client: {name: 'got'}} as const;
		const {runs} = await runStrategies(runnerOn(noRoom, urls, dir), registry, config as never, urls.length, new AbortController().signal);
		const report = buildJsonReport(runs, '0.0.0');
		assert.deepEqual(report.runs.map(run => [run.strategy, run.ok, run.error?.replace(/\(.*\)/, '(…)') ?? null]), [
			['sequential', 2, null],
			['threads', 0, 'no room to start: the address space left under ulimit -v (…)'],
			['pipeline', 0, 'no room to start: the address space left under ulimit -v (…)'],
			['parallel', 2, null],
		]);
		assert.equal(exitCodeFor(runs), 1);
	}));
});

/**
 * A worker module for the test's children: it dies at start as a child does whose threads cannot start
 * (Node's own message, an assertion, a native stack trace on stderr, SIGABRT); `which` says whether all
 * do, or only the first (the one that creates `lock`), the others running the real worker.
 */
async function dyingModule(dir: string, which: 'all' | 'first', client: ClientName): Promise<string> {
	const file = path.join(dir, `dying-${which}.mjs`);
	await writeFile(file, `
		import {openSync} from 'node:fs';
		let first = false;
		try { openSync(${JSON.stringify(path.join(dir, 'lock'))}, 'wx'); first = true; } catch {}
		if (${JSON.stringify(which)} === 'all' || first) {
			process.stderr.write(${JSON.stringify(nativeTrace)});
			process.abort();
		}
		// The real worker, run as the pool's bootstrap runs a worker file: the function it exports (code-cache.cts).
		const {runAsModule} = await import(${JSON.stringify(new URL('../source/executors/code-cache.cjs', import.meta.url).href)});
		runAsModule((await import(${JSON.stringify(workerModuleFor(client))})).default, ${JSON.stringify(fileURLToPath(workerModuleFor(client)))});
	`);
	return new URL(`file://${file}`).href;
}

/** What a child printed under ulimit -u 30 (captured here, Node 26), pids and paths as they were. */
const nativeTrace = `node[14352]: pthread_create: Resource temporarily unavailable

  #  /work/node_modules/node/bin/node[14351]: std::unique_ptr<uv_thread_t> node::WorkerThreadsTaskRunner::DelayedTaskScheduler::Start() at ../src/node_platform.cc:109
  #  Assertion failed: (0) == (uv_thread_create(t.get(), start_thread, this))

----- Native stack trace -----

 1: 0x840e50  [/work/node_modules/node/bin/node]
 2: 0x840da9 node::Assert(node::AssertionInfo const&) [/work/node_modules/node/bin/node]
`;

test('a child\'s stderr gives the reason it stopped in words; a native stack trace is never the reason', () => {
	assert.equal(stderrReason(nativeTrace), 'the process limit (ulimit -u) is reached');
	assert.equal(stderrReason('\n#\n# Fatal process out of memory: Failed to reserve virtual memory for CodeRange\n#\n----- Native stack trace -----\n 1: 0xaa1c41  [/x/node]\n'), 'out of memory (Failed to reserve virtual memory for CodeRange)');
	assert.equal(stderrReason('Warning: Failed to load CA certificates off thread: resource temporarily unavailable\nnode:internal/x:1\nError: boom\n'), 'node:internal/x:1');
	assert.equal(stderrReason('Warning: Failed to load CA certificates off thread: resource temporarily unavailable\n'), 'the process limit (ulimit -u) is reached');
	assert.equal(stderrReason('\u001B[31mred\u001B[0m\n'), '\\x1b[31mred\\x1b[0m');
	assert.equal(stderrReason(''), undefined);
});

/** A pooled run of `urls` whose children run `module`, in a separate Node, so what reaches its stderr can be seen. */
async function raceInChild(module: string, urls: readonly string[], folder: string, client: string): Promise<{stderr: string; summary: {ok: number; failed: number; failures: Array<{code: string; reason: string}>; workers: number[]}}> {
	const {spawn} = await import('node:child_process');
	const helper = new URL('helpers/race.js', import.meta.url).href;
	const pool = new URL('../source/executors/pool.js', import.meta.url).href;
	const registryModule = new URL('../source/strategies/index.js', import.meta.url).href;
	const script = `
		const {race} = await import(${JSON.stringify(helper)});
		const {runPool} = await import(${JSON.stringify(pool)});
		const {builtInStrategies} = await import(${JSON.stringify(registryModule)});
		const processes = builtInStrategies.find(strategy => strategy.name === 'processes');
		const dying = {...processes, name: 'dying', key: 'y', run: (spec, context) => runPool('processes', spec, context, ${JSON.stringify(module)})};
		const failures = [];
		const workers = [];
		const result = await race({strategy: dying, asked: 2, client: ${JSON.stringify(client)}, urls: ${JSON.stringify(urls)}, folder: ${JSON.stringify(folder)}, onEvent(event) {
			if (event.type === 'image-failed') failures.push({code: event.code, reason: event.reason});
			if (event.type === 'run-workers') workers.push(event.workers);
		}});
		console.log(JSON.stringify({ok: result.ok, failed: result.failed, failures, workers}));
	`;
	const {stdout, stderr} = await outputOf(spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'pipe']}), 60_000).done;
	return {stderr, summary: JSON.parse(stdout) as never};
}

for (const client of clients) {
	test(`processes on ${client}: a child that dies at start leaves the run to the others, its stack trace never on stderr`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const urls = Array.from({length: 4}, (_, index) => imageUrl(server.url, index));
			const {stderr, summary} = await raceInChild(await dyingModule(dir, 'first', client), urls, path.join(dir, 'out'), client);
			assert.deepEqual([summary.ok, summary.failed], [4, 0]);
			assert.equal(stderr, '', 'nothing of the child reached stderr');
		}));
	});

	test(`processes on ${client}: with no child started, every image fails with the reason in words, and the run ends`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const urls = Array.from({length: 3}, (_, index) => imageUrl(server.url, index));
			const {stderr, summary} = await raceInChild(await dyingModule(dir, 'all', client), urls, path.join(dir, 'out'), client);
			assert.deepEqual([summary.ok, summary.failed], [0, 3]);
			assert.deepEqual(new Set(summary.failures.map(failure => `${failure.code}: ${failure.reason}`)), new Set(['ERR_IMGRACE_WORKER: could not start a child process: the process limit (ulimit -u) is reached']));
			assert.equal(stderr, '');
		}));
	});
}

// Issue 23 item 14: past the address space, starting a thread is a fatal V8 error (exit 133) that takes
// the whole race with it; here nothing starts that would not fit.
for (const client of clients) {
	test(`--client ${client} under ulimit -v 2000000: the server runs on the race's thread, threads and the pipeline cannot start, the rest runs, the JSON is written`, async () => {
		await withTempDir(async dir => {
			const result = await startLimited(['--client', client, '--count', '3', '--mode', 'sequential,threads,pipeline,parallel', '--work', 'thumbnail', '-c', '2', '--latency', '0', '--jitter', '0', '--json', '--out', path.join(dir, 'out')], 'ulimit -v 2000000', {timeoutMs: 90_000}).done;
			assert.equal(result.code, 1, result.stderr);
			assert.match(result.stderr, /^imgrace: no room for the image server's own thread \(no address space is left under ulimit -v\): it runs on the race's thread, where its work competes with the runs that download there$/m);
			assert.doesNotMatch(result.stderr, /Fatal|Native stack trace|^#/m);
			const report = JSON.parse(result.stdout) as JsonReport;
			assert.deepEqual(report.runs.map(run => [run.strategy, run.ok, /^no room to start: the address space left under ulimit -v \(.+; about 900 MB a starting thread\)$/.test(run.error ?? '')]), [
				['sequential', 3, false],
				['threads', 0, true],
				['pipeline', 0, true],
				['parallel', 3, false],
			]);
		});
	});
}

test('under ulimit -v 4000000 a threads run starts the workers that fit and says so, never the ones that would end the process', async () => {
	await withTempDir(async dir => {
		const result = await startLimited(['--count', '4', '--mode', 'threads', '-c', '4', '--latency', '0', '--jitter', '0', '--json', '--out', path.join(dir, 'out')], 'ulimit -v 4000000', {timeoutMs: 90_000}).done;
		assert.equal(result.code, 0, result.stderr);
		const run = (JSON.parse(result.stdout) as JsonReport).runs[0]!;
		assert.equal(run.ok, 4);
		assert.ok(run.concurrency < 4 && run.cappedBy?.limit === 'address space', JSON.stringify([run.concurrency, run.cappedBy]));
	});
});

/**
 * Issue 23 item 6 needs a user held to ulimit -u (root is not): a uid of its own, which has no other
 * process on this machine, through setpriv (root only). Its files must be readable by anyone.
 */
const otherUser = ((): {uid: number} | {skip: string} => {
	if (process.getuid?.() !== 0) {
		return {skip: 'needs root, to run imgrace as another user (setpriv): ulimit -u does not bind root'};
	}

	try {
		execFileSync('setpriv', ['--version'], {stdio: 'ignore'});
	} catch {
		return {skip: 'needs setpriv (util-linux) to run imgrace as another user'};
	}

	// Node must be runnable by that user and the built CLI readable, the folders on the way searchable too (a
	// Node that npx keeps under /root is not): tried as that user, the way startLimited starts imgrace.
	const uid = 40_000 + (process.pid % 20_000);
	try {
		execFileSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'bash', '-c', 'exec "$0" "$@"', process.execPath, '-e', 'require("node:fs").accessSync(process.argv[1], require("node:fs").constants.R_OK)', cliPath], {stdio: 'ignore', timeout: 10_000});
	} catch {
		return {skip: `another user cannot run ${process.execPath} on ${cliPath}`};
	}

	return {uid};
})();
const skip = 'skip' in otherUser ? otherUser.skip : false;

/** A folder the other user may write into, with its home there too. */
async function sharedDir<T>(fn: (dir: string, env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
	return withTempDir(async dir => {
		await chmod(dir, 0o777);
		return fn(dir, {HOME: dir, XDG_STATE_HOME: ''});
	});
}

for (const client of clients) {
	test(`--client ${client} as a user with 20 tasks (ulimit -u 20): no child can start, every image of processes fails saying why, the race ends`, {skip}, async () => {
		await sharedDir(async (dir, env) => {
			const result = await startLimited(['--client', client, '--count', '3', '--mode', 'sequential,processes', '--latency', '0', '--jitter', '0', '--json', '--out', path.join(dir, 'out')], 'ulimit -u 20', {uid: (otherUser as {uid: number}).uid, cwd: dir, env, timeoutMs: 60_000}).done;
			assert.equal(result.code, 1, result.stderr);
			assert.doesNotMatch(result.stderr, /pthread_create|Native stack trace|Assertion failed/);
			const report = JSON.parse(result.stdout) as JsonReport;
			assert.deepEqual(report.runs.map(run => [run.strategy, run.ok, run.failed]), [['sequential', 3, 0], ['processes', 0, 3]]);
			assert.deepEqual(new Set(report.runs[1]!.images.map(image => `${image.code}: ${image.error}`)), new Set(['ERR_IMGRACE_WORKER: could not start a child process: the process limit (ulimit -u) is reached']));
		});
	});
}

test('as a user with 60 tasks (ulimit -u 60): processes runs as many children as fit, says so, and SIGTERM ends it at once with 143 and no temp file', {skip}, async () => {
	await sharedDir(async (dir, env) => {
		const out = path.join(dir, 'out');
		const run = startLimited(['--count', '6', '--mode', 'processes', '--size', '600000', '--bandwidth', '200000', '--latency', '0', '--jitter', '0', '--out', out], 'ulimit -u 60', {uid: (otherUser as {uid: number}).uid, cwd: dir, env, timeoutMs: 60_000});
		const deadline = performance.now() + 30_000;
		while (!/processes×\d+: 6 images/.test(run.stdout()) && performance.now() < deadline) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		assert.match(run.stdout(), /processes×\d+: 6 images, \d+ at a time \(6 asked for; the process limit \(ulimit -u or the container's pids: \d+ tasks left, 12 a child process\) allows \d+\)/);
		// Once bytes are on their way into temp files (600 KB at 200 KB/s: three seconds an image).
		await new Promise(resolve => setTimeout(resolve, 1500));
		run.child.kill('SIGTERM');
		const result = await run.done;
		assert.deepEqual([result.code, result.signal], [143, null], result.stderr);
		assert.doesNotMatch(result.stderr, /pthread_create|Native stack trace|Assertion failed/);
		assert.deepEqual((await listFiles(out)).filter(file => !/^processes\/\d{3}\.jpg$/.test(file)), [], 'no temp file');
	});
});

// Issue 23 item 12: one worker per slot asked for was thousands of threads (past 4 GB with nothing downloaded).
test('--mode threads --concurrency 2000 starts no more threads than this machine has room for, and says which limit', async () => {
	await withTempDir(async dir => {
		const count = 70;
		const result = await runCli(['--count', String(count), '--mode', 'threads', '--concurrency', '2000', '--latency', '0', '--jitter', '0', '--json', '--out', path.join(dir, 'out')], {timeoutMs: 120_000});
		assert.equal(result.code, 0, result.stderr);
		const run = (JSON.parse(result.stdout) as JsonReport).runs[0]!;
		const room = workerRoom('threads', readMachine());
		assert.equal(run.ok, count);
		assert.equal(run.concurrency, Math.min(count, room.slots));
		assert.deepEqual(run.cappedBy, room.slots < count ? room.cap : undefined);
	});
});
