import {once} from 'node:events';
import {Worker} from 'node:worker_threads';
import {readMachine, type Machine} from '../engine/machine.js';
import {startRoom} from '../executors/worker-budget.js';
import {startImageServer, type ImageServerOptions} from '../server/image-server.js';
import {paintedImages} from '../server/images/pool.js';

/** The embedded server as the race sees it: where it listens, and how to stop it. */
export type ServerHandle = {
	readonly url: string;
	/** Pictures the thread painted before it listened: those of `readyImages`, or the whole pool without it. */
	readonly painted: number;
	/** Why it runs on the race's own thread, when there was no room for a thread of its own (see below). */
	readonly onRaceThread: string | undefined;
	close(): Promise<void>;
};

type FromServerThread = {readonly type: 'listening'; readonly url: string; readonly painted: number} | {readonly type: 'failed'; readonly message: string};

const entry = new URL('server-thread-worker.js', import.meta.url);

/**
 * Start the embedded server on a worker thread of its own. On the race's thread it would share the
 * event loop with the strategies it serves: CPU-bound work there (--work thumbnail on sequential or
 * parallel) would also hold back every response, and its CPU would count in those runs' cpuMs. On its
 * own thread it answers while the race computes, as a real server would. `signal` stops a thread still
 * starting (then this rejects); once it listens, `close` is how it stops.
 *
 * Where there is no room for one more thread (the address space left under ulimit -v, the tasks left
 * under ulimit -u), it runs on the race's thread after all: past the address space, starting the thread
 * would be a fatal V8 error that ends the whole process.
 * @throws RangeError (the server's message) for an option out of range.
 */
export async function startServerThread(options: ImageServerOptions, signal?: AbortSignal, machine: Machine = readMachine()): Promise<ServerHandle> {
	signal?.throwIfAborted();
	const room = startRoom('threads', machine);
	if (room.count < 1) {
		const before = paintedImages();
		const server = await startImageServer(options);
		return {url: server.url, painted: paintedImages() - before, onRaceThread: room.reason, close: async () => server.close()};
	}

	const worker = new Worker(entry, {workerData: options, execArgv: []});
	const stop = () => {
		void worker.terminate();
	};

	signal?.addEventListener('abort', stop, {once: true});
	let message: FromServerThread;
	try {
		[message] = await Promise.race([
			once(worker, 'message') as Promise<[FromServerThread]>,
			once(worker, 'error').then(([error]) => [{type: 'failed', message: (error as Error).message}] as [FromServerThread]),
			once(worker, 'exit').then(() => [{type: 'failed', message: 'the image server stopped before it listened'}] as [FromServerThread]),
		]);
	} finally {
		signal?.removeEventListener('abort', stop);
	}

	if (message.type === 'failed') {
		await worker.terminate();
		throw new RangeError(message.message);
	}

	// The race ends the process when it is done; a thread still listening must not keep it alive.
	worker.unref();
	let closing: Promise<void> | undefined;
	return {
		url: message.url,
		painted: message.painted,
		onRaceThread: undefined,
		close() {
			closing ??= (async () => {
				// Held again until it has gone, or the process could end with this still awaited.
				worker.ref();
				const exited = once(worker, 'exit');
				worker.postMessage('close');
				await exited;
			})();
			return closing;
		},
	};
}
