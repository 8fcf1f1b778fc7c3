import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import net, {type AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import jpeg from 'jpeg-js';
import {createProxy} from 'proxy';
import {clientSettings, race as raceThrough, type HttpOptions} from './helpers/race.js';
import {openClient} from '../source/engine/client/index.js';
import type {ImageFailedEvent} from '../source/engine/events.js';
import type {ClientName} from '../source/engine/run-spec.js';
import {runCli} from './helpers/cli.js';
import {eventLog, listFiles, withTempDir} from './helpers/events.js';
import {makeCertificates, type KeyAndCert, type TestCertificates} from './helpers/tls.js';
import {clients} from './helpers/clients.js';
import {withProxyEnv} from './helpers/proxy-env.js';

const image = Buffer.from(jpeg.encode({data: Buffer.alloc(16 * 16 * 4, 200), width: 16, height: 16}, 80).data);

type Seen = {path: string; headers: http.IncomingHttpHeaders};

/**
 * The test's own server: a JPEG at any path, recording each request's path and headers, plus the
 * hostile answers: compressed garbage and redirects imgrace must not follow.
 */
function handler(seen: Seen[]): http.RequestListener {
	return (request, response) => {
		const url = new URL(request.url ?? '/', 'http://x');
		seen.push({path: url.pathname + url.search, headers: request.headers});
		switch (url.pathname) {
			case '/gzip-garbage':
			case '/br-garbage': {
				const body = Buffer.from('this is not compressed at all, but says it is');
				response.writeHead(200, {'content-type': 'image/jpeg', 'content-encoding': url.pathname === '/br-garbage' ? 'br' : 'gzip', 'content-length': body.length});
				response.end(body);
				break;
			}

			// Decoded as got decodes: gzip, deflate (zlib-wrapped, or raw as some servers send it), and two codings in a row.
			case '/gzip-image':
			case '/deflate-image':
			case '/raw-deflate-image':
			case '/two-codings-image': {
				const encoded: Record<string, [string, Buffer]> = {
					'/gzip-image': ['gzip', zlib.gzipSync(image)],
					'/deflate-image': ['deflate', zlib.deflateSync(image)],
					'/raw-deflate-image': ['deflate', zlib.deflateRawSync(image)],
					'/two-codings-image': ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(image))],
				};
				const [coding, body] = encoded[url.pathname]!;
				response.writeHead(200, {'content-type': 'image/jpeg', 'content-encoding': coding, 'content-length': body.length});
				response.end(body);
				break;
			}

			// A gzip stream that stops halfway, with no length to say so: the decoder finds it cut short.
			case '/gzip-cut': {
				const body = zlib.gzipSync(image);
				response.writeHead(200, {'content-type': 'image/jpeg', 'content-encoding': 'gzip'});
				response.end(body.subarray(0, Math.floor(body.length / 2)));
				break;
			}

			case '/to-file': {
				response.writeHead(302, {location: 'file:///etc/passwd'});
				response.end();
				break;
			}

			case '/to-ftp': {
				response.writeHead(301, {location: 'ftp://127.0.0.1/a.jpg'});
				response.end();
				break;
			}

			case '/to-nowhere': {
				response.writeHead(302, {location: 'http://[::1'});
				response.end();
				break;
			}

			default: {
				response.writeHead(200, {'content-type': 'image/jpeg', 'content-length': image.length});
				response.end(image);
			}
		}
	};
}

type Recorder = {url: string; seen: Seen[]; connections: () => number; close: () => Promise<void>};

async function listen(server: http.Server, scheme: 'http' | 'https', seen: Seen[]): Promise<Recorder> {
	let connections = 0;
	server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => connections++);
	// Outlasts the client's keep-alive (pitfalls: node #47130).
	server.keepAliveTimeout = 10_000;
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		connections: () => connections,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

async function startHttp(): Promise<Recorder> {
	const seen: Seen[] = [];
	return listen(http.createServer(handler(seen)), 'http', seen);
}

