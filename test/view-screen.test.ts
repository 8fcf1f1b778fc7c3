import assert from 'node:assert/strict';
import {test} from 'node:test';
import {rowColumns} from '../source/view/row-columns.js';
import {hiddenLine, rowCells, shortReason} from '../source/view/row-view.js';
import {newImage, type ImageRecord} from '../source/model/run-record.js';
import {fitNote, headerWidth} from '../source/view/panel-header.js';
import {buildScreen, type ScreenView} from '../source/view/screen.js';
import {reduceSession, type SessionState} from '../source/model/session-state.js';
import {savedLine} from '../source/view/saved-line.js';
import {Snapshotter} from '../source/view/snapshot.js';
import {EventScript} from './helpers/fake-runner.js';
import {newSession, summaryOf} from './helpers/session.js';
import {labelsForWork} from '../source/ui/live/strategy-labels.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

function image(overrides: Partial<ImageRecord>): ImageRecord {
	return {...newImage(0, 'http://fake/0.jpg'), ...overrides};
}

const columns = rowColumns(80, 10);
const width = (text: string) => [...text].length;

test('row: queued rows say so with an empty bar', () => {
	const cells = rowCells(image({}), columns, 0);
	assert.equal(cells.tone, 'queued');
	assert.equal(cells.index, ' 1');
	assert.match(cells.bytes, /^queued/);
	assert.equal(width(cells.bar), columns.bar);
	assert.doesNotMatch(cells.bar, /█/);
});

test('row: a running image shows bytes, speed, elapsed time and a partial bar', () => {
	const cells = rowCells(image({status: 'running', attempt: 1, startMs: 100, firstByteMs: 120, transferred: 50_000, total: 100_000, speed: 1_200_000}), columns, 600);
	assert.equal(cells.tone, 'running');
	assert.equal(cells.bytes.trim(), '50 kB/100 kB');
	assert.equal(cells.speed.trim(), '1.2 MB/s');
	assert.equal(cells.time.trim(), '500ms');
	assert.match(cells.bar, /^█+░+$/);
	for (const [field, text] of Object.entries({bytes: cells.bytes, speed: cells.speed, time: cells.time, dims: cells.dims, ttfb: cells.ttfb})) {
		assert.equal(width(text), columns[field as keyof typeof columns], field);
	}
});

test('row: before the first byte it is requesting (set-up, connect, send and the wait, not told apart live)', () => {
	const cells = rowCells(image({status: 'running', attempt: 1, startMs: 0}), columns, 40);
	assert.equal(cells.bytes.trim(), 'requesting');
});

test('row odd case: unknown total shows bytes so far and a moving bar', () => {
	const base = image({status: 'running', attempt: 1, startMs: 0, firstByteMs: 10, transferred: 12_000, total: undefined});
	const early = rowCells(base, columns, 100);
	const later = rowCells(base, columns, 460);
	assert.equal(early.bytes.trim(), '12 kB/?');
	assert.notEqual(early.bar, later.bar, 'indeterminate bar moves with time');
	assert.equal(width(early.bar), columns.bar);
});

test('row odd case: zero-byte body is done with a full bar', () => {
	const cells = rowCells(image({status: 'done', attempt: 1, startMs: 0, firstByteMs: 5, endMs: 6, transferred: 0, total: 0, bytes: 0, width: 1, height: 1, ttfbMs: 5}), columns, 6);
	assert.equal(cells.tone, 'done');
	assert.equal(cells.bytes.trim(), '0 B');
	assert.match(cells.bar, /^█+$/);
});

test('row: done shows dimensions, time to first byte and average speed', () => {
	const cells = rowCells(image({status: 'done', attempt: 1, startMs: 0, firstByteMs: 20, endMs: 120, bytes: 100_000, transferred: 100_000, total: 100_000, width: 640, height: 480, ttfbMs: 20}), columns, 200);
	assert.equal(cells.dims.trim(), '640×480');
	assert.equal(cells.ttfb.trim(), 'ttfb 20ms');
	assert.equal(cells.speed.trim(), '1 MB/s');
	assert.equal(cells.time.trim(), '120ms');
});

