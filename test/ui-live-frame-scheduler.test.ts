import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {createFrameScheduler, publishGapMs} from '../source/ui/live/frame-scheduler.js';
import type {ImageView, RunView} from '../source/view/snapshot.js';
import {EventScript} from './helpers/fake-runner.js';
import {labelsForWork} from '../source/ui/live/strategy-labels.js';
import {fakeTime, settled} from './helpers/fake-time.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();
/** The classic pair's panels, as a race with no --mode shows them. */
const panels = {strategies: registry.parseModes('both'), labels: labelsForWork(registry, undefined)};

function row(run: RunView, index: number): ImageView | undefined {
	return run.ranked.find(image => image.index === index);
}

/** Poll until `check` holds, or fail after `timeoutMs`: no assumption about which timer runs first. */
async function until(check: () => boolean, description: string, timeoutMs = 5000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
		}

		await sleep(2);
	}
}

test('frame scheduler: thousands of progress events publish a handful of snapshots', async () => {
	const store = createFrameScheduler({...panels, imageCount: 1, concurrency: 1, fps: 25});
	let published = 0;
	// The publish (counted from 1) whose snapshot first holds every progress event.
	let finalAt: number | undefined;
	const unsubscribe = store.subscribe(() => {
		published++;
		const run = store.getSnapshot().strategies[0]!.run;
		if (finalAt === undefined && run && row(run, 0)?.transferred === 5_000_000) {
			finalAt = published;
		}
	});
	const script = new EventScript('sequential', 1).at(0).started(0).at(1).firstByte(0, 10_000_000);
	for (const event of script.events) {
		store.dispatch(event);
	}

	assert.equal(published, 0, 'nothing is published inside dispatch');
	await until(() => published >= 1, 'run-started to publish');
	assert.equal(store.getSnapshot().strategies[0]!.run?.state, 'running', 'the run-started snapshot shows the run');
	const afterStart = published;
	for (let chunk = 1; chunk <= 5000; chunk++) {
		store.dispatch({type: 'image-progress', runId: script.runId, at: 1001 + chunk, index: 0, transferred: chunk * 1000, total: 10_000_000});
	}

	assert.equal(published, afterStart, 'nothing is published per event');
	await until(() => finalAt !== undefined, 'a snapshot with the last progress event');
	// Dispatched in one go, the 5,000 events are all in the next snapshot, whenever the tick comes.
	assert.equal(finalAt! - afterStart, 1, 'one snapshot for 5,000 events');
	assert.equal(row(store.getSnapshot().strategies[0]!.run!, 0)?.transferred, 5_000_000);
	unsubscribe();
	store.close();
});

test('frame scheduler: frames keep to their share of the thread, 5% while the engine is saturated', () => {
	assert.equal(publishGapMs(0, false), 0, 'free frames: as often as the fps allows');
	assert.equal(publishGapMs(10, false), 40, 'calm: a 10 ms frame at most every 40 ms');
	assert.equal(publishGapMs(5, true), 250, 'saturated: never more than 4 frames a second');
	assert.equal(publishGapMs(25, true), 500, 'saturated: a 25 ms frame every 500 ms');
	assert.equal(publishGapMs(400, true), 1000, 'the screen still moves once a second');
	assert.equal(publishGapMs(400, false), 1000);
});

test('frame scheduler: costly frames are published less often while events pour in', async t => {
	// On a fake clock the test moves: each publish "costs" 40 ms (the listener moves the clock on), and each
	// 50 ms of the 4 s, 200 events arrive (4,000 a second: saturated) or 2 (calm).
	const time = fakeTime(t, ['setInterval']);
	let frameCosts = 0;
	const clock = () => time.now() + frameCosts;
	const publishesOver = async (eventsPerStep: number) => {
		const store = createFrameScheduler({...panels, imageCount: 1, concurrency: 1, fps: 1000, clock});
		let published = 0;
		store.subscribe(() => {
			published++;
			frameCosts += 40;
		});
		const script = new EventScript('sequential', 1).at(clock()).started(0).at(clock()).firstByte(0, 1e9);
		for (const event of script.events) {
			store.dispatch(event);
		}

		store.flush();
		published = 0;
		const startedAt = clock();
		let transferred = 0;
		while (clock() - startedAt < 4000) {
			for (let event = 0; event < eventsPerStep; event++) {
				store.dispatch({type: 'image-progress', runId: script.runId, at: clock(), index: 0, transferred: ++transferred, total: 1e9});
			}

			await time.advanceAsync(50);
		}

		store.close();
		return published;
	};

	// 40 ms frames: saturated, one per 800 ms of the 4 s (5% of the thread); calm, one per 160 ms (25%).
	const saturated = await publishesOver(200);
	const calm = await publishesOver(2);
	assert.ok(saturated >= 4 && saturated <= 5, `${saturated} publishes in 4 s while saturated`);
	assert.ok(calm >= 24 && calm <= 26, `${calm} publishes in 4 s while calm`);
});

