import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import type {ImageFailedEvent} from '../../source/engine/events.js';
import type {ClientName} from '../../source/engine/run-spec.js';
import {eventLog, withTempDir} from './events.js';
import {race} from './race.js';

/** A server on 127.0.0.1 for one test: `url`, what it was asked, and its end. */
export type Listening = {readonly url: string; readonly seen: string[]; close(): Promise<void>};

/** Listens on an ephemeral 127.0.0.1 port: an HTTP server, or a raw one that writes its own bytes. */
export async function listen(server: http.Server | net.Server, seen: string[]): Promise<Listening> {
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		async close() {
			if (server instanceof http.Server) {
				server.closeAllConnections();
			}

			await new Promise(resolve => server.close(resolve));
		},
	};
}

/**
 * A raw server that reads a request's target (a proxy's absolute URL too), writes `answer(target)` and
 * closes the connection cleanly (FIN): for answers no HTTP server would write.
 */
export async function answeringServer(answer: (target: string) => string | Uint8Array): Promise<Listening> {
	const seen: string[] = [];
	const server = net.createServer(socket => {
		socket.once('data', (data: Buffer) => {
			const target = data.toString('latin1').split(' ')[1] ?? '/';
			seen.push(target);
			socket.end(answer(target));
		});
		socket.on('error', () => undefined);
	});
	return listen(server, seen);
}

/** The one failure of a race over `url` on `client`, not retried. */
export async function failureOf(url: string, client: ClientName): Promise<ImageFailedEvent> {
	return withTempDir(async folder => {
		const log = eventLog();
		await race({strategy: 'sequential', asked: 1, urls: [url], folder, retries: 0, onEvent: log.onEvent, client});
		const failures = log.events.filter((event): event is ImageFailedEvent => event.type === 'image-failed');
		assert.equal(failures.length, 1);
		return failures[0]!;
	});
}
