import {fork} from 'node:child_process';
import {existsSync} from 'node:fs';
import {Worker} from 'node:worker_threads';
import {heapFlagsSet} from '../engine/heap.js';
import type {ClientName} from '../engine/names.js';
import {processDecodeBudget} from '../work/decode-budget.js';
import {keepStderr, limitReached} from './child-stderr.js';
import type {FromWorker, ToWorker} from './protocol.js';

/** The pool's end of one worker, the same for a thread and a child process. */
export type WorkerHandle = {
	/** Process id of a child, the thread id of a thread: for messages and tests. */
	readonly id: number;
	send(message: ToWorker): void;
	onMessage(listener: (message: FromWorker) => void): void;
	/** Called once when the worker has gone, however it went (exit, crash, kill). */
	onGone(listener: (detail: string | undefined) => void): void;
	/** The fallback when it does not leave by itself: terminate the thread / SIGKILL the child. */
	kill(): void;
};

const entry = new URL('worker-entry.cjs', import.meta.url);

/**
 * What a worker of a race on `client` loads after the bootstrap: the build's file for that client
 * (bundle/worker-got.cjs, bundle/worker-undici.cjs, made by scripts/bundle-workers.mjs after tsc) when
 * there is one, else the unbundled worker-loop.js.
 */
export function workerModuleFor(client: ClientName): string {
	const bundle = new URL(`bundle/worker-${client}.cjs`, import.meta.url);
	return existsSync(bundle) ? bundle.href : new URL('worker-loop.js', import.meta.url).href;
}

export type ExecutorKind = 'threads' | 'processes';

/**
 * `module`: what the worker runs after the bootstrap (workerModuleFor the race's client; another one only
 * to compare); `cacheFile`: where it finds and keeps V8's code for it (code-cache-file.ts), '' for none.
 */
export function startWorker(kind: ExecutorKind, module: string, cacheFile = ''): WorkerHandle {
	return kind === 'threads' ? startThread(module, cacheFile) : startProcess(module, cacheFile);
}

function startThread(module: string, cacheFile: string): WorkerHandle {
	// The process's decode budget exists before a thread starts, so the thread inherits it and a race's
	// thumbnails on every thread share one budget (work/decode-budget.ts).
	processDecodeBudget();
	// No execArgv of the parent's (a test runner's flags, --inspect) carried into the worker.
	const worker = new Worker(entry, {execArgv: [], argv: [module, cacheFile]});
	let gone: ((detail: string | undefined) => void) | undefined;
	let crash: string | undefined;
	worker.on('error', (error: NodeJS.ErrnoException) => {
		// A thread the system would not start (ERR_WORKER_INIT_FAILED, EAGAIN): the user's task limit.
		crash = error.code === 'ERR_WORKER_INIT_FAILED' && /EAGAIN|resource temporarily/i.test(error.message) ? limitReached : error.message;
	});
	worker.once('exit', code => {
		gone?.(crash ?? (code === 0 ? undefined : `exit code ${code}`));
	});
	return {
		id: worker.threadId,
		send(message) {
			worker.postMessage(message);
		},
		onMessage(listener) {
			worker.on('message', listener);
		},
		onGone(listener) {
			gone = listener;
		},
		kill() {
			void worker.terminate();
		},
	};
}

function startProcess(module: string, cacheFile: string): WorkerHandle {
	// 'advanced' serialization: the structured clone algorithm, as for threads, instead of JSON. Its
	// stderr is kept, never passed on: a child's native stack trace is no line for the terminal.
	// The race's heap flags (engine/heap.ts) after the module and its code cache: a thread shares the process's, a child sets them itself.
	const child = fork(entry, [module, cacheFile, ...heapFlagsSet()], {serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'], execArgv: []});
	const stderr = keepStderr(child.stderr);
	let gone: ((detail: string | undefined) => void) | undefined;
	let crash: string | undefined;
	child.on('error', error => {
		// fork() itself failed (EAGAIN: no task left under ulimit -u): no process, and no 'exit' to wait for.
		crash ??= child.pid === undefined ? spawnFailure(error) : error.message;
	});
	// 'close', not 'exit': by then its stderr has been read to the end.
	child.once('close', (code, signal) => {
		gone?.(crash ?? (code === 0 ? undefined : stderr.reason() ?? signal ?? `exit code ${code}`));
	});
	return {
		id: child.pid ?? -1,
		send(message) {
			if (child.connected) {
				child.send(message);
			}
		},
		onMessage(listener) {
			child.on('message', listener as (message: unknown) => void);
		},
		onGone(listener) {
			gone = listener;
		},
		kill() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
			}
		},
	};
}

/** Why fork() failed, in words. */
function spawnFailure(error: NodeJS.ErrnoException): string {
	return error.code === 'EAGAIN' ? limitReached : `${error.code ?? error.message}`;
}