test('frame scheduler: the end of a run is published without waiting for a tick, and ticking stops when idle', async t => {
	const time = fakeTime(t, ['setInterval']);
	const store = createFrameScheduler({...panels, imageCount: 1, concurrency: 1, fps: 1, clock: time.now});
	let published = 0;
	store.subscribe(() => {
		published++;
	});
	const script = new EventScript('sequential', 1).image(0, 100, 0, 10).finished();
	for (const event of script.events) {
		store.dispatch(event);
	}

	// The fake clock stands still: only the next turn of the event loop may publish it.
	await settled(() => store.getSnapshot().strategies[0]!.state === 'done', 'the finished run, before any tick at 1 fps');
	assert.equal(published, 1);
	time.advance(10_000);
	assert.equal(published, 1, 'no publishes while idle');
	store.close();
});

test('frame scheduler: snapshots share unchanged images and copy changed ones', () => {
	const store = createFrameScheduler({...panels, imageCount: 3, concurrency: 1});
	const script = new EventScript('sequential', 3).at(0).started(0).at(1).firstByte(0, 100);
	for (const event of script.events) {
		store.dispatch(event);
	}

	store.flush();
	const before = store.getSnapshot().strategies[0]!.run!;
	store.dispatch({type: 'image-progress', runId: script.runId, at: 1002, index: 0, transferred: 50, total: 100});
	store.flush();
	const after = store.getSnapshot().strategies[0]!.run!;
	assert.notEqual(row(after, 0), row(before, 0));
	assert.equal(row(after, 0)!.transferred, 50);
	assert.equal(row(before, 0)!.transferred, 0, 'an older snapshot never changes');
	assert.equal(row(after, 1), row(before, 1), 'unchanged rows are the same objects');
	assert.ok(Object.isFrozen(row(after, 0)));
	store.close();
});

test('frame scheduler: snapshots carry only the rows a screen could show, ranked, and the counts by status', () => {
	const count = 2000;
	const store = createFrameScheduler({...panels, imageCount: count, concurrency: 4});
	const script = new EventScript('parallel', count, {concurrency: 4});
	for (let index = 0; index < 1000; index++) {
		script.image(index, 100, index, index + 1);
	}

	script.at(2000).started(1000).started(1001);
	for (const event of script.events) {
		store.dispatch(event);
	}

	store.flush();
	const run = store.getSnapshot().strategies[1]!.run!;
	assert.equal(run.imageCount, count);
	assert.deepEqual(run.counts, {queued: 998, running: 2, done: 1000, failed: 0, aborted: 0});
	assert.ok(run.ranked.length <= 256, `${run.ranked.length} rows copied`);
	assert.deepEqual(run.ranked.slice(0, 4).map(image => image.index), [1000, 1001, 999, 998], 'in flight, then most recent');
	store.close();
});

test('a session\'s panels: what --mode names, in its order, then what it left out of the classic pair', async () => {
	const {panelsFor} = await import('../source/ui/hooks/use-live-session.js');
	assert.deepEqual(panelsFor(registry, ['pipeline', 'sequential']), ['pipeline', 'sequential', 'parallel']);
	assert.deepEqual(panelsFor(registry, ['parallel']), ['parallel', 'sequential'], 'a sequential panel to press s in');
	assert.deepEqual(panelsFor(registry, registry.parseModes('both')), ['sequential', 'parallel']);
	assert.deepEqual(panelsFor(registry, registry.parseModes('all')), registry.names());
});
