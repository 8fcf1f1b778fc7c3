import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {openClient} from '../source/engine/client/index.js';
import type {JsonReport} from '../source/output/json-report.js';
import {imageUrl} from '../source/server/image-server.js';
import {runCli} from './helpers/cli.js';
import {clients} from './helpers/clients.js';
import {withTempDir} from './helpers/events.js';
import {clientSettings} from './helpers/race.js';
import {withServer} from './helpers/server.js';
import {makeCertificates, type TestCertificates} from './helpers/tls.js';

const all = 'sequential,parallel,threads,processes';

/**
 * How each client writes a request on the wire, from its own code: Node's HTTP client (got's) sends the
 * headers it is given, then `Host` and `Connection` as Node names them; undici (client-h1.js) writes
 * `host` and `connection` first, in lower case. Nothing imgrace sets can make one look like the other.
 */
const fingerprints = {
	got: (raw: readonly string[]) => raw.includes('Host') && raw.at(-2) === 'Connection',
	undici: (raw: readonly string[]) => raw[0] === 'host' && raw[2] === 'connection',
} as const;

type Recorder = {url: string; requests: string[][]; close(): Promise<void>};

/** Serves one JPEG at any path and records each request's raw headers, in order. */
async function recordingServer(image: Buffer): Promise<Recorder> {
	const requests: string[][] = [];
	const server = http.createServer((request, response) => {
		requests.push(request.rawHeaders);
		response.writeHead(200, {'content-type': 'image/jpeg', 'content-length': image.length});
		response.end(image);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

let certDir: string;
let certs: TestCertificates;

before(async () => {
	certDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-clients-'));
	certs = makeCertificates(certDir);
});

after(async () => {
	await rm(certDir, {recursive: true, force: true});
});

for (const client of clients) {
	test(`--client ${client}: every strategy, on this thread, in worker threads and in child processes, sends its requests through ${client}`, async () => {
		// A real image, as the embedded server makes them.
		const image = await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
			const result = await runCli(['--url', imageUrl(server.url, 1), '-n', '1', '-m', 'sequential', '-o', dir]);
			assert.equal(result.code, 0, result.stderr);
			return readFile(path.join(dir, 'sequential', '001.jpg'));
		}));
		const recorder = await recordingServer(image);
		try {
			await withTempDir(async dir => {
				const result = await runCli(['--client', client, '--mode', all, '-n', '3', '--url', `${recorder.url}/a.jpg`, '--json', '-o', dir]);
				assert.equal(result.code, 0, result.stderr);
				const report = JSON.parse(result.stdout) as JsonReport;
				assert.deepEqual(report.runs.map(run => [run.strategy, run.client, run.ok]), all.split(',').map(strategy => [strategy, client, 3]));
			});
			assert.equal(recorder.requests.length, 12, 'three requests per strategy');
			const other = client === 'got' ? 'undici' : 'got';
			for (const raw of recorder.requests) {
				assert.ok(fingerprints[client](raw), `sent by ${client}: ${JSON.stringify(raw)}`);
				assert.ok(!fingerprints[other](raw), `not by ${other}: ${JSON.stringify(raw)}`);
			}
		} finally {
			await recorder.close();
		}
	});
}

