import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {Text} from 'ink';
import React from 'react';
import type {Runner} from '../source/engine/run-spec.js';
import {unicodeGlyphs} from '../source/format/glyphs.js';
import {applyEvent, createRunRecord} from '../source/model/run-record.js';
import {imageUrl} from '../source/server/image-server.js';
import App, {type QuitReason} from '../source/ui/app.js';
import GalleryView from '../source/ui/components/gallery-view.js';
import type {PictureModule} from '../source/ui/hooks/use-gallery.js';
import {galleryScreen} from '../source/view/gallery.js';
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

test('a picture being drawn shows its caption\'s number in its place, never the internal key', () => {
	const runId = '044f770f';
	const record = createRunRecord({type: 'run-started', runId, at: 0, strategy: 'parallel', role: 'event-loop', concurrency: 1, client: 'got', urls: ['http://127.0.0.1:1/image/0.jpg'], outDir: 'out/parallel', work: 'thumbnail'});
	applyEvent(record, {type: 'image-started', runId, at: 1, index: 0, url: 'http://127.0.0.1:1/image/0.jpg'});
	applyEvent(record, {type: 'image-done', runId, at: 2, index: 0, url: 'http://127.0.0.1:1/image/0.jpg', bytes: 72_500, path: 'out/parallel/001.jpg', contentType: 'image/jpeg', width: 800, height: 600, ttfbMs: 1, totalMs: 1, retries: 0});
	const screen = galleryScreen({runs: [{title: 'Parallel', record}], columns: 60, height: 20, page: 0, glyphs: unicodeGlyphs});
	const pictures = screen.sections[0]!.rows[0]![0]!.pictures;
	// As ink-picture does until its picture is decoded: the alt text, in the picture's box.
	const pictureModule = {default: ({alt}: {readonly alt?: string}) => <Text>{alt}</Text>} as unknown as PictureModule;
	const previews = new Map(pictures.map(picture => [picture.key, {data: Buffer.alloc(0)}]));
	const app = renderAt(<GalleryView screen={screen} pictures={pictureModule} previews={previews} busy={false} ascii={false} width={60}/>, {columns: 60, rows: 20});
	try {
		const frame = app.frame();
		assert.equal(frame.match(/^#1 *#1 *$/m)?.length, 1, `the original and its thumbnail say #1:\n${frame}`);
		assert.doesNotMatch(frame, /044f770f|:0:|orig|inal|thumbnail/);
	} finally {
		app.unmount();
	}
});
