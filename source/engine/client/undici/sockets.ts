import {subscribe} from 'node:diagnostics_channel';
import type {Socket} from 'node:net';
import type {buildConnector} from 'undici';
import type {RequestMarks} from '../contract.js';

/**
 * Which socket each undici request went out on, and whether that socket was new: undici tells a
 * handler neither. It publishes `undici:client:sendHeaders` with the socket right after calling the
 * handler's onRequestStart, in the same synchronous step (client-h1.js writeH1), so the handler that
 * just started is the one the socket belongs to. Connect times come from a connector wrapped around
 * undici's own: when it was asked for a connection and when that connection was ready.
 */

export type SocketWatcher = {
	onSocket(socket: Socket, reused: boolean, connect: RequestMarks['connect']): void;
};

const connected = new WeakMap<object, {startedAt: number; endedAt: number}>();
const used = new WeakSet<object>();
let starting: SocketWatcher | undefined;
let watching = false;

/** Subscribe once per thread: every undici client of the thread shares the channel. */
export function watchSockets(): void {
	if (watching) {
		return;
	}

	watching = true;
	subscribe('undici:client:sendHeaders', message => {
		const watcher = starting;
		starting = undefined;
		const {socket} = message as {socket: Socket};
		if (watcher) {
			const reused = used.has(socket);
			used.add(socket);
			watcher.onSocket(socket, reused, reused ? undefined : connected.get(socket));
		}
	});
}

/** Called from a handler's onRequestStart: the next sendHeaders message is this request's. */
export function claimNextSocket(watcher: SocketWatcher): void {
	starting = watcher;
}

/** undici's connector, timed: each new socket remembers when it was asked for and when it was ready. */
export function connectTimes(connector: buildConnector.connector): buildConnector.connector {
	return (options, callback) => {
		const startedAt = performance.now();
		return connector(options, (error, socket) => {
			if (socket) {
				connected.set(socket, {startedAt, endedAt: performance.now()});
			}

			callback(error, socket as never);
		});
	};
}
