import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isBusy, panelState, reduceSession, type SessionInput, type SessionState} from '../source/model/session-state.js';
import {EventScript} from './helpers/fake-runner.js';
import {newSession, track} from './helpers/session.js';

function fold(state: SessionState, inputs: readonly SessionInput[]): SessionState {
	for (const input of inputs) {
		reduceSession(state, input);
	}

	return state;
}

test('a finished run becomes the last complete run and enters the history', () => {
	const state = newSession({imageCount: 2, concurrency: 4});
	const script = new EventScript('sequential', 2).image(0, 1000, 0, 100).image(1, 2000, 100, 250).finished();
	fold(state, script.events);
	const slot = track(state, 'sequential');
	assert.equal(slot.current?.state, 'done');
	assert.equal(slot.lastComplete, slot.current);
	assert.deepEqual(slot.history.map(run => [run.wallMs, run.ok, run.bytes]), [[250, 2, 3000]]);
	assert.equal(panelState(slot), 'done');
	assert.equal(state.runs.size, 0, 'a finished run is no longer folded');
	assert.equal(isBusy(state), false);
});

test('progress is folded in place and the speed follows the byte rate', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	const script = new EventScript('parallel', 1, {concurrency: 1})
		.at(0).started(0).at(10).firstByte(0, 100_000)
		// A burst of buffered bytes right after the headers is not a speed on its own.
		.at(11).progress(0, 30_000, 100_000);
	fold(state, script.events);
	const image = track(state, 'parallel').current!.images[0]!;
	assert.equal(image.speed, 0, 'no speed before 100 ms of data');
	const more = (at: number, transferred: number) => {
		reduceSession(state, {type: 'image-progress', runId: script.runId, at: 1000 + at, index: 0, transferred, total: 100_000});
	};

	more(60, 40_000);
	more(110, 50_000);
	assert.equal(image.speed, 500_000, 'the first window: 50 kB in 100 ms');
	more(160, 60_000);
	more(210, 70_000);
	assert.ok(image.speed > 200_000 && image.speed < 500_000, `slower data pulls the speed down smoothly: ${image.speed}`);
	assert.equal(image.status, 'running');
	assert.equal(image.transferred, 70_000);
	assert.equal(image.total, 100_000);
	assert.equal(panelState(track(state, 'parallel')), 'running');
	assert.equal(isBusy(state), true);
});

test('odd case: unknown total size stays undefined until done', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	const script = new EventScript('sequential', 1).at(0).started(0).at(5).firstByte(0, undefined).at(20).progress(0, 5000, undefined);
	fold(state, script.events);
	const image = track(state, 'sequential').current!.images[0]!;
	assert.equal(image.total, undefined);
	assert.equal(image.transferred, 5000);
	reduceSession(state, {type: 'image-done', runId: script.runId, at: 1030, index: 0, url: 'u', bytes: 6000, path: 'p', contentType: 'image/png', width: 1, height: 1, ttfbMs: 5, totalMs: 30, retries: 0});
	assert.equal(image.total, 6000);
	assert.equal(image.status, 'done');
});

test('odd case: a zero-byte body finishes with zero bytes', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	const script = new EventScript('sequential', 1).at(0).started(0).at(5).firstByte(0, 0).progress(0, 0, 0).at(6).done(0, 0).finished();
	fold(state, script.events);
	const run = track(state, 'sequential').current!;
	assert.equal(run.images[0]!.status, 'done');
	assert.equal(run.images[0]!.bytes, 0);
	assert.equal(run.bytes, 0);
	assert.equal(run.ok, 1);
});

test('odd case: a failed image keeps its code and reason', () => {
	const state = newSession({imageCount: 2, concurrency: 1});
	const script = new EventScript('sequential', 2).image(0, 100, 0, 10).at(10).started(1).at(15).failed(1, 'ERR_IMGRACE_HTTP_STATUS', 'HTTP 404 Not Found').finished();
	fold(state, script.events);
	const run = track(state, 'sequential').current!;
	assert.equal(run.images[1]!.status, 'failed');
	assert.equal(run.images[1]!.code, 'ERR_IMGRACE_HTTP_STATUS');
	assert.equal(run.images[1]!.error, 'HTTP 404 Not Found');
	assert.equal(run.failed, 1);
	assert.equal(run.active, 0);
	assert.equal(track(state, 'sequential').history[0]!.failed, 1);
});

test('odd case: a retry resets the attempt and shows the reason until the next first byte', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	const script = new EventScript('sequential', 1).at(0).started(0).at(5).firstByte(0, 1000).progress(0, 400, 1000)
		.at(10).retried(0, 2, 'ERR_IMGRACE_TRUNCATED', 'body cut short');
	fold(state, script.events);
	const image = track(state, 'sequential').current!.images[0]!;
	assert.equal(image.attempt, 2);
	assert.equal(image.retries, 1);
	assert.equal(image.transferred, 0);
	assert.equal(image.firstByteMs, undefined);
	assert.equal(image.error, 'body cut short');
	reduceSession(state, {type: 'image-first-byte', runId: script.runId, at: 1020, index: 0, attempt: 2, ttfbMs: 3, total: 1000, contentType: undefined});
	assert.equal(image.firstByteMs, 20);
});

test('odd case: an aborted run marks unfinished images and stays out of the history', () => {
	const state = newSession({imageCount: 3, concurrency: 1});
	const script = new EventScript('sequential', 3).image(0, 100, 0, 10).at(10).started(1).at(12).firstByte(1, 100).at(15).aborted();
	fold(state, script.events);
	const slot = track(state, 'sequential');
	assert.equal(slot.current?.state, 'aborted');
	assert.deepEqual(slot.current?.images.map(image => image.status), ['done', 'aborted', 'aborted']);
	assert.equal(slot.current?.active, 0);
	assert.equal(slot.lastComplete, undefined);
	assert.deepEqual(slot.history, []);
	assert.equal(panelState(slot), 'aborted');
});

