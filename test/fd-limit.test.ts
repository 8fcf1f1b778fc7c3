import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import path from 'node:path';
import {test} from 'node:test';
import {race} from './helpers/race.js';
import {slotBudget} from '../source/engine/fd-budget.js';
import {parallel} from '../source/strategies/parallel.js';
import {imageUrl} from '../source/server/image-server.js';
import {cliPath} from './helpers/cli.js';
import {eventLog, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

test('the default width is one slot per image for a short list, bounded for a long one', () => {
	assert.equal(parallel.slots(0, 10, 'download'), 10);
	assert.equal(parallel.slots(0, 5000, 'download'), 64);
	assert.equal(parallel.slots(300, 5000, 'download'), 300);
});

test('the open-file limit caps the slots, and run-started and the result say so', async () => {
	await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const log = eventLog();
		const urls = Array.from({length: 30}, (_, index) => imageUrl(server.url, index));
		const result = await race({strategy: 'parallel', asked: 30, urls, folder: dir, openFileLimit: 100, onEvent: log.onEvent});
		assert.equal(result.ok, 30);
		assert.equal(result.concurrency, slotBudget(100));
		assert.ok(result.concurrency < 30);
		assert.equal(result.cappedFrom, 30);
		const started = log.events.find(event => event.type === 'run-started');
		assert.ok(started?.type === 'run-started' && started.cappedFrom === 30 && started.openFileLimit === 100);
	}));
});

test('under ulimit -n 256, 300 images 300 wide all arrive, and the plain output names the cap', async () => {
	await withTempDir(async dir => {
		const command = `ulimit -n 256 && exec "$0" "$1" --count 300 --concurrency 300 --mode parallel --latency 50 --jitter 0 --out "$2" </dev/null`;
		const {stdout, code} = await new Promise<{stdout: string; code: number}>(resolve => {
			execFile('bash', ['-c', command, process.execPath, cliPath, path.join(dir, 'out')], {env: {...process.env, CI: 'true'}, timeout: 60_000, maxBuffer: 16 * 1024 * 1024}, (error, out) => {
				resolve({stdout: out, code: error ? Number((error as {code?: number}).code ?? 1) : 0});
			});
		});
		assert.match(stdout, /300 asked for; the open-file limit of 256 allows \d+/);
		assert.match(stdout, /parallel×\d+: 300 ok, 0 failed/);
		assert.equal(code, 0);
	});
});
