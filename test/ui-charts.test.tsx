import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import React from 'react';
import {race, testRegistry} from './helpers/race.js';
import type {Runner} from '../source/engine/run-spec.js';
import {imageUrl, type ImageServer} from '../source/server/image-server.js';
import {createRegistry} from '../source/strategies/registry.js';
import App, {type QuitReason} from '../source/ui/app.js';
import {fakeRunner, uniformImages} from './helpers/fake-runner.js';
import {lineCount, renderAt, type Rendered} from './helpers/ink.js';
import {withServer} from './helpers/server.js';

const registry = testRegistry();

const quick = {latencyMs: 20, jitterMs: 0, bandwidth: 2_000_000};

function realRunner(server: ImageServer, count: number, folder: string): Runner {
	const urls = Array.from({length: count}, (_, index) => imageUrl(server.url, index));
	return async ({strategy, asked, signal, onEvent}) => race({strategy, asked, urls, folder: path.join(folder, strategy), ...(signal ? {signal} : {}), onEvent});
}

/** A race of both strategies against the embedded server, finished, on a terminal of `size`. */
async function withFinishedRace(size: {columns: number; rows: number}, fn: (app: Rendered) => Promise<void>): Promise<void> {
	await withServer(quick, async server => {
		const outDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-ui-charts-'));
		const quits: QuitReason[] = [];
		const count = 5;
		const app = renderAt(<App registry={registry} runner={realRunner(server, count, outDir)} imageCount={count} mode={['sequential', 'parallel']} asked={count} onQuit={reason => quits.push(reason)}/>, size);
		try {
			await app.waitFor(frame => /faster|no verdict/.test(frame) && /Parallel ×5\s+done/.test(frame), 'the race to finish', 20_000);
			await fn(app);
		} finally {
			await app.press('q');
			await app.waitFor(() => quits.length > 0, 'the app to quit');
			app.unmount();
			await rm(outDir, {recursive: true, force: true});
		}
	});
}

function assertFits(frame: string, size: {columns: number; rows: number}): void {
	assert.ok(lineCount(frame) <= size.rows - 1, `${lineCount(frame)} lines at ${size.columns}x${size.rows}`);
	const wide = frame.split('\n').filter(line => [...line].length > size.columns);
	assert.deepEqual(wide, [], `lines wider than ${size.columns}`);
}

