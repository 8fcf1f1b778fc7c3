import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import React from 'react';
import type {Runner} from '../source/engine/run-spec.js';
import {imageUrl} from '../source/server/image-server.js';
import App, {type QuitReason} from '../source/ui/app.js';
import {fakeRunner} from './helpers/fake-runner.js';
import {lineCount, renderAt} from './helpers/ink.js';
import {race, testRegistry} from './helpers/race.js';
import {withServer} from './helpers/server.js';

const registry = testRegistry();
/** What ink-picture draws with when it cannot draw real pictures: half-blocks, braille, or ASCII shades. */
const pictureCharacters = /[\u2580-\u259F\u2800-\u28FF]/gu;

test('g after a real race shows every image as a picture with its number, size and dimensions, a failed one its reason; Esc returns', {timeout: 60_000}, async () => {
	await withServer({latencyMs: 10, jitterMs: 0, bandwidth: 0}, async server => {
		const folder = await mkdtemp(path.join(os.tmpdir(), 'imgrace-ui-gallery-'));
		const urls = [imageUrl(server.url, 0), imageUrl(server.url, 1), `${server.url}/image/2.jpg?status=404`];
		const runner: Runner = async ({strategy, asked, signal, onEvent}) => race({strategy, asked, urls, folder: path.join(folder, strategy), ...(signal ? {signal} : {}), onEvent});
		const quits: QuitReason[] = [];
		const size = {columns: 100, rows: 40};
		const app = renderAt(<App registry={registry} runner={runner} imageCount={urls.length} mode={['sequential', 'parallel']} asked={3} onQuit={reason => quits.push(reason)}/>, size);
		try {
			await app.waitFor(frame => /no verdict|faster/.test(frame) && /Parallel ×3\s+done/.test(frame), 'the race to finish', 30_000);
			assert.match(app.frame(), /g images/, 'the footer names g');
			await app.press('g');
			const gallery = await app.waitFor(frame => (frame.match(pictureCharacters)?.length ?? 0) >= 200, 'the pictures', 20_000);
			assert.match(gallery, /^Images/m);
			assert.match(gallery, /^Sequential · .*sequential · 3 images/m);
			assert.match(gallery, /^Parallel · .*parallel · 3 images/m);
			assert.match(gallery, /#1 \d+(\.\d)? kB/);
			assert.match(gallery, /\b\d+×\d+\b/, 'dimensions under a picture');
			assert.match(gallery, /#3 ✗ failed/);
			assert.match(gallery, /HTTP 404/, 'the failed image says why in its cell');
			assert.doesNotMatch(gallery, /Sequential ×1\s+done/, 'in place of the panels');
			assert.ok(lineCount(gallery) <= size.rows - 1, `${lineCount(gallery)} lines`);
			assert.deepEqual(gallery.split('\n').filter(line => [...line].length > size.columns), []);
			await app.press('\u001B');
			await app.waitFor(frame => /Sequential ×1\s+done/.test(frame) && !/^Images/m.test(frame), 'the panels again');
		} finally {
			await app.press('q');
			await app.waitFor(() => quits.length > 0, 'the app to quit');
			app.unmount();
			await rm(folder, {recursive: true, force: true});
		}
	});
});

test('g during a run decodes nothing: a done image waits for the run to end', {timeout: 30_000}, async () => {
	const quits: QuitReason[] = [];
	// The first image is done at once, the others take seconds: a run in flight with a picture to show.
	const runner = fakeRunner({images: [{bytes: 2000}, {bytes: 300_000}, {bytes: 300_000}], bytesPerSecond: 100_000});
	const app = renderAt(<App registry={registry} runner={runner} imageCount={3} mode={['parallel']} asked={3} onQuit={reason => quits.push(reason)}/>, {columns: 100, rows: 40});
	try {
		await app.waitFor(frame => /1 ✓ \S+ 2 kB/.test(frame) && !/Parallel ×3\s+done/.test(frame), 'the first image done, the run going');
		await app.press('g');
		await app.waitFor(frame => /^Images/m.test(frame) && /after the run/.test(frame), 'the gallery');
		// Long enough for a preview to be tried, were it not held back: the fake runner writes no files, so any try says ENOENT.
		await sleep(500);
		assert.match(app.frame(), /after the run/);
		assert.doesNotMatch(app.frame(), /ENOENT|no such file/);
		await app.waitFor(frame => /ENOENT|no such file/.test(frame), 'the picture tried once the run is over', 20_000);
	} finally {
		await app.press('q');
		await app.waitFor(() => quits.length > 0, 'the app to quit');
		app.unmount();
	}
});
