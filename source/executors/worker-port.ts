import {parentPort} from 'node:worker_threads';
import type {FromWorker, ToWorker} from './protocol.js';

/** The worker's end of the channel, whether it runs as a worker thread or as a forked child. */
export type WorkerPort = {
	readonly kind: 'thread' | 'process';
	send(message: FromWorker): void;
	onMessage(listener: (message: ToWorker) => void): void;
	/**
	 * Called once if the other end goes away without saying so: the parent process died (IPC
	 * disconnect) or a signal reached this child (Ctrl+C goes to the whole process group, but a signal may
	 * also reach this child alone): `signal` names it then.
	 */
	onLost(listener: (signal?: NodeJS.Signals) => void): void;
	/** Send the last message, then leave once it is on its way. */
	leave(last: FromWorker): void;
};

export function workerPort(): WorkerPort {
	if (parentPort) {
		const port = parentPort;
		return {
			kind: 'thread',
			send: message => {
				port.postMessage(message);
			},
			onMessage: listener => port.on('message', listener),
			// A thread ends with its process; the main thread terminates it as the fallback.
			onLost() {},
			leave(last) {
				// Messages posted before close() are still delivered.
				port.postMessage(last);
				port.close();
			},
		};
	}

	if (!process.send) {
		throw new Error('imgrace executor worker: started neither as a worker thread nor with an IPC channel');
	}

	return {
		kind: 'process',
		send: message => {
			if (process.connected) {
				process.send!(message);
			}
		},
		onMessage: listener => process.on('message', listener as (message: unknown) => void),
		onLost(listener) {
			let lost = false;
			const once = (signal?: unknown) => {
				if (!lost) {
					lost = true;
					// The signal listeners are called with the signal's name; 'error' with an error.
					listener(typeof signal === 'string' ? signal as NodeJS.Signals : undefined);
				}
			};

			process.once('disconnect', () => {
				once();
			});
			// A send to a parent that has just died fails (EPIPE) before the disconnect is seen, as an 'error'
			// event on the process: unheard, it would end this child at once, its temp file left behind.
			process.on('error', () => {
				once();
			});
			process.on('SIGINT', once);
			process.on('SIGTERM', once);
			process.on('SIGHUP', once);
		},
		leave(last) {
			// Exit once the last message has been written to the channel (exit() would cut it off).
			if (process.connected) {
				process.send!(last, () => {
					process.exit(0);
				});
			} else {
				process.exit(0);
			}
		},
	};
}