for (const size of [{columns: 80, rows: 24}, {columns: 40, rows: 20}]) {
	test(`after a real race at ${size.columns}x${size.rows}: t shows the timeline on an axis in seconds, t again the panels`, async () => {
		await withFinishedRace(size, async app => {
			await app.press('t');
			const timeline = await app.waitFor(frame => /^Timeline/m.test(frame), 'the timeline');
			assert.match(timeline, /^seconds +0\.0+ +0\.\d+/m, 'an axis in seconds');
			assert.match(timeline, /^seq\S* #1 /m, 'a row of sequential');
			assert.match(timeline, /^par\S* #5 /m, 'a row of parallel');
			assert.match(timeline, /█/, 'transfers drawn');
			assert.doesNotMatch(timeline, /Sequential ×1\s+done/, 'in place of the panels');
			assertFits(timeline, size);
			await app.press('t');
			const back = await app.waitFor(frame => /Sequential ×1\s+done/.test(frame), 'the panels again');
			assert.doesNotMatch(back, /^Timeline/m);
			assertFits(back, size);
		});
	});
}

test('after a real race at 80x24: h shows per-image time and time to first byte with p50/p90/p99; Esc returns', async () => {
	const size = {columns: 80, rows: 24};
	await withFinishedRace(size, async app => {
		assert.match(app.frame(), /t timeline {2}h histogram/, 'the footer names the chart keys');
		await app.press('h');
		const histogram = await app.waitFor(frame => /^Histogram/m.test(frame), 'the histograms');
		for (const strategy of ['sequential', 'parallel']) {
			assert.match(histogram, new RegExp(`Per-image time · ${strategy} +Time to first byte · ${strategy}`));
		}

		// Each histogram's marks, on one line or wrapped onto two when its half of the screen is narrow.
		for (const mark of ['p50', 'p90', 'p99']) {
			assert.equal(histogram.match(new RegExp(`${mark} \\d[\\d.,]*m?s`, 'g'))?.length, 4, `${mark} beside each histogram`);
		}
		assert.match(histogram, /esc back/);
		assertFits(histogram, size);
		await app.press('\u001B');
		await app.waitFor(frame => /Sequential ×1\s+done/.test(frame) && !/^Histogram/m.test(frame), 'Esc back to the panels');
		await app.press('h');
		await app.waitFor(frame => /^Histogram/m.test(frame), 'the histograms again');
		await app.press('h');
		await app.waitFor(frame => /Sequential ×1\s+done/.test(frame), 'h again: back (one page at 80x24)');
	});
});

test('after a real race at 40x20: h cycles through the histogram pages, then back to the panels', async () => {
	const size = {columns: 40, rows: 20};
	await withFinishedRace(size, async app => {
		await app.press('h');
		const first = await app.waitFor(frame => /^Histogram · page 1\/2/m.test(frame), 'the first page');
		assert.match(first, /p50 .*p90 .*p99/);
		assertFits(first, size);
		await app.press('h');
		const second = await app.waitFor(frame => /^Histogram · page 2\/2/m.test(frame), 'the second page');
		assert.match(second, /parallel/);
		assertFits(second, size);
		await app.press('h');
		await app.waitFor(frame => /Sequential ×1\s+done/.test(frame), 'back to the panels after the last page');
	});
});

test('the timeline is live: it grows with the run in flight, and rerun keys still work while it is shown', async () => {
	const images = uniformImages(4, 200_000);
	const app = renderAt(<App registry={registry} runner={fakeRunner({images, latencyMs: 20, bytesPerSecond: 500_000})} imageCount={4} mode={['sequential']} asked={2}/>, {columns: 80, rows: 24});
	try {
		await app.waitFor(frame => /Sequential ×1 .*running/.test(frame), 'the run to start');
		await app.press('t');
		const early = await app.waitFor(frame => /^sequential #1 /m.test(frame), 'the live timeline');
		const row = (frame: string, image: number) => frame.split('\n').find(line => line.startsWith(`sequential #${image} `)) ?? '';
		// The axis reaches now, so the first image's bar shrinks to the left while later images fill in.
		await app.waitFor(frame => row(frame, 4) !== row(early, 4) && /█/.test(row(frame, 2)), 'later images drawn as the run goes on', 15_000);
		await app.waitFor(frame => /^sequential #4 .*█/m.test(frame), 'the last image transferred', 15_000);
		await app.press('p');
		await app.waitFor(frame => /^parallel #1 /m.test(frame), 'p runs parallel, which joins the timeline', 15_000);
	} finally {
		app.unmount();
	}
});

test('t and h are the chart keys: no strategy may take them', () => {
	assert.ok(registry.all.every(strategy => strategy.key !== 't' && strategy.key !== 'h'));
	for (const key of ['t', 'h']) {
		assert.throws(() => createRegistry([...registry.all, {...registry.named('parallel'), name: `clash-${key}`, key}]), /key '[th]' is taken/);
	}
});

for (const [key, quitKey, reason] of [['h', 'q', 'quit'], ['t', '\u0003', 'interrupted'], ['g', 'q', 'quit']] as const) {
	test(`quitting with ${reason === 'quit' ? 'q' : 'Ctrl+C'} while ${key} is shown leaves the race, its summary and verdict as the last frame`, async () => {
		const quits: QuitReason[] = [];
		const runner = fakeRunner({images: uniformImages(3, 5000), latencyMs: 2});
		const app = renderAt(<App registry={registry} runner={runner} imageCount={3} mode={['sequential', 'parallel']} asked={3} onQuit={why => quits.push(why)}/>, {columns: 80, rows: 24});
		try {
			await app.waitFor(frame => /Parallel ×3\s+done/.test(frame) && /→ /.test(frame), 'the race to finish');
			await app.press(key);
			await app.waitFor(frame => /^(?:Histogram|Timeline|Images)/m.test(frame), 'the chart');
			await app.press(quitKey);
			await app.waitFor(() => quits.length > 0, 'the app to quit');
			assert.deepEqual(quits, [reason]);
			const final = app.frame();
			assert.doesNotMatch(final, /^(?:Histogram|Timeline|Images)/m, 'no chart');
			assert.match(final, /Sequential ×1\s+done/);
			assert.match(final, /^Summary /m);
			assert.match(final, /^→ (?:\S+ [\d.]+× faster than|\S+ and \S+ even)/m, 'the verdict');
			assert.match(final, /^saved in /m);
		} finally {
			app.unmount();
		}
	});
}
