import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import type {EngineEvent} from '../source/engine/events.js';
import {clientNames} from '../source/engine/names.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {harDocument, harTime, type HarEntry} from '../source/output/har-export.js';
import {runCli} from './helpers/cli.js';
import {eventLog, withTempDir} from './helpers/events.js';
import {harValidator} from './helpers/har-schema.js';
import {race, testRegistry} from './helpers/race.js';
import {withServer} from './helpers/server.js';

function fold(events: readonly EngineEvent[]): RunRecord {
	const started = events[0];
	assert.equal(started?.type, 'run-started');
	const record = createRunRecord(started as Extract<EngineEvent, {type: 'run-started'}>);
	for (const event of events) {
		applyEvent(record, event);
	}

	return record;
}

const startOf = (entry: HarEntry) => Date.parse(entry.startedDateTime);

test('a real race as HAR 1.2: an entry per image and attempt, valid, timings adding up and covering each image', {timeout: 60_000}, async () => {
	await withServer({latencyMs: 10, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const urls = [`${server.url}/image/1.jpg#a-fragment`, `${server.url}/image/2.jpg?reset=3000&failFirst=1`, `${server.url}/image/3.jpg?status=404`];
		const log = eventLog();
		await race({strategy: 'parallel', urls, folder: dir, onEvent: log.onEvent, maxRetryDelayMs: 50});
		const record = fold(log.events);
		const timeOrigin = 1_700_000_000_000;
		const har = harDocument([record], {version: '9.9.9', timeOrigin});
		const validate = harValidator();
		assert.ok(validate(har), JSON.stringify(validate.errors));
		const {entries, pages} = har.log;
		assert.deepEqual(pages.map(page => page.id), ['parallel-1']);
		// Each attempt has the status of the answer that came: the reset one's 200 head, the 404.
		assert.deepEqual(entries.map(entry => [entry._imgrace.image, entry._imgrace.attempt, entry.response.status]), [[0, 1, 200], [1, 1, 200], [1, 2, 200], [2, 1, 404]]);
		for (const entry of entries) {
			const sum = Object.values(entry.timings).filter(value => value > 0).reduce((total, value) => total + value, 0);
			assert.ok(Math.abs(sum - entry.time) < 0.01, `${entry.request.url}: ${sum} vs ${entry.time}`);
			assert.equal(entry.time, harTime(entry.timings));
		}

		const [retried, final] = [entries[1]!, entries[2]!];
		assert.match(retried._imgrace.error?.code ?? '', /^ERR_IMGRACE_(CONNECTION|TRUNCATED)$/, 'a reset mid-body');
		assert.ok(retried.timings.receive > 0, 'the reset came after some body bytes');
		// The second attempt starts where the first ended, and with the write after it reaches the image's end.
		assert.ok(Math.abs(startOf(final) - (startOf(retried) + retried.time)) <= 1, 'attempts follow each other');
		const image = record.images[1]!;
		assert.ok(Math.abs((startOf(final) - timeOrigin - record.startedAt) + final.time + final._imgrace.writeMs! - image.endMs!) <= 1.5, 'the entries cover the image to its end');
		assert.ok(Math.abs(startOf(entries[0]!) - (timeOrigin + record.startedAt)) <= 1, 'the first attempt starts with the run: its queueing is blocked time');
		const notFound = entries[3]!;
		assert.equal(notFound._imgrace.error?.reason, 'HTTP 404 Not Found');
		assert.deepEqual([notFound.response.statusText, notFound.response.httpVersion], ['Not Found', 'HTTP/1.1']);
		// Its head came after the server's 10 ms, as the engine timed it: that is waiting, the rest of the attempt after it.
		const failure = log.events.find(event => event.type === 'image-failed');
		assert.ok(failure?.type === 'image-failed' && failure.answer?.status === 404 && failure.answer.ttfbMs >= 9, JSON.stringify(failure));
		assert.ok(Math.abs(notFound.timings.wait - failure.answer.ttfbMs) < 0.01, `${JSON.stringify(notFound.timings)} against ${failure.answer.ttfbMs} ms`);
		assert.equal(record.images[2]!.ttfbMs, failure.answer.ttfbMs, 'the failed image\'s time to first byte (--json) is its answer\'s');
		assert.equal(entries[0]!.request.url, `${server.url}/image/1.jpg`, 'as it went out: a fragment is never sent');
		assert.equal(final.response.content.size, image.bytes);
	}));
});

test('a failed attempt that got a 200 (a body cut short) has the answer\'s reason phrase and the bytes that came, on both clients', {timeout: 60_000}, async () => {
	await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		for (const client of clientNames) {
			const urls = [`${server.url}/image/3.jpg?short=1000`, `${server.url}/image/1.jpg?status=404`];
			const log = eventLog();
			await race({strategy: 'parallel', urls, folder: path.join(dir, client), client, onEvent: log.onEvent, retries: 0});
			const har = harDocument([fold(log.events)], {version: '9.9.9', timeOrigin: 1_700_000_000_000});
			const validate = harValidator();
			assert.ok(validate(har), JSON.stringify(validate.errors));
			const [short, notFound] = [0, 1].map(image => har.log.entries.find(entry => entry._imgrace.image === image)!);
			assert.equal(short!._imgrace.error?.code, 'ERR_IMGRACE_TRUNCATED', client);
			assert.deepEqual([short!.response.status, short!.response.statusText, short!.response.httpVersion], [200, 'OK', 'HTTP/1.1'], client);
			// As a browser's HAR: what arrived, not 0 and "not known".
			assert.deepEqual([short!.response.bodySize, short!.response.content.size], [1000, 1000], client);
			assert.deepEqual([notFound!.response.status, notFound!.response.statusText], [404, 'Not Found'], client);
			assert.ok(notFound!.response.bodySize >= 0, `${client}: an answer came, so its size is known`);
		}
	}));
});

test('--export-har of --mode all: one page per strategy, an entry per image each, valid HAR', {timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'race.har');
		const result = await runCli(['--mode', 'all', '--count', '3', '--latency', '5', '--jitter', '0', '--bandwidth', '0', '--export-har', file, '--out', path.join(dir, 'out')], {cwd: dir, timeoutMs: 100_000});
		assert.equal(result.code, 0, result.stderr);
		const har = JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof harDocument>;
		const validate = harValidator();
		assert.ok(validate(har), JSON.stringify(validate.errors));
		const strategies = testRegistry().names();
		assert.deepEqual(har.log.pages.map(page => page.id), strategies.map(name => `${name}-1`));
		assert.equal(har.log.entries.length, strategies.length * 3);
		assert.deepEqual(new Set(har.log.entries.map(entry => entry._imgrace.strategy)), new Set(strategies));
	});
});

test('--export-har is refused where it means nothing: a sweep, an empty name', async () => {
	const sweep = await runCli(['sweep', '--export-har', 'x.har']);
	assert.equal(sweep.code, 2);
	assert.equal(sweep.stderr.trim().split('\n').length, 1, sweep.stderr);
	assert.match(sweep.stderr, /--export-har/);
	const empty = await runCli(['--export-har', '']);
	assert.equal(empty.code, 2);
	assert.match(empty.stderr, /--export-har needs a file name/);
});
