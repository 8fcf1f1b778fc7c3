import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {EngineEvent} from '../source/engine/events.js';
import {imageUrl} from '../source/server/image-server.js';
import {listFiles, withTempDir} from './helpers/events.js';
import {race} from './helpers/race.js';
import {withServer} from './helpers/server.js';

for (const strategy of ['parallel', 'threads', 'processes', 'pipeline'] as const) {
	test(`${strategy}: a run stopped while images are being worked on leaves only the files of the images it counts as done`, {timeout: 60_000}, async () => {
		await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
			const events: EngineEvent[] = [];
			const stop = new AbortController();
			const urls = Array.from({length: 4}, (_, index) => imageUrl(server.url, index));
			// Many repeats: each thumbnail takes long enough for the stop to land while one is being made.
			await race({strategy, asked: 2, urls, folder: dir, signal: stop.signal, work: {name: 'thumbnail', size: 64, repeat: 400}, onEvent(event) {
				events.push(event);
				if (event.type === 'image-work' && event.stage === 'working') {
					stop.abort();
				}
			}});
			const done = events.filter((event): event is Extract<EngineEvent, {type: 'image-done'}> => event.type === 'image-done');
			const kept = done.flatMap(event => {
				const name = event.path.split('/').at(-1)!;
				return [name, name.replace(/\.\w+$/, '.thumb.jpg')];
			});
			assert.ok(events.some(event => event.type === 'image-work' && event.stage === 'working'), 'the stop came while an image was being worked on');
			assert.ok(done.length < urls.length, 'the stop ended the run before every image was done');
			assert.deepEqual(await listFiles(dir), kept.toSorted(), 'the images counted as aborted left nothing, not even their downloads');
		}));
	});
}
