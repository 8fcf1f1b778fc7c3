import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {EngineEvent} from '../source/engine/events.js';
import {imageUrl} from '../source/server/image-server.js';
import {withTempDir} from './helpers/events.js';
import {race} from './helpers/race.js';
import {withServer} from './helpers/server.js';

type Done = Extract<EngineEvent, {type: 'image-done'}>;

test('parallel: a thumbnail\'s phase is its own work; the turns the other images\' work took on the one thread are its queue', {timeout: 60_000}, async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const events: EngineEvent[] = [];
		const urls = Array.from({length: 4}, (_, index) => imageUrl(server.url, index));
		// Enough repeats that each thumbnail is many slices long, so the four interleave on the thread.
		await race({strategy: 'parallel', asked: 4, urls, folder: dir, work: {name: 'thumbnail', size: 64, repeat: 12}, onEvent(event) {
			events.push(event);
		}});
		const done = events.filter((event): event is Done => event.type === 'image-done');
		assert.equal(done.length, 4);
		const started = events.find(event => event.type === 'run-started')!.at;
		const finished = events.find(event => event.type === 'run-finished')!.at;
		const working = done.reduce((sum, event) => sum + (event.phases?.thumbnailMs ?? 0), 0);
		// One thread does all four thumbnails one slice at a time: their own work fits in the run. Counted
		// from each one's start to its end, every thumbnail's span held the other three's turns (~4x).
		assert.ok(working <= (finished - started) * 1.1, `the thumbnails' own work, ${working.toFixed(0)} ms, fits in the run's ${(finished - started).toFixed(0)} ms`);
		assert.ok(done.some(event => (event.phases?.workQueuedMs ?? 0) > 0), 'the turns they waited are their queue');
		for (const event of done) {
			const sum = Object.values(event.phases ?? {}).reduce((total, ms) => total + ms, 0);
			assert.ok(Math.abs(sum - (event.at - started)) <= 1, `image ${event.index}: the phases add up to its time (${sum.toFixed(2)} against ${(event.at - started).toFixed(2)})`);
		}
	}));
});