async function startHttps(identity: KeyAndCert): Promise<Recorder> {
	const seen: Seen[] = [];
	return listen(https.createServer(identity, handler(seen)), 'https', seen);
}

/** A forwarding proxy (TooTallNate's `proxy`) that records what it was asked to forward. */
async function startProxy(): Promise<{url: string; forwarded: string[]; connections: () => number; close: () => Promise<void>}> {
	const server = createProxy(http.createServer());
	const forwarded: string[] = [];
	let connections = 0;
	server.on('connection', () => connections++);
	server.on('request', (request: http.IncomingMessage) => forwarded.push(request.url ?? ''));
	server.on('connect', (request: http.IncomingMessage) => forwarded.push(`CONNECT ${request.url ?? ''}`));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		forwarded,
		connections: () => connections,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

type RawServer = {url: string; close: () => Promise<void>};

async function rawServer(onConnection: (socket: net.Socket) => void): Promise<RawServer> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		onConnection(socket);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => server.close(resolve));
		},
	};
}

/**
 * Answers the first request on each connection with the image, kept alive (no `Connection: close`),
 * and closes the connection when the next request comes on it, unanswered: what a client meets when a
 * server's idle timeout ends a kept-alive connection just as the client reuses it, every time.
 */
async function idleCloser(): Promise<RawServer> {
	return rawServer(socket => {
		let buffered = '';
		let answered = false;
		socket.on('data', data => {
			buffered += data.toString('latin1');
			if (!buffered.includes('\r\n\r\n')) {
				return;
			}

			buffered = '';
			if (answered) {
				socket.destroy();
				return;
			}

			answered = true;
			socket.write(`HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ${image.length}\r\nKeep-Alive: timeout=60\r\n\r\n`);
			socket.write(image);
		});
	});
}

