import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {runCli, type CliResult} from './helpers/cli.js';
import {clients} from './helpers/clients.js';
import {withTempDir} from './helpers/events.js';
import {makeCertificates} from './helpers/tls.js';

/**
 * A connection that stalls before the request is sent (a TLS handshake never answered, a proxy's CONNECT
 * never answered): the attempt that gives up on it must destroy it, so that a retry gets a fresh
 * connection and the process exits once the race is done. Each case spawns the built CLI, whose exit
 * within a few seconds is part of what is tested: the stalled sockets once kept it alive for good.
 */

/** A TCP server that holds its first `stalls` connections silent and hands each later one to `forward`. */
type Stalling = {readonly port: number; readonly url: string; connections: number; close(): Promise<void>};

async function stalling(stalls: number, forward: (socket: net.Socket) => void = () => undefined): Promise<Stalling> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
		if (++state.connections > stalls) {
			forward(socket);
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	const state: Stalling = {
		port,
		url: `http://127.0.0.1:${port}`,
		connections: 0,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => server.close(resolve));
		},
	};
	return state;
}

/** Pipes `socket` to 127.0.0.1:`port`, both ways. */
function relayTo(port: number): (socket: net.Socket) => void {
	return socket => {
		const upstream = net.connect(port, '127.0.0.1').on('error', () => socket.destroy());
		socket.pipe(upstream).pipe(socket);
	};
}

/** A proxy's CONNECT, answered: the tunnel to the host and port the request names. */
function tunnel(socket: net.Socket): void {
	socket.once('data', (data: Buffer) => {
		const [host = '', port = ''] = data.toString('latin1').split(' ')[1]?.split(':') ?? [];
		const upstream = net.connect(Number(port), host, () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			socket.pipe(upstream).pipe(socket);
		}).on('error', () => socket.destroy());
	});
}

type JsonImage = {readonly status: string; readonly code: string | null; readonly retries: number};
type JsonRun = {readonly strategy: string; readonly images: readonly JsonImage[]};

/** The CLI's run over `url`, in JSON; how long it took to exit by itself (killed after 20 s). */
async function cli(url: string, client: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult & {runs: JsonRun[]; ms: number}> {
	return withTempDir(async dir => {
		const started = performance.now();
		const result = await runCli(['--url', url, '--client', client, '-k', '--json', '-o', dir, ...args], {timeoutMs: 20_000, env});
		const ms = performance.now() - started;
		assert.equal(result.signal, null, `the process exited by itself (${result.stderr})`);
		return {...result, ms, runs: (JSON.parse(result.stdout) as {runs: JsonRun[]}).runs};
	});
}

const codes = (runs: readonly JsonRun[]) => runs.map(run => [run.strategy, ...run.images.map(image => image.code)]);
const allStrategies = ['sequential', 'parallel', 'threads', 'processes', 'pipeline'];

/**
 * One image in every strategy against a server or proxy that never answers (`url` given its port): each
 * fails with `code`, the run exits 1, and the process exits by itself soon after.
 */
async function failsInEveryStrategy(client: string, url: (stalledPort: number) => {url: string; env?: NodeJS.ProcessEnv}, args: readonly string[], code: string): Promise<void> {
	const stalled = await stalling(Infinity);
	try {
		const target = url(stalled.port);
		const result = await cli(target.url, client, ['--count', '1', ...args, '-m', 'all'], target.env);
		assert.equal(result.code, 1, result.stderr);
		assert.deepEqual(codes(result.runs), allStrategies.map(name => [name, code]));
		assert.ok(result.ms < 15_000, `exited after ${Math.round(result.ms)} ms`);
	} finally {
		await stalled.close();
	}
}

let certDir: string;
let image: https.Server;
let imagePort: number;

before(async () => {
	certDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-tls-'));
	const jpeg = await readFile(path.resolve('test/fixtures/p420.jpg'));
	image = https.createServer(makeCertificates(certDir).selfSigned, (_request, response) => {
		response.writeHead(200, {'content-type': 'image/jpeg'}).end(jpeg);
	});
	await new Promise<void>(resolve => image.listen(0, '127.0.0.1', resolve));
	imagePort = (image.address() as net.AddressInfo).port;
});

after(async () => {
	image.closeAllConnections();
	await new Promise(resolve => image.close(resolve));
	await rm(certDir, {recursive: true, force: true});
});

for (const client of clients) {
	describe(`on ${client}, as on the other client`, () => {
		test('a TLS handshake never answered: idle timeout in every strategy, and the process exits', async () => {
			await failsInEveryStrategy(client, port => ({url: `https://127.0.0.1:${port}/x.jpg`}), ['--timeout', '0.5', '--retries', '0'], 'ERR_IMGRACE_IDLE_TIMEOUT');
		});

		test('a first connection whose handshake stalls: the retry gets a connection of its own', async () => {
			const relay = await stalling(1, relayTo(imagePort));
			try {
				const result = await cli(`https://127.0.0.1:${relay.port}/x.jpg`, client, ['--count', '4', '-c', '2', '--timeout', '0.5', '-m', 'parallel']);
				assert.equal(result.code, 0, result.stderr);
				const images = result.runs[0]!.images;
				assert.deepEqual(images.map(image => image.status), ['done', 'done', 'done', 'done']);
				// Under load a second image may also time out while the first connection's slot is held.
				assert.equal(images[0]!.retries, 1, 'the image on the stalled connection was retried once');
				assert.ok(images.every(image => image.retries <= 1), 'no retry waited for the stalled connection');
				assert.ok(relay.connections >= 2, `the retry opened a new connection (${relay.connections} in all)`);
			} finally {
				await relay.close();
			}
		});

		test('--max-time during a stalled handshake: the image gives up, and the process exits', async () => {
			await failsInEveryStrategy(client, port => ({url: `https://127.0.0.1:${port}/x.jpg`}), ['--timeout', '30', '--max-time', '0.5'], 'ERR_IMGRACE_TIMEOUT');
		});

		test('an https proxy that never answers CONNECT: idle timeout in every strategy, and the process exits', async () => {
			await failsInEveryStrategy(client, port => ({url: `https://127.0.0.1:${imagePort}/x.jpg`, env: {HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '', no_proxy: ''}}), ['--timeout', '0.5', '--retries', '0'], 'ERR_IMGRACE_IDLE_TIMEOUT');
		});

		test('a proxy that leaves the first CONNECT unanswered: the retry tunnels through a new connection', async () => {
			const proxy = await stalling(1, tunnel);
			try {
				const result = await cli(`https://127.0.0.1:${imagePort}/x.jpg`, client, ['--count', '1', '--timeout', '0.5', '-m', 'sequential'], {HTTPS_PROXY: proxy.url, NO_PROXY: '', no_proxy: ''});
				assert.equal(result.code, 0, result.stderr);
				assert.deepEqual(result.runs[0]!.images.map(image => [image.status, image.retries]), [['done', 1]]);
				assert.equal(proxy.connections, 2);
			} finally {
				await proxy.close();
			}
		});
	});
}