// Issue 23 item 19: the same header gives the same result on every strategy and both clients.
for (const client of clients) {
	test(`--client ${client}: -H 'Host: example.com' reaches the server from every strategy; a header sent once at most, given twice, is a usage error`, async () => {
		const image = await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
			await runCli(['--url', imageUrl(server.url, 1), '-n', '1', '-m', 'sequential', '-o', dir]);
			return readFile(path.join(dir, 'sequential', '001.jpg'));
		}));
		const recorder = await recordingServer(image);
		try {
			await withTempDir(async dir => {
				const result = await runCli(['--client', client, '--mode', all, '-n', '2', '--url', `${recorder.url}/a.jpg`, '-H', 'Host: example.com', '--json', '-o', dir]);
				assert.equal(result.code, 0, result.stderr);
				const report = JSON.parse(result.stdout) as JsonReport;
				assert.deepEqual(report.runs.map(run => [run.strategy, run.ok, run.failed]), all.split(',').map(strategy => [strategy, 2, 0]));
				const twice = await runCli(['--client', client, '--mode', all, '-n', '2', '--url', `${recorder.url}/a.jpg`, '-H', 'Authorization: 1', '-H', 'Authorization: 2', '--json', '-o', path.join(dir, 'twice')]);
				assert.deepEqual([twice.code, twice.stdout, twice.stderr], [2, '', 'imgrace: --header Authorization was given twice: a request carries one authorization header\n']);
			});
			assert.equal(recorder.requests.length, 8, 'two requests per strategy, none for the usage error');
			for (const raw of recorder.requests) {
				// rawHeaders: name, value, name, value…
				const hosts = raw.flatMap((value, index) => index % 2 === 0 && value.toLowerCase() === 'host' ? [raw[index + 1]] : []);
				assert.deepEqual(hosts, ['example.com'], JSON.stringify(raw));
			}
		} finally {
			await recorder.close();
		}
	});
}

test('the same failure gets the same code on both clients, in every strategy', async () => {
	const tls = https.createServer({key: certs.selfSigned.key, cert: certs.selfSigned.cert}, (_request, response) => {
		response.end();
	});
	await new Promise<void>(resolve => {
		tls.listen(0, '127.0.0.1', resolve);
	});
	try {
		await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
			const failures = {
				refused: 'http://127.0.0.1:1/refused.jpg',
				'self-signed': `https://127.0.0.1:${(tls.address() as AddressInfo).port}/a.jpg`,
				'not found': `${server.url}/nothing-here.jpg`,
			};
			// One race per client over all three: image n of every run is failure n.
			const list = path.join(dir, 'failures.txt');
			await writeFile(list, `${Object.values(failures).join('\n')}\n`);
			const codes = Object.keys(failures).map(() => new Set<string>());
			for (const client of clients) {
				const result = await runCli(['--client', client, '--mode', all, '--retries', '0', '--urls', list, '--json', '-o', path.join(dir, client)]);
				const report = JSON.parse(result.stdout) as JsonReport;
				for (const run of report.runs) {
					for (const [index, seen] of codes.entries()) {
						seen.add(`${run.images.find(image => image.index === index)?.code}`);
					}
				}
			}

			for (const [index, name] of Object.keys(failures).entries()) {
				assert.equal(codes[index]!.size, 1, `${name}: ${[...codes[index]!].join(', ')}`);
				assert.match([...codes[index]!][0]!, /^ERR_IMGRACE_/, name);
			}
		}));
	} finally {
		tls.close();
	}
});

for (const client of clients) {
	// Node's agent hands a freed socket to a request queued for it even without keep-alive (its sockets are
	// capped at the slots): a fast enough engine would then reuse connections under --no-keep-alive.
	test(`--client ${client} --no-keep-alive: a request queued behind another gets a connection of its own`, async () => {
		await withServer({latencyMs: 20, jitterMs: 0, bandwidth: 0}, async server => {
			const httpClient = await openClient({settings: clientSettings(client), slots: 1, keepAlive: false});
			try {
				const before = server.connectionCount();
				const reused: boolean[] = [];
				const fetchOne = async (index: number) => new Promise<void>((resolve, reject) => {
					httpClient.get(imageUrl(server.url, index), {
						socket(_socket, wasReused) {
							reused.push(wasReused);
						},
						redirected() {},
						head() {},
						data() {},
						end: resolve,
						fail: reject,
					});
				});
				await Promise.all([fetchOne(0), fetchOne(1)]);
				assert.deepEqual(reused, [false, false]);
				assert.equal(server.connectionCount() - before, 2);
			} finally {
				httpClient.close();
			}
		});
	});
}
