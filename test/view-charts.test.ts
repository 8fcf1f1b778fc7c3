import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {EngineEvent, ImagePhases} from '../source/engine/events.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {histogramInput, histogramScreen, timelineInput, timelineScreen} from '../source/view/index.js';
import {roleOf} from './helpers/roles.js';
import {startImageServer} from '../source/server/image-server.js';
import {clients} from './helpers/clients.js';
import {withTempDir} from './helpers/events.js';
import {race} from './helpers/race.js';

const t0 = 1000;

/** A run record folded from events at run-relative times. */
function run(strategy: string, count: number, events: ReadonlyArray<{readonly at: number} & Record<string, unknown>>): RunRecord {
	const urls = Array.from({length: count}, (_, index) => `http://127.0.0.1/${index}`);
	const record = createRunRecord({type: 'run-started', runId: strategy, at: t0, strategy, role: roleOf(strategy), concurrency: 1, client: 'got', urls, outDir: '/tmp/x', work: 'download'});
	for (const event of events) {
		applyEvent(record, {runId: strategy, ...event, at: t0 + event.at} as unknown as EngineEvent);
	}

	return record;
}

const phases = (queuedMs: number, rest: Partial<ImagePhases> = {}): ImagePhases => ({queuedMs, retryMs: 0, setupMs: 0, connectMs: 0, sendMs: 0, waitMs: 0, receiveMs: 0, writeMs: 0, ...rest});

function done(index: number, at: number, phasesOfImage: ImagePhases | undefined, extra: Record<string, unknown> = {}) {
	return {type: 'image-done', at, index, url: '', bytes: 1000, path: `/tmp/x/${index}`, contentType: 'image/png', width: 1, height: 1, ttfbMs: phasesOfImage?.waitMs ?? 0, totalMs: 0, retries: 0, ...(phasesOfImage ? {phases: phasesOfImage} : {}), ...extra};
}

const finished = (at: number) => ({type: 'run-finished', at, wallMs: at, ok: 1, failed: 0, bytes: 1000});

test('model: an image record keeps the engine\'s phases and connection reuse, and when its last attempt began', () => {
	const image = phases(0, {connectMs: 5, waitMs: 100, receiveMs: 20, writeMs: 2});
	const record = run('sequential', 2, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		done(0, 127, image, {reusedConnection: true}),
		{type: 'image-started', at: 127, index: 1, url: ''},
		{type: 'image-retried', at: 150, index: 1, attempt: 2, code: 'ERR_IMGRACE_CONNECTION', reason: 'reset', delayMs: 50},
	]);
	assert.deepEqual(record.images[0]!.phases, image);
	assert.equal(record.images[0]!.reusedConnection, true);
	assert.equal(record.images[1]!.attemptMs, 200, 'the retry starts after its delay');
	assert.equal(record.images[1]!.phases, undefined);
});

test('timelineInput: one image, its engine phases from the run\'s start', () => {
	const record = run('sequential', 1, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		done(0, 127, phases(0, {connectMs: 5, waitMs: 100, receiveMs: 20, writeMs: 2})),
		finished(130),
	]);
	const [strategy] = timelineInput([record]);
	assert.equal(strategy!.name, 'sequential');
	assert.equal(strategy!.wallMs, 130);
	assert.deepEqual(strategy!.images, [{index: 0, endMs: 127, phases: phases(0, {connectMs: 5, waitMs: 100, receiveMs: 20, writeMs: 2})}]);
	const lines = timelineScreen([record], {columns: 40, height: 10, now: t0 + 500, glyphs: unicodeGlyphs});
	assert.equal(lines[0], 'Timeline');
	assert.match(lines[1]!, /^seconds\s+0\.0/);
	assert.match(lines[2]!, /^sequential #1 ░?▒+█+w$/);
	assert.ok(lines.every(line => [...line].length <= 40));
});

