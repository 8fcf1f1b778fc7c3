import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {describe, test} from 'node:test';
import {clients} from './helpers/clients.js';
import {withProxyEnv} from './helpers/proxy-env.js';
import {answeringServer, failureOf, listen, type Listening} from './helpers/raw-server.js';

/**
 * A proxy that refuses everyone: a 407 for a forwarded request and for a CONNECT, or (`drop`) a CONNECT
 * closed unanswered.
 */
async function refusingProxy(drop = false): Promise<Listening> {
	const seen: string[] = [];
	const server = http.createServer((request, response) => {
		seen.push(`${request.method} ${request.url}`);
		response.writeHead(407, {'proxy-authenticate': 'Basic'});
		response.end();
	});
	server.on('connect', (request: http.IncomingMessage, socket: net.Socket) => {
		seen.push(`CONNECT ${request.url}`);
		if (drop) {
			socket.destroy();
		} else {
			socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n');
		}
	});
	return listen(server, seen);
}

/** What the garbled server answers, by path; anything else gets bytes with no status line at all. */
const answers: Readonly<Record<string, string | Buffer>> = {
	'/header.jpg': 'HTTP/1.1 200 OK\r\nContent-Type: image/\u001B[41mjpeg\r\nContent-Length: 5\r\n\r\nhello',
	// Past both clients' limit on a response head (engine/client/contract.ts: 16 KiB).
	'/overflow.jpg': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 5\r\n\r\nhello`,
	// Either side of that limit.
	'/head-15k.jpg': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(15 * 1024)}\r\nContent-Length: 5\r\n\r\nhello`,
	'/head-17k.jpg': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\nContent-Length: 5\r\n\r\nhello`,
	// Faults llhttp finds after a Content-Length, where undici would count the body against it first.
	'/two-lengths.jpg': 'HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 72517\r\nContent-Length: 5\r\n\r\nhello',
	'/late-header.jpg': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: image/\u001B[41mjpeg\r\n\r\nhello',
	// A reason phrase in UTF-8, with a right-to-left override in it.
	'/reason.jpg': Buffer.from('HTTP/1.1 404 Ünïcødé 文字 \u202Eevil\r\nContent-Length: 0\r\n\r\n', 'utf8'),
};

/**
 * A server whose answer is no HTTP response (a header value with an escape in it, a head too large, no
 * status line at all), or a 404 whose reason phrase is UTF-8.
 */
async function garbledServer(): Promise<Listening> {
	return answeringServer(path => answers[path] ?? '\u001B[2JHELLO not http\r\n\r\n');
}

for (const client of clients) {
	describe(`on ${client}, as on the other client`, () => {
		test('a proxy asking for credentials is its 407, for a forwarded request and for a tunnel alike', async () => {
			const proxy = await refusingProxy();
			try {
				const proxyUrl = proxy.url.replace('http://', 'http://user:wrong@');
				const plain = await withProxyEnv({HTTP_PROXY: proxyUrl}, async () => failureOf('http://127.0.0.1:9/a.jpg', client));
				const tunnel = await withProxyEnv({HTTPS_PROXY: proxyUrl}, async () => failureOf('https://127.0.0.1:9/a.jpg', client));
				for (const failure of [plain, tunnel]) {
					assert.equal(failure.code, 'ERR_IMGRACE_HTTP_STATUS');
					assert.equal(failure.reason, 'HTTP 407 Proxy Authentication Required');
				}

				assert.deepEqual(proxy.seen, ['GET http://127.0.0.1:9/a.jpg', 'CONNECT 127.0.0.1:9']);
			} finally {
				await proxy.close();
			}
		});

		test('a proxy that closes a tunnel unanswered is named', async () => {
			const proxy = await refusingProxy(true);
			try {
				const failure = await withProxyEnv({HTTPS_PROXY: proxy.url}, async () => failureOf('https://127.0.0.1:9/a.jpg', client));
				assert.equal(failure.code, 'ERR_IMGRACE_CONNECTION');
				assert.equal(failure.reason, `the proxy ${proxy.url} closed the connection before the tunnel was open`);
			} finally {
				await proxy.close();
			}
		});

		test('bytes that are no HTTP response are said in llhttp\'s words, escaped', async () => {
			const server = await garbledServer();
			try {
				const header = await failureOf(`${server.url}/header.jpg`, client);
				assert.equal(header.code, 'ERR_IMGRACE_CONNECTION');
				assert.equal(header.reason, 'not a valid HTTP response (Invalid header value char)');
				const garbage = await failureOf(`${server.url}/garbage.jpg`, client);
				assert.equal(garbage.reason, 'not a valid HTTP response (Expected HTTP/, RTSP/ or ICE/)');
				const overflow = await failureOf(`${server.url}/overflow.jpg`, client);
				assert.equal(overflow.code, 'ERR_IMGRACE_CONNECTION');
				assert.equal(overflow.reason, 'not a valid HTTP response (Header overflow)');
			} finally {
				await server.close();
			}
		});

		test('a response head is taken up to 16 KiB and refused past it, the limit imgrace gives both clients', async () => {
			const server = await garbledServer();
			try {
				const under = await failureOf(`${server.url}/head-15k.jpg`, client);
				assert.equal(under.code, 'ERR_IMGRACE_NOT_IMAGE', 'the head was taken and the body read');
				const over = await failureOf(`${server.url}/head-17k.jpg`, client);
				assert.equal(over.reason, 'not a valid HTTP response (Header overflow)');
			} finally {
				await server.close();
			}
		});

		test('a head llhttp refuses after a Content-Length is no HTTP response, not a body cut short', async () => {
			const server = await garbledServer();
			try {
				const twoLengths = await failureOf(`${server.url}/two-lengths.jpg`, client);
				assert.deepEqual([twoLengths.code, twoLengths.reason], ['ERR_IMGRACE_CONNECTION', 'not a valid HTTP response (Duplicate Content-Length)']);
				const lateHeader = await failureOf(`${server.url}/late-header.jpg`, client);
				assert.deepEqual([lateHeader.code, lateHeader.reason], ['ERR_IMGRACE_CONNECTION', 'not a valid HTTP response (Invalid header value char)']);
			} finally {
				await server.close();
			}
		});

		test('a reason phrase in UTF-8 reads as its characters (escaped where it is shown, not here)', async () => {
			const server = await garbledServer();
			try {
				const failure = await failureOf(`${server.url}/reason.jpg`, client);
				assert.equal(failure.code, 'ERR_IMGRACE_HTTP_STATUS');
				assert.equal(failure.reason, 'HTTP 404 Ünïcødé 文字 \u202Eevil');
			} finally {
				await server.close();
			}
		});
	});
}