/** Sends the response head one byte every `everyMs`, then the body at once. */
async function trickler(body: Buffer, everyMs: number): Promise<RawServer> {
	return rawServer(socket => {
		socket.once('data', () => {
			const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`, 'latin1');
			let sent = 0;
			const timer = setInterval(() => {
				if (socket.destroyed) {
					clearInterval(timer);
					return;
				}

				socket.write(head.subarray(sent, ++sent));
				if (sent === head.length) {
					clearInterval(timer);
					socket.end(body);
				}
			}, everyMs);
		});
	});
}

/** One engine run over `urls` with retries on: what cannot succeed must still not be retried. */
async function raceOver(client: ClientName, urls: string[], httpOptions?: HttpOptions, strategy: 'sequential' | 'parallel' = 'sequential') {
	return withTempDir(async dir => {
		const log = eventLog();
		// Retries wait 20 ms: that they happen is what these tests count, how long they wait is faults.test.ts's.
		const result = await raceThrough({strategy, asked: 4, urls, folder: dir, retries: 2, maxRetryDelayMs: 20, onEvent: log.onEvent, ...(httpOptions ? {http: httpOptions} : {}), client});
		const failures = log.events.filter((event): event is ImageFailedEvent => event.type === 'image-failed');
		const retried = log.events.filter(event => event.type === 'image-retried').length;
		return {result, failures, retried, files: await listFiles(dir)};
	});
}

let certDir: string;
let certs: TestCertificates;

before(async () => {
	certDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-tls-'));
	certs = makeCertificates(certDir);
});

after(async () => {
	await rm(certDir, {recursive: true, force: true});
});

// What a request's outcome means is the same on both clients.
for (const client of clients) {
	describe(`on ${client}`, () => {
		const race = async (urls: string[], httpOptions?: HttpOptions, strategy?: 'sequential' | 'parallel') => raceOver(client, urls, httpOptions, strategy);

		describe('certificate errors: one distinct, unretried failure that says what is wrong', () => {
			// The last two are signed by the trusted test CA, so only what is named can be wrong with them.
			// The engine's words name no flag; the hint says which setting could help (the CLI names the flag).
			const cases: Array<[string, () => KeyAndCert, RegExp, 'trustCa' | 'insecure', boolean]> = [
				['self-signed', () => certs.selfSigned, /^certificate is self-signed$/, 'trustCa', false],
				['unknown authority', () => certs.leaf, /^certificate is signed by an unknown authority$/, 'trustCa', false],
				['wrong host', () => certs.wrongHost, /^certificate is not valid for 127\.0\.0\.1$/, 'insecure', true],
				['expired', () => certs.expired, /^certificate has expired$/, 'insecure', true],
			];
			for (const [name, identity, reason, hint, trustCa] of cases) {
				test(name, async () => {
					const server = await startHttps(identity());
					try {
						const {result, failures, retried, files} = await race([`${server.url}/a.jpg`, `${server.url}/b.jpg`], trustCa ? {ca: certs.ca} : undefined);
						assert.equal(result.failed, 2);
						assert.equal(retried, 0, 'a certificate error is not retried');
						for (const failure of failures) {
							assert.equal(failure.code, 'ERR_IMGRACE_TLS');
							assert.equal(failure.retries, 0);
							assert.match(failure.reason, reason);
							assert.equal(failure.hint, hint);
						}

						assert.deepEqual(files, []);
						assert.equal(server.seen.length, 0, 'no request got past the handshake');
					} finally {
						await server.close();
					}
				});
			}

			test('a handshake with a server that speaks no TLS fails as TLS, not retried', async () => {
				const server = await startHttp();
				try {
					const {failures, retried} = await race([`${server.url.replace('http:', 'https:')}/a.jpg`]);
					assert.equal(retried, 0);
					assert.equal(failures[0]?.code, 'ERR_IMGRACE_TLS');
					assert.match(failures[0]!.reason, /^TLS handshake failed \(.+\)$/);
				} finally {
					await server.close();
				}
			});
		});

		describe('trusting a certificate', () => {
			test('insecure accepts a self-signed certificate', async () => {
				const server = await startHttps(certs.selfSigned);
				try {
					const {result} = await race([`${server.url}/a.jpg`, `${server.url}/b.jpg`], {insecure: true});
					assert.equal(result.ok, 2);
				} finally {
					await server.close();
				}
			});

			test('an extra CA trusts what it signed, and only that', async () => {
				const server = await startHttps(certs.leaf);
				const other = await startHttps(certs.selfSigned);
				try {
					const {result, failures} = await race([`${server.url}/a.jpg`, `${other.url}/b.jpg`], {ca: certs.ca});
					assert.equal(result.ok, 1);
					assert.equal(failures[0]?.index, 1);
					assert.equal(failures[0]?.code, 'ERR_IMGRACE_TLS');
				} finally {
					await server.close();
					await other.close();
				}
			});
		});

		describe('bodies and redirects that cannot succeed are named and not retried', () => {
			for (const [name, pathname, code, reason] of [
				['gzip garbage', '/gzip-garbage', 'ERR_IMGRACE_DECODE', /^cannot decode the gzip body \(incorrect header check\)$/],
				['brotli garbage', '/br-garbage', 'ERR_IMGRACE_DECODE', /^cannot decode the br body/],
				['redirect to file:', '/to-file', 'ERR_IMGRACE_REDIRECT', /^redirect to file:\/\/\/etc\/passwd \(only http and https are followed\)$/],
				['redirect to ftp:', '/to-ftp', 'ERR_IMGRACE_REDIRECT', /^redirect to ftp:\/\/127\.0\.0\.1\/a\.jpg /],
				['unparsable Location', '/to-nowhere', 'ERR_IMGRACE_REDIRECT', /^redirect to an invalid URL 'http:\/\/\[::1'$/],
			] as const) {
				test(name, async () => {
					const server = await startHttp();
					try {
						const {failures, retried, files} = await race([`${server.url}${pathname}`]);
						assert.equal(retried, 0);
						assert.equal(failures.length, 1);
						assert.equal(failures[0]!.code, code);
						assert.equal(failures[0]!.retries, 0);
						assert.match(failures[0]!.reason, reason);
						assert.equal(server.seen.length, 1, 'asked once');
						assert.deepEqual(files, []);
					} finally {
						await server.close();
					}
				});
			}
		});

		test('compressed bodies are decoded: gzip, deflate, two codings; a cut-off one is a retried truncation', async () => {
			const server = await startHttp();
			try {
				const {result, files} = await race(['/gzip-image', '/deflate-image', '/two-codings-image'].map(pathname => `${server.url}${pathname}`));
				assert.equal(result.ok, 3);
				assert.equal(files.length, 3);
				assert.equal(server.seen[0]?.headers['accept-encoding'], `gzip, deflate, br${typeof process.versions.zstd === 'string' ? ', zstd' : ''}`);
				const cut = await race([`${server.url}/gzip-cut`]);
				assert.equal(cut.failures[0]?.code, 'ERR_IMGRACE_TRUNCATED');
				assert.equal(cut.retried, 2);
				assert.deepEqual(cut.files, []);
			} finally {
				await server.close();
			}
		});

		// Issue 23 item 21: curl and browsers take both forms of deflate.
		test('deflate without its zlib header (raw deflate) is decoded, as curl and browsers do', async () => {
			const server = await startHttp();
			try {
				const {result, failures, files} = await race([`${server.url}/raw-deflate-image`, `${server.url}/deflate-image`]);
				assert.equal(result.ok, 2, failures[0]?.reason);
				assert.equal(files.length, 2);
			} finally {
				await server.close();
			}
		});

		// Issue 23 item 20: a socket the server closed while it sat idle is no failure and no retry.
		for (const strategy of ['sequential', 'parallel'] as const) {
			test(`${strategy}: a kept-alive connection the server closes as it is reused costs no image and no retry`, async () => {
				const server = await idleCloser();
				try {
					await withTempDir(async dir => {
						const log = eventLog();
						const urls = Array.from({length: 12}, (_, index) => `${server.url}/${index}.jpg`);
						const result = await raceThrough({strategy, asked: 4, urls, folder: dir, retries: 0, client, onEvent: log.onEvent});
						const failures = log.events.filter(event => event.type === 'image-failed');
						assert.deepEqual(failures, [], 'no image failed');
						assert.equal(result.ok, 12);
						assert.equal(log.events.filter(event => event.type === 'image-retried').length, 0, 'no retry counted');
					});
				} finally {
					await server.close();
				}
			});
		}

		// Issue 23 item 25: the idle timeout is about bytes, and header bytes are bytes too.
		test('headers trickling in one byte at a time, each within the idle timeout, are no stall', async () => {
			const server = await trickler(image, 50);
			try {
				await withTempDir(async dir => {
					const log = eventLog();
					const result = await raceThrough({strategy: 'sequential', urls: [`${server.url}/a.jpg`], folder: dir, retries: 0, idleTimeoutMs: 400, client, onEvent: log.onEvent});
					const failure = log.events.find(event => event.type === 'image-failed');
					assert.equal(result.ok, 1, failure?.type === 'image-failed' ? failure.reason : '');
				});
			} finally {
				await server.close();
			}
		});

		test('a redirect to another origin drops the credentials -H set, and keeps the other headers', async () => {
			const target = await startHttp();
			const seen: Seen[] = [];
			const redirector = await listen(http.createServer((request, response) => {
				seen.push({path: request.url ?? '', headers: request.headers});
				const same = request.url === '/same';
				response.writeHead(302, {location: same ? '/final.jpg' : `${target.url.replace('127.0.0.1', 'localhost')}/final.jpg`});
				response.end();
			}), 'http', seen);
			try {
				const {result} = await race([`${redirector.url}/same`, `${redirector.url}/other`], {headers: {Authorization: 'Bearer secret', Cookie: 'a=1', 'X-Token': 'abc'}});
				// /same goes on to /final.jpg of the redirector itself, which sends it to the target too.
				assert.equal(result.ok, 2);
				const final = target.seen.find(request => request.path === '/final.jpg');
				assert.equal(final?.headers.authorization, undefined);
				assert.equal(final?.headers.cookie, undefined);
				assert.equal(final?.headers['x-token'], 'abc');
				const again = seen.find(request => request.path === '/final.jpg');
				assert.equal(again?.headers.authorization, 'Bearer secret', 'kept on the same origin');
			} finally {
				await redirector.close();
				await target.close();
			}
		});

		test('headers and the user agent are sent with every request, -H winning over the defaults', async () => {
			const server = await startHttp();
			try {
				const {result} = await race([`${server.url}/a.jpg`, `${server.url}/b.jpg`, `${server.url}/c.jpg`], {
					headers: {'X-Token': 'abc', Accept: 'image/jpeg', 'X-Twice': ['1', '2']},
					userAgent: 'tester/1.0',
				}, 'parallel');
				assert.equal(result.ok, 3);
				assert.equal(server.seen.length, 3);
				for (const {headers} of server.seen) {
					assert.equal(headers['x-token'], 'abc');
					assert.equal(headers.accept, 'image/jpeg');
					assert.equal(headers['x-twice'], '1, 2');
					assert.equal(headers['user-agent'], 'tester/1.0');
				}
			} finally {
				await server.close();
			}
		});

		describe('proxies from the environment', () => {
			test('HTTP_PROXY forwards plain http, keeping the connection to the proxy alive', async () => {
				const server = await startHttp();
				const proxy = await startProxy();
				try {
					const urls = ['a', 'b', 'c', 'd'].map(name => `${server.url}/${name}.jpg?via`);
					const {result} = await withProxyEnv({HTTP_PROXY: proxy.url}, async () => race(urls, {headers: {'X-Token': 'abc'}}));
					assert.equal(result.ok, 4);
					assert.deepEqual(proxy.forwarded, urls, 'the proxy was asked for each absolute URL');
					assert.equal(proxy.connections(), 1, 'one kept-alive connection to the proxy for four sequential images');
					assert.ok(server.seen.every(seen => seen.headers['x-token'] === 'abc'));
				} finally {
					await proxy.close();
					await server.close();
				}
			});

			test('HTTP_PROXY: a client of one slot holds one connection to the proxy, two requests at once queue on it', async () => {
				const server = await startHttp();
				const proxy = await startProxy();
				try {
					await withProxyEnv({HTTP_PROXY: proxy.url}, async () => {
						const httpClient = await openClient({settings: clientSettings(client), slots: 1, keepAlive: true});
						try {
							const fetchOne = async (name: string) => new Promise<void>((resolve, reject) => {
								httpClient.get(`${server.url}/${name}.jpg?slot`, {socket() {}, redirected() {}, head() {}, data() {}, end: resolve, fail: reject});
							});
							await Promise.all([fetchOne('a'), fetchOne('b')]);
						} finally {
							httpClient.close();
						}
					});
					assert.equal(proxy.forwarded.length, 2);
					assert.equal(proxy.connections(), 1, 'the run\'s width holds for the proxy as for a server');
				} finally {
					await proxy.close();
					await server.close();
				}
			});

			test('ALL_PROXY alone is the proxy for both schemes, as curl and got read it', async () => {
				const server = await startHttp();
				const proxy = await startProxy();
				try {
					const urls = [`${server.url}/a.jpg?all`, `${server.url}/b.jpg?all`];
					const {result} = await withProxyEnv({ALL_PROXY: proxy.url}, async () => race(urls));
					assert.equal(result.ok, 2);
					assert.deepEqual(proxy.forwarded, urls, 'the proxy was asked for each absolute URL');
				} finally {
					await proxy.close();
					await server.close();
				}
			});

			test('https_proxy (lower case) tunnels https, with --cacert still checked end to end', async () => {
				const server = await startHttps(certs.leaf);
				const proxy = await startProxy();
				try {
					const {result, failures} = await withProxyEnv({https_proxy: proxy.url}, async () => race([`${server.url}/a.jpg`, `${server.url}/b.jpg`], {ca: certs.ca}));
					assert.equal(result.ok, 2, failures[0]?.reason);
					assert.deepEqual(proxy.forwarded, [`CONNECT ${new URL(server.url).host}`]);
					const unverified = await withProxyEnv({https_proxy: proxy.url}, async () => race([`${server.url}/a.jpg`]));
					assert.equal(unverified.failures[0]?.code, 'ERR_IMGRACE_TLS', 'the tunnel does not skip verification');
				} finally {
					await proxy.close();
					await server.close();
				}
			});

			test('a proxy given with no scheme is an http:// one, for http URLs and for https tunnels, as curl takes it', async () => {
				const plain = await startHttp();
				const secure = await startHttps(certs.leaf);
				const proxy = await startProxy();
				const hostPort = new URL(proxy.url).host;
				try {
					const {result, failures} = await withProxyEnv({HTTP_PROXY: hostPort, HTTPS_PROXY: hostPort}, async () => race([`${plain.url}/a.jpg`, `${secure.url}/b.jpg`], {ca: certs.ca}));
					assert.equal(result.ok, 2, failures[0]?.reason);
					assert.deepEqual(proxy.forwarded, [`${plain.url}/a.jpg`, `CONNECT ${new URL(secure.url).host}`]);
				} finally {
					await proxy.close();
					await plain.close();
					await secure.close();
				}
			});

			test('a proxy that refuses the connection is named in the reason, its password hidden', async () => {
				const server = await startHttp();
				const gone = await startProxy();
				await gone.close();
				const proxyUrl = `http://user:secret@${new URL(gone.url).host}`;
				try {
					const {failures} = await withProxyEnv({HTTP_PROXY: proxyUrl}, async () => race([`${server.url}/a.jpg`]));
					assert.equal(failures[0]?.code, 'ERR_IMGRACE_CONNECTION');
					assert.equal(failures[0]?.reason, `the proxy http://user:***@${new URL(gone.url).host} refused the connection`);
					assert.deepEqual(server.seen, []);
				} finally {
					await server.close();
				}
			});

			test('NO_PROXY bypasses the proxy for the hosts it names', async () => {
				const server = await startHttp();
				const proxy = await startProxy();
				try {
					const {result} = await withProxyEnv({HTTP_PROXY: proxy.url, NO_PROXY: 'example.invalid,127.0.0.1'}, async () => race([`${server.url}/a.jpg`]));
					assert.equal(result.ok, 1);
					assert.deepEqual(proxy.forwarded, []);
					assert.equal(server.seen.length, 1);
				} finally {
					await proxy.close();
					await server.close();
				}
			});

			test('a redirect to a NO_PROXY host leaves the proxy', async () => {
				const target = await startHttp();
				const seen: Seen[] = [];
				const redirector = await listen(http.createServer((request, response) => {
					seen.push({path: request.url ?? '', headers: request.headers});
					response.writeHead(302, {location: `${target.url.replace('127.0.0.1', 'localhost')}/final.jpg`});
					response.end();
				}), 'http', seen);
				const proxy = await startProxy();
				try {
					const {result} = await withProxyEnv({HTTP_PROXY: proxy.url, NO_PROXY: 'localhost'}, async () => race([`${redirector.url}/start`]));
					assert.equal(result.ok, 1);
					assert.deepEqual(proxy.forwarded, [`${redirector.url}/start`]);
					assert.equal(target.seen[0]?.path, '/final.jpg');
				} finally {
					await proxy.close();
					await redirector.close();
					await target.close();
				}
			});
		});
	});
}