test('timelineInput: a retry is drawn as one, and an image without one has none', () => {
	const record = run('parallel', 2, [
		{type: 'image-started', at: 3, index: 0, url: ''},
		{type: 'image-started', at: 3, index: 1, url: ''},
		done(0, 100, phases(3, {setupMs: 0.4, waitMs: 90, receiveMs: 6.6})),
		done(1, 200, phases(3, {retryMs: 80, waitMs: 110, receiveMs: 7}), {retries: 1}),
		finished(200),
	]);
	const [first, second] = timelineInput([record])[0]!.images;
	assert.equal(first!.phases.retryMs, 0);
	assert.equal(first!.phases.setupMs, 0.4, 'the client\'s own set-up is its own phase');
	assert.equal(second!.phases.retryMs, 80, 'a real retry stays one');
	const screen = timelineScreen([record], {columns: 60, height: 10, now: t0, glyphs: unicodeGlyphs});
	assert.ok(screen.some(line => line.includes('↻ failed attempts')), screen.join('\n'));
});

test('timelineInput: a failed image is drawn to its failure from what the record saw, and marked failed', () => {
	const record = run('sequential', 2, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		{type: 'image-retried', at: 40, index: 0, attempt: 2, code: 'ERR_IMGRACE_HTTP_STATUS', reason: 'HTTP 503', delayMs: 10},
		{type: 'image-first-byte', at: 80, index: 0, attempt: 2, ttfbMs: 30, total: 100, contentType: undefined},
		{type: 'image-failed', at: 90, index: 0, url: '', code: 'ERR_IMGRACE_TRUNCATED', reason: 'cut short', retries: 1, totalMs: 90},
		{type: 'image-started', at: 90, index: 1, url: ''},
		done(1, 150, phases(90, {waitMs: 50, receiveMs: 10})),
		{...finished(150), ok: 1, failed: 1},
	]);
	const [failed, ok] = timelineInput([record])[0]!.images;
	assert.deepEqual(failed, {index: 0, startMs: 0, endMs: 90, failed: true, phases: {queuedMs: 0, retryMs: 50, waitMs: 30, receiveMs: 10}});
	assert.equal(ok!.failed, undefined);
	const lines = timelineScreen([record], {columns: 50, height: 10, now: t0, glyphs: asciiGlyphs});
	assert.match(lines.find(line => line.startsWith('sequential #1'))!, /x$/, 'ends in the failure mark');
	assert.match(lines.at(-1)!, /x failed/);
});

// Issue 23 item 25: a connection that was refused never waited for a first byte.
for (const client of clients) {
	test(`timelineInput on ${client}: a refused connection is drawn as failed attempts, never as waiting for a first byte`, async () => {
		const server = await startImageServer({latencyMs: 0, jitterMs: 0, bandwidth: 0});
		const closed = server.url;
		await server.close();
		await withTempDir(async dir => {
			let record: RunRecord | undefined;
			await race({strategy: 'sequential', client, urls: [`${closed}/image/1.jpg`], folder: dir, retries: 1, maxRetryDelayMs: 50, onEvent(event) {
				record ??= event.type === 'run-started' ? createRunRecord(event) : undefined;
				applyEvent(record!, event);
			}});
			assert.equal(record!.images[0]!.code, 'ERR_IMGRACE_CONNECTION');
			const [image] = timelineInput([record!])[0]!.images;
			assert.equal(image!.failed, true);
			assert.equal(image!.phases.waitMs, 0, JSON.stringify(image!.phases));
			const row = timelineScreen([record!], {columns: 60, height: 10, now: 0, glyphs: asciiGlyphs}).find(line => line.startsWith('sequential #1'))!;
			assert.doesNotMatch(row.slice('sequential #1'.length), /-/, `no wait cell: ${row}`);
			assert.match(row, /x$/);
		});
	});
}