test('a rerun replaces the current run but keeps the last complete one and the history', () => {
	const state = newSession({imageCount: 1, concurrency: 1});
	const first = new EventScript('parallel', 1).image(0, 100, 0, 10).finished();
	const second = new EventScript('parallel', 1).at(0).started(0);
	fold(state, first.events);
	fold(state, second.events);
	const slot = track(state, 'parallel');
	assert.equal(slot.current?.runId, second.runId);
	assert.equal(slot.lastComplete?.runId, first.runId);
	assert.equal(slot.history.length, 1);
	// Late events of the replaced run are ignored.
	reduceSession(state, {type: 'image-progress', runId: first.runId, at: 2000, index: 0, transferred: 1, total: 1});
	assert.equal(slot.lastComplete?.images[0]!.transferred, 100);
});

test('planning, requesting and runner failures drive the panel state', () => {
	const state = newSession({imageCount: 5, concurrency: 2});
	assert.equal(panelState(track(state, 'sequential')), 'idle');
	reduceSession(state, {type: 'planned', strategies: ['sequential', 'parallel']});
	assert.equal(panelState(track(state, 'sequential')), 'waiting');
	assert.equal(panelState(track(state, 'parallel')), 'waiting');
	reduceSession(state, {type: 'run-requested', strategy: 'sequential'});
	assert.equal(panelState(track(state, 'sequential')), 'running');
	assert.equal(isBusy(state), true);
	reduceSession(state, {type: 'runner-failed', strategy: 'sequential', message: 'EACCES: images/sequential'});
	assert.equal(panelState(track(state, 'sequential')), 'idle');
	assert.equal(track(state, 'sequential').startError, 'EACCES: images/sequential', 'a run that could not start: its panel says why');
	assert.equal(state.error, undefined);
	reduceSession(state, {type: 'run-requested', strategy: 'parallel'});
	reduceSession(state, {type: 'runner-failed', strategy: 'parallel', message: 'EACCES: images/parallel'});
	assert.equal(track(state, 'sequential').startError, 'EACCES: images/sequential', 'each strategy keeps its own reason');
	assert.equal(track(state, 'parallel').startError, 'EACCES: images/parallel');
	reduceSession(state, {type: 'planned', strategies: ['sequential']});
	assert.equal(panelState(track(state, 'sequential')), 'waiting');
	reduceSession(state, {type: 'run-requested', strategy: 'sequential'});
	assert.equal(track(state, 'sequential').startError, undefined, 'asked to run again: the reason goes');
	// A run that crashed after it began: its panel says aborted, the error line says why.
	reduceSession(state, {type: 'run-requested', strategy: 'parallel'});
	reduceSession(state, {type: 'run-started', runId: 'p1', at: 0, strategy: 'parallel', role: 'event-loop', concurrency: 2, client: 'got', urls: ['http://x/1.jpg'], outDir: 'images/parallel', work: 'download'});
	reduceSession(state, {type: 'runner-failed', strategy: 'parallel', message: 'worker crashed'});
	assert.equal(panelState(track(state, 'parallel')), 'aborted');
	assert.equal(state.error, 'worker crashed');
	reduceSession(state, {type: 'planned', strategies: ['sequential']});
	assert.equal(state.error, undefined, 'new runs clear the error');
	reduceSession(state, {type: 'quitting'});
	assert.equal(state.quitting, true);
});

test('a run aborted before its run-started event is aborted, not idle, and no error', () => {
	const state = newSession({imageCount: 5, concurrency: 2});
	reduceSession(state, {type: 'planned', strategies: ['sequential', 'parallel']});
	reduceSession(state, {type: 'run-requested', strategy: 'sequential'});
	reduceSession(state, {type: 'quitting'});
	reduceSession(state, {type: 'run-cancelled', strategy: 'sequential'});
	assert.equal(panelState(track(state, 'sequential')), 'aborted');
	assert.equal(panelState(track(state, 'parallel')), 'idle', 'never handed to the runner');
	assert.equal(isBusy(state), false);
	assert.equal(state.error, undefined);
	reduceSession(state, {type: 'run-requested', strategy: 'sequential'});
	assert.equal(panelState(track(state, 'sequential')), 'running', 'a new request starts over');
});

test('concurrency steps stay within 1..imageCount', () => {
	const state = newSession({imageCount: 3, concurrency: 50});
	assert.equal(state.concurrency, 3, 'clamped at creation');
	const auto = newSession({imageCount: 7, concurrency: 0});
	assert.equal(auto.concurrency, 0, "0 means each strategy's own width");
	reduceSession(auto, {type: 'concurrency-stepped', delta: -1});
	assert.equal(auto.concurrency, 6, 'the first step sets one width for all, from one slot per image');
	const raised = newSession({imageCount: 7, concurrency: 0});
	reduceSession(raised, {type: 'concurrency-stepped', delta: 1});
	assert.equal(raised.concurrency, 7);
	const agreed = newSession({imageCount: 7, concurrency: 0});
	reduceSession(agreed, {type: 'concurrency-stepped', delta: 1, from: 2});
	assert.equal(agreed.concurrency, 3, 'from the width the strategies agree on, as the footer shows it');
	reduceSession(state, {type: 'concurrency-stepped', delta: 1});
	assert.equal(state.concurrency, 3);
	for (let step = 0; step < 5; step++) {
		reduceSession(state, {type: 'concurrency-stepped', delta: -1});
	}

	assert.equal(state.concurrency, 1);
	reduceSession(state, {type: 'concurrency-stepped', delta: 1});
	assert.equal(state.concurrency, 2);
});
