import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {parseRaceConfig} from '../source/config/parse-options.js';
import type {ImageSource} from '../source/entry/image-source.js';
import {warmUpLap} from '../source/entry/warm-up-lap.js';
import {imageUrl} from '../source/server/image-server.js';
import {runCli} from './helpers/cli.js';
import {clients} from './helpers/clients.js';
import {withProxyEnv} from './helpers/proxy-env.js';
import {testRegistry} from './helpers/race.js';
import {withServer} from './helpers/server.js';

const instant = {latencyMs: 0, jitterMs: 0, bandwidth: 0};

/** The lap of a race with `flags`, its temp folders in a folder of the test's own (checked empty after). */
async function lap(flags: Record<string, string>, source: ImageSource, signal = new AbortController().signal): Promise<number> {
	const temp = await mkdtemp(path.join(os.tmpdir(), 'imgrace-test-lap-'));
	const before = process.env['TMPDIR'];
	process.env['TMPDIR'] = temp;
	try {
		const saved = await warmUpLap(parseRaceConfig(flags, testRegistry()), undefined, source, signal);
		assert.deepEqual(await readdir(temp), [], 'the lap leaves nothing behind');
		return saved;
	} finally {
		process.env['TMPDIR'] = before;
		if (before === undefined) {
			delete process.env['TMPDIR'];
		}

		await rm(temp, {recursive: true, force: true});
	}
}

for (const client of clients) {
	test(`with --url on ${client}: the lap saves 48 pictures of a private server and asks the race's server for nothing`, async () => withServer(instant, async server => {
		const url = imageUrl(server.url, 1);
		const saved = await lap({url, client}, {urls: [url], server: undefined, description: ''});
		assert.equal(saved, 48);
		assert.equal(server.requestCount(), 0);
	}));
}

test('with the embedded server: the lap takes the race\'s own pictures, with the server\'s latency and pacing off', {timeout: 20_000}, async () => withServer({latencyMs: 60_000, jitterMs: 0, bandwidth: 1000}, async server => {
	const urls = [imageUrl(server.url, 1), imageUrl(server.url, 2)];
	// 60 s before each response and 1 kB/s: only with the overrides does the lap end within the test's time.
	const saved = await lap({}, {urls, server: {url: server.url, painted: 0, onRaceThread: undefined, close: async () => undefined}, description: ''});
	assert.equal(saved, 48);
	assert.equal(server.requestCount(), 48);
}));

test('thumbnail work: the lap makes 4 thumbnails, once each', async () => withServer(instant, async server => {
	const url = imageUrl(server.url, 1);
	assert.equal(await lap({url, work: 'thumbnail'}, {urls: [url], server: undefined, description: ''}), 4);
}));

test('no lap when a proxy would carry its requests, nor for a race already stopped', async () => withServer(instant, async server => {
	const url = imageUrl(server.url, 1);
	const source = {urls: [url], server: undefined, description: ''};
	// The proxy is the race's own server: any request of the lap's would be counted there.
	await withProxyEnv({HTTP_PROXY: server.url}, async () => {
		assert.equal(await lap({url}, source), 0);
		assert.equal(server.requestCount(), 0);
	});
	assert.equal(await lap({url}, source, AbortSignal.abort()), 0);
}));

test('imgrace --url asks the named server for the race\'s images and nothing more', async () => withServer(instant, async server => {
	const out = await mkdtemp(path.join(os.tmpdir(), 'imgrace-test-lap-out-'));
	try {
		const result = await runCli(['--url', imageUrl(server.url, 1), '--count', '3', '--mode', 'sequential,parallel', '--json', '--out', out]);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(server.requestCount(), 6);
	} finally {
		await rm(out, {recursive: true, force: true});
	}
}));