test('timelineInput: an image that failed in its work after a good download is drawn with the engine\'s phases', () => {
	const engine = phases(0, {connectMs: 2, waitMs: 20, receiveMs: 8, thumbnailMs: 70});
	const record = run('parallel', 1, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		{type: 'image-first-byte', at: 22, index: 0, attempt: 1, ttfbMs: 22, total: 100, contentType: undefined},
		{type: 'image-work', at: 30, index: 0, stage: 'working'},
		{type: 'image-failed', at: 100, index: 0, url: '', code: 'ERR_IMGRACE_THUMBNAIL', reason: 'no', retries: 0, totalMs: 100, phases: engine},
		{...finished(100), ok: 0, failed: 1},
	]);
	assert.deepEqual(timelineInput([record])[0]!.images[0], {index: 0, endMs: 100, failed: true, phases: engine});
});

test('timelineInput: zero-length phases take no cell, and an image of zero time is still a row', () => {
	const record = run('parallel', 2, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		{type: 'image-started', at: 0, index: 1, url: ''},
		done(0, 0, phases(0)),
		done(1, 100, phases(0, {waitMs: 100})),
		finished(100),
	]);
	const lines = timelineScreen([record], {columns: 40, height: 8, now: t0, glyphs: asciiGlyphs});
	assert.equal(lines.filter(line => line.startsWith('parallel #')).length, 2);
	assert.match(lines.find(line => line.startsWith('parallel #1'))!, /^parallel #1\s*$/, 'no phase took any time');
	assert.match(lines.find(line => line.startsWith('parallel #2'))!, /^parallel #2 -+$/, 'only the wait for the first byte');
	assert.doesNotMatch(lines.at(-1)!, /queued|transfer|write|connect/, 'the legend names only phases that took time');
});

test('timelineInput: a run in flight is drawn up to now, queued images waiting, the running one to its last byte so far', () => {
	const record = run('sequential', 3, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		done(0, 100, phases(0, {waitMs: 90, receiveMs: 10})),
		{type: 'image-started', at: 100, index: 1, url: ''},
		{type: 'image-first-byte', at: 180, index: 1, attempt: 1, ttfbMs: 80, total: 1000, contentType: undefined},
	]);
	const [strategy] = timelineInput([record], {now: t0 + 200});
	assert.equal(strategy!.wallMs, 200);
	assert.deepEqual(strategy!.images[1], {index: 1, startMs: 0, endMs: 200, phases: {queuedMs: 100, retryMs: 0, waitMs: 80, receiveMs: 20}});
	assert.deepEqual(strategy!.images[2], {index: 2, startMs: 0, endMs: 200, phases: {queuedMs: 200, retryMs: 0, waitMs: 0, receiveMs: 0}});
	assert.equal(timelineInput([record])[0]!.wallMs, 100, 'without now, up to the latest finished image');
});

