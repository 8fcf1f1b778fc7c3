import {subscribe} from 'node:diagnostics_channel';
import type {Socket} from 'node:net';
import type {buildConnector} from 'undici';
import type {RequestMarks} from '../contract.js';
import {PendingConnect} from './connects.js';

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

/**
 * undici's connector, timed: each new socket remembers when it was asked for and when it was ready.
 * On one thread a connect's end is seen only when the event loop is free: when several requests start
 * together, a socket asked for first would wait for the others' set-up before its connection could be
 * seen, and undici writes each first request inside the connect callback, so each connection would also
 * wait for the ones before it to write theirs; that client time would read as connect time (10 loopback
 * connections at once: 7-24 ms, a bare net.connect 2 ms). So both halves are moved past the turn of the
 * event loop (setImmediate): the connections are asked for once every request of the turn is set up (the
 * wait is `setup`), and undici goes on once every connection of the turn is timed (the wait is `send`).
 * Each attempt is handed to undici at once as a PendingConnect (connects.ts), so it can be cancelled.
 */
export function connectTimes(connector: buildConnector.connector, pending: Set<PendingConnect>): buildConnector.connector {
	return (options, callback) => {
		// Returned to undici so it can cancel the attempt, and kept in `pending` for the client's close.
		const attempt = new PendingConnect(pending);
		setImmediate(() => {
			if (attempt.destroyed) {
				callback(new Error('connection attempt cancelled'), null);
				return;
			}

			const startedAt = performance.now();
			const socket = connector(options, (error, socket) => {
				attempt.ended();
				if (socket) {
					connected.set(socket, {startedAt, endedAt: performance.now()});
				}

				setImmediate(() => {
					callback(error, socket as never);
				});
			});
			attempt.started(socket as unknown as Socket);
		});
		return attempt as never;
	};
}
