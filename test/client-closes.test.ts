import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {clients} from './helpers/clients.js';
import {withProxyEnv} from './helpers/proxy-env.js';
import type {ClientName} from '../source/engine/run-spec.js';
import {answeringServer, failureOf, type Listening} from './helpers/raw-server.js';

/** A chunked 200 and its first chunk of 4,096 bytes, with no last (0) chunk after it. */
const firstChunk = (head: string) => `HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n${head}\r\n1000\r\n${'x'.repeat(4096)}\r\n`;

/** What the closing server writes, by path, before it closes the connection cleanly (FIN, no reset). */
const answers: Readonly<Record<string, string>> = {
	'/silent.jpg': '',
	'/half-head.jpg': 'HTTP/1.1 200 OK\r\nContent-Type: image/jp',
	'/chunked.jpg': firstChunk(''),
	'/chunked-close.jpg': firstChunk('Connection: close\r\n'),
	'/no-body.jpg': 'HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 10000\r\n\r\n',
};

/**
 * A server (or a proxy: it reads a forwarded request's absolute URL as the path) that reads the request,
 * writes what `answers` says, and closes the connection cleanly.
 */
async function closingServer(): Promise<Listening> {
	return answeringServer(target => answers[URL.canParse(target) ? new URL(target).pathname : target] ?? '');
}

/** Each path's one failure on `client`, against a closing server: the same code and reason for all. */
async function eachFails(client: ClientName, paths: readonly string[], expected: readonly [string, string]): Promise<void> {
	const server = await closingServer();
	try {
		for (const path of paths) {
			const failure = await failureOf(`${server.url}${path}`, client);
			assert.deepEqual([failure.code, failure.reason], expected, path);
		}
	} finally {
		await server.close();
	}
}

// A clean close is not a reset: Node's HTTP client says "socket hang up" for it, undici "other side closed",
// and a chunked body it cuts is a cut body, whatever either client's parser made of it.
for (const client of clients) {
	describe(`on ${client}, as on the other client`, () => {
		test('a server that closes before answering: the connection was closed, not reset', async () => {
			await eachFails(client, ['/silent.jpg', '/half-head.jpg'], ['ERR_IMGRACE_CONNECTION', 'connection closed by the server']);
		});

		test('a proxy that closes a forwarded request unanswered: the same words', async () => {
			const proxy = await closingServer();
			try {
				const failure = await withProxyEnv({HTTP_PROXY: proxy.url}, async () => failureOf('http://127.0.0.1:9/silent.jpg', client));
				assert.deepEqual([failure.code, failure.reason], ['ERR_IMGRACE_CONNECTION', 'connection closed by the server']);
				assert.deepEqual(proxy.seen, ['http://127.0.0.1:9/silent.jpg']);
			} finally {
				await proxy.close();
			}
		});

		test('a chunked body closed before its last chunk is a body cut short, kept alive or not', async () => {
			await eachFails(client, ['/chunked.jpg', '/chunked-close.jpg'], ['ERR_IMGRACE_TRUNCATED', 'body cut short']);
		});

		test('a head with a length and a close before any of its body: the body cut short, counted', async () => {
			const server = await closingServer();
			try {
				const failure = await failureOf(`${server.url}/no-body.jpg`, client);
				assert.deepEqual([failure.code, failure.reason], ['ERR_IMGRACE_TRUNCATED', 'body cut short (0 of 10000 bytes)']);
			} finally {
				await server.close();
			}
		});
	});
}