test('timelineScreen: many images are binned to the height, every line within the width', () => {
	const events = [];
	for (let index = 0; index < 200; index++) {
		events.push({type: 'image-started', at: index * 10, index, url: ''}, done(index, (index * 10) + 10, phases(index * 10, {waitMs: 8, receiveMs: 2})));
	}

	const sequential = run('sequential', 200, [...events, finished(2000)]);
	const parallel = run('parallel', 200, [...events.map(event => ({...event})), finished(2000)]);
	for (const [columns, rows] of [[80, 22], [40, 18]] as const) {
		const lines = timelineScreen([sequential, parallel], {columns, height: rows, now: t0, glyphs: unicodeGlyphs});
		assert.ok(lines.length <= rows, `${lines.length} lines in ${rows}`);
		assert.ok(lines.every(line => [...line].length <= columns), `within ${columns} columns`);
		assert.match(lines[0]!, /^Timeline · up to \d+ images a row/);
		// A narrow label column cuts the names, never the image numbers.
		assert.ok(lines.some(line => /^seq\S* #1–\d+ /.test(line)) && lines.some(line => /^par\S* #\d+–200 /.test(line)));
	}

	assert.deepEqual(timelineScreen([], {columns: 40, height: 10, now: 0}), ['Timeline', 'nothing has run yet']);
});

test('histogramInput: per strategy, finished images\' times and times to first byte; failures left out', () => {
	const record = run('parallel', 3, [
		{type: 'image-started', at: 0, index: 0, url: ''},
		{type: 'image-started', at: 0, index: 1, url: ''},
		{type: 'image-started', at: 10, index: 2, url: ''},
		done(0, 100, phases(0, {waitMs: 90, receiveMs: 10})),
		{type: 'image-failed', at: 50, index: 1, url: '', code: 'ERR_IMGRACE_HTTP_STATUS', reason: 'HTTP 404', retries: 0, totalMs: 50},
		done(2, 60, phases(10, {waitMs: 45, receiveMs: 5})),
		finished(100),
	]);
	assert.deepEqual(histogramInput([record]), [{name: 'parallel', imageMs: [100, 50], ttfbMs: [90, 45]}]);
	assert.deepEqual(histogramInput([run('sequential', 1, [])]), [{name: 'sequential', imageMs: [], ttfbMs: []}]);
});

function raced(strategy: string, count: number, spreadMs: number): RunRecord {
	const events = [];
	for (let index = 0; index < count; index++) {
		const took = 100 + ((index * 37) % spreadMs);
		events.push({type: 'image-started', at: 0, index, url: ''}, done(index, took, phases(0, {waitMs: took - 10, receiveMs: 10})));
	}

	return run(strategy, count, [...events, finished(200)]);
}

test('histogramScreen: two strategies at 80x24 on one page, each a pair side by side with p50/p90/p99', () => {
	const series = histogramInput([raced('sequential', 30, 90), raced('parallel', 30, 60)]);
	const screen = histogramScreen(series, {columns: 80, height: 22, page: 0, glyphs: unicodeGlyphs});
	assert.equal(screen.pages, 1);
	assert.equal(screen.lines[0], 'Histogram');
	assert.ok(screen.lines.length <= 22, `${screen.lines.length} lines`);
	assert.ok(screen.lines.every(line => [...line].length <= 80));
	assert.equal(screen.lines.filter(line => /Per-image time · \w+ +Time to first byte · \w+/.test(line)).length, 2);
	assert.equal(screen.lines.filter(line => /p50 .*p90 .*p99 .*p50 .*p90 .*p99/.test(line)).length, 2);
});

test('histogramScreen: at 40x20 the histograms come in even pages that cycle; fewer lines than the height', () => {
	const series = histogramInput([raced('sequential', 30, 90), raced('parallel', 30, 60)]);
	const first = histogramScreen(series, {columns: 40, height: 18, page: 0, glyphs: unicodeGlyphs});
	assert.equal(first.pages, 2);
	assert.equal(first.lines[0], 'Histogram · page 1/2 · h next');
	assert.ok(first.lines.some(line => line.startsWith('Per-image time · sequential')) && first.lines.some(line => line.startsWith('Time to first byte · sequential')));
	const second = histogramScreen(series, {columns: 40, height: 18, page: 1, glyphs: unicodeGlyphs});
	assert.equal(second.lines[0], 'Histogram · page 2/2 · h back');
	assert.ok(second.lines.some(line => line.startsWith('Per-image time · parallel')));
	for (const lines of [first.lines, second.lines]) {
		assert.ok(lines.length <= 18 && lines.every(line => [...line].length <= 40));
		assert.ok(lines.some(line => /p50 .* p90 .* p99/.test(line)));
	}

	assert.deepEqual(histogramScreen(series, {columns: 40, height: 18, page: 2, glyphs: unicodeGlyphs}).lines, first.lines, 'pages wrap around');
	assert.deepEqual(histogramScreen([], {columns: 40, height: 18, page: 0}).lines, ['Histogram', 'nothing has run yet']);
});