test('row: an image whose work waits for a core, or works, says so whole in its bytes column', () => {
	for (const [work, text] of [['waiting', 'queued for a core'], ['working', 'working']] as const) {
		const cells = rowCells(image({status: 'running', attempt: 1, startMs: 0, firstByteMs: 20, bytes: 1000, transferred: 1000, total: 1000, work}), columns, 200);
		assert.equal(cells.bytes.trim(), text);
	}
});

test('row: the speed of a done image is its body\'s (received and written), never the work after it', () => {
	// 100 kB received in 95 ms and written in 5, then a thumbnail made in 3 s.
	const phases = {queuedMs: 0, retryMs: 0, setupMs: 0, connectMs: 0, sendMs: 0, waitMs: 20, receiveMs: 95, writeMs: 5};
	const cells = rowCells(image({status: 'done', attempt: 1, startMs: 0, firstByteMs: 20, endMs: 3120, bytes: 100_000, transferred: 100_000, total: 100_000, ttfbMs: 20, phases}), columns, 3200);
	assert.equal(cells.speed.trim(), '1 MB/s');
	assert.equal(cells.time.trim(), '3.12s', 'its time is the whole of it');
});

test('row odd case: a failed image shows its reason in a word or two', () => {
	const cells = rowCells(image({status: 'failed', attempt: 1, startMs: 0, endMs: 30, code: 'ERR_IMGRACE_HTTP_STATUS', error: 'HTTP 404 Not Found'}), columns, 30);
	assert.equal(cells.tone, 'failed');
	assert.match(cells.bar, /^HTTP 404 Not Found\s*$/);
	assert.equal(width(cells.bar), columns.bar + columns.bytes + 1 + columns.speed + 1, 'spans bar, bytes and speed');
	assert.equal(shortReason('ERR_IMGRACE_IDLE_TIMEOUT', 'no data for 10s'), 'stalled');
	assert.equal(shortReason('ERR_IMGRACE_HTTP_STATUS', 'HTTP 503 Service Unavailable'), 'HTTP 503');
	const stalled = rowCells(image({status: 'failed', code: 'ERR_IMGRACE_IDLE_TIMEOUT', error: 'no data for 10s'}), columns, 0);
	assert.match(stalled.bar, /^stalled · no data for 10s/);
	// Where the word and the words do not both fit, the words whole: the word only repeats them.
	const reason = 'body cut short (1000 of 64432 bytes)';
	const cut = rowCells(image({status: 'failed', code: 'ERR_IMGRACE_TRUNCATED', error: reason}), columns, 0);
	assert.ok(width(`truncated · ${reason}`) > width(cut.bar), 'the test needs a reason that does not fit with its word');
	assert.equal(cut.bar.trim(), reason);
});

test('row: retries are visible while retrying and after', () => {
	const waiting = rowCells(image({status: 'running', attempt: 2, retries: 1, startMs: 0, code: 'ERR_IMGRACE_TRUNCATED', error: 'body cut short'}), columns, 50);
	assert.equal(waiting.tone, 'retrying');
	assert.equal(waiting.bytes.trim(), 'retry: truncated');
	assert.equal(waiting.retry.trim(), '↻1');
	const done = rowCells(image({status: 'done', retries: 2, startMs: 0, endMs: 10, bytes: 5, width: 1, height: 1}), columns, 10);
	assert.equal(done.retry.trim(), '↻2');
});

test('row odd case: aborted rows say whether they had started', () => {
	assert.match(rowCells(image({status: 'aborted', startMs: 5}), columns, 10).bar, /^aborted/);
	assert.match(rowCells(image({status: 'aborted'}), columns, 10).bar, /^not started/);
});

test('collapsed lines count what they hide', () => {
	assert.equal(hiddenLine({done: 37, failed: 2, aborted: 0, running: 0, queued: 0}, 'before'), '✓ 37 done · ✗ 2 failed');
	assert.equal(hiddenLine({done: 0, failed: 0, aborted: 0, running: 3, queued: 150}, 'after'), '… 3 in flight · 150 queued');
});

function session(count: number): {state: SessionState; snapshotter: Snapshotter} {
	return {state: newSession({imageCount: count, concurrency: 8}), snapshotter: new Snapshotter(labelsForWork(registry, undefined))};
}

