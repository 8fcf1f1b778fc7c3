import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import http2 from 'node:http2';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {runCli} from './helpers/cli.js';
import {clients} from './helpers/clients.js';
import {withTempDir} from './helpers/events.js';
import {makeCertificates} from './helpers/tls.js';

/**
 * Both clients speak HTTP/1.1, in every strategy, to a server that would take HTTP/2: got has http2 off,
 * and undici, which offers h2 in its TLS handshake unless told not to, must not race another protocol
 * (nor reach the HTTP/2 client the worker files leave out).
 */
test('an https server that speaks h2 and HTTP/1.1 is spoken to in HTTP/1.1 by both clients, in every strategy', {timeout: 120_000}, async () => {
	const certDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-h2-'));
	const jpeg = await readFile(path.resolve('test/fixtures/p420.jpg'));
	const versions: string[] = [];
	const server = http2.createSecureServer({...makeCertificates(certDir).selfSigned, allowHTTP1: true}, (request, response) => {
		versions.push(request.httpVersion);
		response.writeHead(200, {'content-type': 'image/jpeg'}).end(jpeg);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	try {
		for (const client of clients) {
			versions.length = 0;
			await withTempDir(async dir => {
				const result = await runCli(['--client', client, '--mode', 'all', '--count', '2', '-k', '--url', `https://127.0.0.1:${port}/x.jpg`, '--json', '--out', dir], {timeoutMs: 60_000, env: {...process.env, CI: 'true'}});
				assert.equal(result.code, 0, result.stderr);
				const runs = (JSON.parse(result.stdout) as {runs: Array<{strategy: string; ok: number}>}).runs;
				assert.deepEqual(runs.map(run => [run.strategy, run.ok]), ['sequential', 'parallel', 'threads', 'processes', 'pipeline'].map(name => [name, 2]));
			});
			// The warm-up lap asks the embedded lap server, not this one: these are the race's requests.
			assert.equal(versions.length, 10, `${client}: ${versions.length} requests`);
			assert.deepEqual([...new Set(versions)], ['1.1'], `${client} spoke ${[...new Set(versions)].join(', ')}`);
		}
	} finally {
		server.close();
		await rm(certDir, {recursive: true, force: true});
	}
});