describe('the CLI flags', () => {
	const json = (stdout: string) => JSON.parse(stdout) as {runs: Array<{ok: number; images: Array<{status: string; code?: string; retries: number; error?: string | null}>}>};

	test('-H (repeatable) and --user-agent reach the server', async () => {
		const server = await startHttp();
		try {
			await withTempDir(async dir => {
				const result = await runCli(['--url', `${server.url}/a.jpg`, '-n', '2', '-m', 'sequential', '--json', '-o', dir, '-H', 'X-One: 1', '--header', 'X-Two:  two words ', '--user-agent', 'cli-test/2']);
				assert.equal(result.code, 0, result.stderr);
				assert.equal(server.seen.length, 2);
				for (const {headers} of server.seen) {
					assert.equal(headers['x-one'], '1');
					assert.equal(headers['x-two'], 'two words');
					assert.equal(headers['user-agent'], 'cli-test/2');
				}
			});
		} finally {
			await server.close();
		}
	});

	for (const [header, message] of [
		['NoColon', /^imgrace: --header "NoColon": want 'Name: value'\n$/],
		[': value', /^imgrace: --header ": value": want 'Name: value'\n$/],
		['Bad Name: x', /^imgrace: --header "Bad Name: x": 'Bad Name' is not a valid header name\n$/],
	] as const) {
		test(`-H '${header}' is a usage error`, async () => {
			const result = await runCli(['--url', 'http://127.0.0.1:9/a.jpg', '-H', header]);
			assert.equal(result.code, 2);
			assert.match(result.stderr, message);
		});
	}

	test('a certificate error is a failed image with its code and no retries; -k and --cacert succeed', async () => {
		const selfSigned = await startHttps(certs.selfSigned);
		const leaf = await startHttps(certs.leaf);
		try {
			await withTempDir(async dir => {
				const failed = await runCli(['--url', `${selfSigned.url}/a.jpg`, '-n', '1', '-m', 'sequential', '--json', '-o', dir]);
				assert.equal(failed.code, 1, failed.stderr);
				const image = json(failed.stdout).runs[0]!.images[0]!;
				assert.equal(image.status, 'failed');
				assert.equal(image.code, 'ERR_IMGRACE_TLS');
				assert.equal(image.retries, 0);
				assert.equal(image.error, 'certificate is self-signed; use --cacert FILE or --insecure', 'the CLI names its flags');
				const insecure = await runCli(['--url', `${selfSigned.url}/a.jpg`, '-n', '1', '-m', 'sequential', '--json', '-o', dir, '--insecure']);
				assert.equal(insecure.code, 0, insecure.stderr);
				const trusted = await runCli(['--url', `${leaf.url}/a.jpg`, '-n', '1', '-m', 'sequential', '--json', '-o', dir, '--cacert', certs.caFile]);
				assert.equal(trusted.code, 0, trusted.stderr);
			});
		} finally {
			await selfSigned.close();
			await leaf.close();
		}
	});

	test('--cacert with a missing or non-PEM file is a usage error', async () => {
		await withTempDir(async dir => {
			const missing = await runCli(['--url', 'https://127.0.0.1:9/a.jpg', '--cacert', path.join(dir, 'nope.pem'), '-o', dir]);
			assert.equal(missing.code, 2);
			assert.match(missing.stderr, /^imgrace: --cacert .*nope\.pem: no such file\n$/);
			const text = path.join(dir, 'text.pem');
			await writeFile(text, 'hello\n');
			const notPem = await runCli(['--url', 'https://127.0.0.1:9/a.jpg', '--cacert', text, '-o', dir]);
			assert.equal(notPem.code, 2);
			assert.match(notPem.stderr, /^imgrace: --cacert .*text\.pem: no PEM certificate in the file/);
		});
	});

	test('HTTP_PROXY routes the race through the proxy', async () => {
		const server = await startHttp();
		const proxy = await startProxy();
		try {
			await withTempDir(async dir => {
				const result = await runCli(['--url', `${server.url}/a.jpg?cli`, '-n', '2', '-m', 'sequential', '--json', '-o', dir], {env: {HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: ''}});
				assert.equal(result.code, 0, result.stderr);
				assert.deepEqual(proxy.forwarded, [`${server.url}/a.jpg?cli`, `${server.url}/a.jpg?cli`]);
			});
		} finally {
			await proxy.close();
			await server.close();
		}
	});
});