function screenLines(screen: ScreenView): number {
	const [a, b] = screen.panels.map(panel => 1 + (panel.empty ? 1 : 0) + (panel.before ? 1 : 0) + panel.rows.length + (panel.after ? 1 : 0));
	return (screen.arrangement === 'stacked' ? a! + b! : Math.max(a!, b!)) + (screen.summary ? (screen.summary.variant === 'verdict' ? 1 : (screen.summary.variant === 'full' ? screen.summary.view.rows.length : screen.summary.view.compactRows.length) + 2) : 0) + 1;
}

test('screen: 200 images at 80x24 stay within 23 lines, in flight and at the end', () => {
	const {state, snapshotter} = session(200);
	const seq = new EventScript('sequential', 200);
	for (let index = 0; index < 120; index++) {
		seq.image(index, 1000, index * 10, (index * 10) + 10);
	}

	seq.at(1200).started(120).at(1205).firstByte(120, 1000);
	for (const event of seq.events) {
		reduceSession(state, event);
	}

	const running = buildScreen(snapshotter.take(state, 2200), undefined, {columns: 80, rows: 24});
	assert.equal(running.arrangement, 'stacked');
	assert.ok(screenLines(running) <= 23, `${screenLines(running)} lines`);
	assert.equal(running.height, screenLines(running));
	const panel = running.panels[0]!;
	assert.ok(panel.rows.some(row => row.tone === 'running'), 'the in-flight row shows');
	assert.match(panel.before ?? '', /✓ \d+ done/);
	assert.match(panel.after ?? '', /queued/);

	const folded = seq.events.length;
	seq.at(1210).progress(120, 1000, 1000).done(120, 1000);
	for (let index = 121; index < 200; index++) {
		seq.image(index, 1000, index * 10, (index * 10) + 10);
	}

	seq.at(2000).finished();
	const par = new EventScript('parallel', 200, {concurrency: 8});
	for (let index = 0; index < 200; index++) {
		par.image(index, 1000, Math.floor(index / 8) * 10, (Math.floor(index / 8) * 10) + 10);
	}

	par.at(250).finished();
	for (const event of [...seq.events.slice(folded), ...par.events]) {
		reduceSession(state, event);
	}

	const summary = summaryOf(state);
	const end = buildScreen(snapshotter.take(state, 5000), summary, {columns: 80, rows: 24});
	assert.ok(end.summary, 'the summary shows');
	assert.ok(screenLines(end) <= 23, `${screenLines(end)} lines`);
	assert.equal(end.height, screenLines(end));
	assert.ok(end.panels.every(p => p.rows.some(row => row.tone === 'done')), 'both panels keep a few ✓ rows');
});

test('screen: narrow terminals stack the panels, wide ones put them side by side', () => {
	const {state, snapshotter} = session(10);
	const snapshot = snapshotter.take(state, 0);
	const narrow = buildScreen(snapshot, undefined, {columns: 80, rows: 24});
	const wide = buildScreen(snapshot, undefined, {columns: 160, rows: 48});
	assert.equal(narrow.arrangement, 'stacked');
	assert.equal(narrow.panels[0]!.width, 80);
	assert.equal(wide.arrangement, 'side-by-side');
	assert.equal(wide.panels[0]!.width, 79);
	assert.equal(narrow.panels[1]!.title, 'Parallel ×8');
	assert.match(narrow.panels[0]!.empty ?? '', /press s/);
});

test('screen: the parallel header notes a changed concurrency for the next run', () => {
	const {state, snapshotter} = session(10);
	for (const event of new EventScript('parallel', 10, {concurrency: 8}).at(0).started(0).events) {
		reduceSession(state, event);
	}

	reduceSession(state, {type: 'concurrency-stepped', delta: 1});
	const screen = buildScreen(snapshotter.take(state, 1500), undefined, {columns: 80, rows: 24});
	assert.equal(screen.panels[1]!.title, 'Parallel ×8');
	assert.equal(screen.panels[1]!.note, 'next ×9');
	assert.equal(screen.panels[1]!.state, 'running');
	assert.equal(screen.panels[1]!.elapsed, '500ms');
});

test('where the images went: the folders of the strategies that saved an image, under their parent', () => {
	const {state, snapshotter} = session(2);
	assert.equal(savedLine(snapshotter.take(state, 0)), undefined, 'nothing before a run');
	// EventScript's runs write into /tmp/fake; the engine's into <out>/<strategy>.
	for (const event of new EventScript('sequential', 2).image(0, 10, 0, 10).image(1, 10, 10, 20).finished().events) {
		reduceSession(state, event.type === 'run-started' ? {...event, outDir: 'images/sequential'} : event);
	}

	assert.equal(savedLine(snapshotter.take(state, 100)), 'saved in images/: sequential/');
	const parallel = new EventScript('parallel', 2, {concurrency: 2}).at(0).started(0).started(1).failed(1).image(0, 10, 10, 20).events;
	const firstDone = parallel.findIndex(event => event.type === 'image-done');
	for (const event of parallel.slice(0, firstDone)) {
		reduceSession(state, event.type === 'run-started' ? {...event, outDir: 'images/parallel'} : event);
	}

	assert.equal(savedLine(snapshotter.take(state, 200)), 'saved in images/: sequential/', 'a folder with nothing saved in it is not named');
	for (const event of parallel.slice(firstDone)) {
		reduceSession(state, event);
	}

	assert.equal(savedLine(snapshotter.take(state, 300)), 'saved in images/: sequential/ parallel/');
	assert.equal(savedLine(snapshotter.take(state, 300), 30), 'saved in images/ (2 folders)', 'counted where the names do not fit');
});

test('a session whose runs saved nothing says so, not which folders were made', () => {
	const {state, snapshotter} = session(2);
	for (const event of new EventScript('parallel', 2, {concurrency: 2}).at(0).started(0).started(1).failed(0).failed(1).finished().events) {
		reduceSession(state, event.type === 'run-started' ? {...event, outDir: 'images/parallel'} : event);
	}

	assert.equal(savedLine(snapshotter.take(state, 100)), 'no image saved: every one failed or was aborted');
});

test('a run whose workers are starting says so in its header until they are ready', () => {
	const state = newSession({imageCount: 4, concurrency: 0, strategies: ['threads']});
	const snapshotter = new Snapshotter(labelsForWork(registry, undefined));
	const threads = new EventScript('threads', 4, {concurrency: 2});
	const say = (ready: boolean) => ({type: 'run-workers', runId: threads.runId, at: 1010, workers: 2, ready} as const);
	for (const event of [...threads.events, say(false)]) {
		reduceSession(state, event);
	}

	const panelOf = (now: number) => buildScreen(snapshotter.take(state, now), undefined, {columns: 80, rows: 24}).panels.find(panel => panel.strategy === 'threads')!;
	assert.equal(panelOf(1020).note, 'starting 2 workers…');
	reduceSession(state, say(true));
	assert.equal(panelOf(1030).note, undefined, 'ready: nothing more to say');
});

test('at 60 columns a header keeps its progress whole: the note gives way first', () => {
	const state = newSession({imageCount: 30, concurrency: 30, strategies: ['processes', 'threads']});
	const snapshotter = new Snapshotter(labelsForWork(registry, undefined));
	const processes = new EventScript('processes', 30, {concurrency: 30});
	for (let index = 0; index < 16; index++) {
		processes.at(100).started(index).done(index, 1000);
	}

	for (const event of [...processes.events, {type: 'run-workers', runId: processes.runId, at: 1010, workers: 30, ready: false} as const]) {
		reduceSession(state, event);
	}

	const panelAt = (columns: number) => buildScreen(snapshotter.take(state, 3120), undefined, {columns, rows: 20}).panels.find(panel => panel.strategy === 'processes')!;
	const narrow = panelAt(60);
	assert.equal(narrow.progress, '16/30');
	// "Processes ×30 (" … ")  ⠸ running  2.12s  16/30": 41 columns besides the note.
	assert.equal(narrow.note, 'starting 30 worker…');
	assert.equal(headerWidth(narrow) + width(narrow.note!) + 3, 60);
	assert.equal(panelAt(80).note, 'starting 30 workers…', 'whole where it fits');
	assert.equal(fitNote('starting 30 workers…', narrow, 48), undefined, 'too short to say anything: none');
});
