import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import React from 'react';
import {parseRaceConfig} from '../source/config/parse-options.js';
import {bindRunner} from '../source/entry/bind-runner.js';
import {race, testRegistry} from './helpers/race.js';
import type {Runner} from '../source/engine/run-spec.js';
import {imageUrl, type ImageServer} from '../source/server/image-server.js';
import App, {type AppProps, type QuitReason} from '../source/ui/app.js';
import {holdable} from './helpers/held-runner.js';
import {renderAt, type Rendered} from './helpers/ink.js';
import {withServer} from './helpers/server.js';

const registry = testRegistry();
const spinner = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const quick = {latencyMs: 20, jitterMs: 0, bandwidth: 2_000_000};

function realRunner(server: ImageServer, count: number, folder: string): Runner {
	const urls = Array.from({length: count}, (_, index) => imageUrl(server.url, index));
	return async ({strategy, asked, signal, onEvent}) => race({strategy, asked, urls, folder: path.join(folder, strategy), ...(signal ? {signal} : {}), onEvent});
}

/** Render the App against the embedded server with small latency, in a temp folder removed afterwards. */
async function withApp(
	options: {
		count: number;
		concurrency: number;
		mode?: AppProps['mode'];
		server?: typeof quick;
		size?: {columns: number; rows: number};
		/** Default realRunner. */
		runner?: (server: ImageServer, count: number, folder: string) => Runner;
	},
	fn: (app: Rendered, context: {folder: string; quits: QuitReason[]}) => Promise<void>,
): Promise<void> {
	await withServer(options.server ?? quick, async server => {
		const outDir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-ui-'));
		const quits: QuitReason[] = [];
		const app = renderAt(
			<App
				registry={registry}
				runner={(options.runner ?? realRunner)(server, options.count, outDir)}
				imageCount={options.count}
				mode={options.mode ?? ['sequential', 'parallel']}
				asked={options.concurrency}
				onQuit={reason => quits.push(reason)}
			/>,
			options.size ?? {columns: 80, rows: 24},
		);
		try {
			await fn(app, {folder: outDir, quits});
		} finally {
			if (quits.length === 0) {
				await app.press('q');
				await app.waitFor(() => quits.length > 0, 'the app to quit');
			}

			app.unmount();
			await rm(outDir, {recursive: true, force: true});
		}
	});
}

// Either may win on a loaded machine: the verdict is there when it names a winner.
const summaryShown = (frame: string) => /(?:parallel×\d+|sequential) [0-9.]+(?: ± [0-9.]+)?× faster than/.test(frame);

test('the real race ends in the summary; p reruns parallel and the summary gains a spread', async () => {
	await withApp({count: 6, concurrency: 6}, async app => {
		const first = await app.waitFor(summaryShown, 'the first summary', 20_000);
		assert.match(first, /Sequential ×1\s+done/);
		assert.match(first, /Parallel ×6\s+done/);
		assert.match(first, /✓/);
		await app.press('p');
		await app.waitFor(frame => /Parallel ×6\s+\S+ running/.test(frame) && spinner.test(frame), 'parallel running again', 2000);
		assert.match(app.frame(), /Sequential ×1\s+done/, 'sequential untouched');
		const second = await app.waitFor(frame => /Parallel ×6\s+done/.test(frame) && /\(2 runs\)/.test(frame), 'the rerun in the summary', 20_000);
		// A verdict with its spread; on a loaded machine the spread of the two parallel runs may be too wide to call.
		assert.match(second.replaceAll(/\n +/g, ' '), /(parallel×6|sequential) [0-9.]+ ± [0-9.]+× faster than (sequential|parallel×6)|cannot tell (parallel×6|sequential) from (sequential|parallel×6) apart: [0-9.]+ ± [0-9.]+×/);
		// The verdict wraps under the table: its lines read as one.
		assert.match(second.replaceAll(/\n +/g, ' '), /means of (2 runs and 1 run: parallel \S+ vs sequential|1 run and 2 runs: sequential \S+ vs parallel) \S+/, 'the runs behind each mean, each time named');
	});
});

test('s reruns sequential; r reruns both, sequential first', async () => {
	await withApp({count: 4, concurrency: 4}, async app => {
		await app.waitFor(summaryShown, 'the first summary', 20_000);
		await app.press('s');
		await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'sequential running', 2000);
		await app.waitFor(frame => /Sequential ×1\s+done/.test(frame) && /\(2 runs\)/.test(frame), 'the sequential rerun done', 20_000);
		await app.press('r');
		const both = await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'both: sequential first', 2000);
		assert.match(both, /Parallel ×4\s+waiting/);
		await app.waitFor(frame => /Sequential ×1\s+done/.test(frame) && /Parallel ×4\s+done/.test(frame) && /means of (2 runs and 3 runs|3 runs and 2 runs)/.test(frame.replaceAll(/\n +/g, ' ')), 'both reruns done', 20_000);
	});
});

test('+ and - change the next parallel run, within 1..count, as the footer says', async () => {
	await withApp({count: 3, concurrency: 2}, async app => {
		await app.waitFor(summaryShown, 'the first summary', 20_000);
		await app.press('+');
		await app.waitFor(frame => /\+\/- ×3 \(max\)/.test(frame) && /Parallel ×2 \(next ×3\)/.test(frame), 'concurrency 3 announced');
		await app.press('+');
		await app.waitFor(frame => /\+\/- ×3 \(max\)/.test(frame), 'still 3: the image count is the limit');
		await app.press('p');
		await app.waitFor(frame => /Parallel ×3\s+done/.test(frame), 'a parallel run at ×3', 20_000);
		await app.press('---');
		await app.waitFor(frame => /\+\/- ×1\s/.test(frame) && /next ×1/.test(frame), 'down to 1, never 0');
	});
});

test('a key during a run aborts it cleanly before the next starts', async () => {
	// Slow enough that the sequential run is still in flight when p is pressed.
	await withApp({count: 8, concurrency: 8, server: {latencyMs: 150, jitterMs: 0, bandwidth: 2_000_000}}, async (app, {folder: outDir}) => {
		await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame) && /✓/.test(frame), 'sequential under way', 10_000);
		await app.press('p');
		const frame = await app.waitFor(current => /Sequential ×1\s+aborted/.test(current) && /Parallel ×8\s+\S+ running/.test(current), 'sequential aborted, parallel running', 5000);
		assert.match(frame, /✓/, 'the images finished before the abort stay done');
		await app.waitFor(current => /Parallel ×8\s+done/.test(current), 'parallel done', 20_000);
		const leftovers = (await readdir(path.join(outDir, 'sequential'))).filter(name => !/^\d+\.(jpg|png)$/.test(name) && name !== '.imgrace-manifest.json');
		assert.deepEqual(leftovers, [], 'no temp files left by the aborted run');
	});
});

test('q quits: the run in flight is aborted, the final frame keeps the panels and drops the keys', async () => {
	await withApp({count: 30, concurrency: 4, server: {latencyMs: 100, jitterMs: 0, bandwidth: 2_000_000}}, async (app, {quits}) => {
		await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'a run in flight');
		await app.press('q');
		await app.waitFor(() => quits.length > 0, 'the app to quit', 5000);
		assert.deepEqual(quits, ['quit']);
		const final = app.frame();
		assert.match(final, /Sequential ×1\s+aborted/);
		assert.doesNotMatch(final, /q quit/, 'no key legend after exit');
		assert.doesNotMatch(final, spinner, 'nothing spins after exit');
	});
});

test('q after the race leaves the summary on screen, and where the images went in the keys\' place', async () => {
	await withApp({count: 3, concurrency: 3}, async (app, {folder: outDir, quits}) => {
		await app.waitFor(summaryShown, 'the summary', 20_000);
		await app.press('q');
		await app.waitFor(() => quits.length > 0, 'the app to quit', 5000);
		assert.ok(summaryShown(app.frame()), 'the final frame has the verdict');
		assert.match(app.frame(), /wall time/);
		const last = app.frame().split('\n').at(-1)!;
		// Cut to the width with an ellipsis when the temporary folder's path is long.
		assert.ok(`saved in ${outDir}/: sequential/ parallel/`.startsWith(last.replace(/…$/, '')) && last.startsWith('saved in '), last);
	});
});

test('Ctrl+C quits like q, but as interrupted: a script can tell (exit 130)', async () => {
	await withApp({count: 30, concurrency: 4, server: {latencyMs: 100, jitterMs: 0, bandwidth: 2_000_000}}, async (app, {quits}) => {
		await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'a run in flight');
		await app.press('\u0003');
		await app.waitFor(() => quits.length > 0, 'the app to quit', 5000);
		assert.deepEqual(quits, ['interrupted']);
		assert.match(app.frame(), /Sequential ×1\s+aborted/);
	});
});

/** The runner the CLI binds (entry/bind-runner.ts: the run's folder is made first, raced against the signal). */
function boundRunner(server: ImageServer, count: number, out: string): Runner {
	const urls = Array.from({length: count}, (_, index) => imageUrl(server.url, index));
	return bindRunner(parseRaceConfig({count: String(count), out}, registry), {urls, ca: undefined, signal: new AbortController().signal, registry});
}

for (const [key, name] of [['\u0003', 'Ctrl+C'], ['p', 'p']] as const) {
	test(`${name} before the first run has started: that run is aborted, not failed, and no error line shows`, async () => {
		let release = () => {};
		const runner = (server: ImageServer, count: number, outDir: string) => {
			const held = holdable(boundRunner(server, count, outDir));
			held.hold();
			release = held.release;
			return held.runner;
		};

		await withApp({count: 3, concurrency: 0, runner}, async (app, {quits}) => {
			await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'sequential handed to the runner');
			await app.press(key);
			release();
			const end = key === 'p'
				? await app.waitFor(frame => /Parallel ×3\s+done/.test(frame), 'parallel run after the abort', 20_000)
				: await app.waitFor(() => quits.length > 0, 'the app to quit', 5000);
			assert.match(end, /Sequential ×1\s+aborted/);
			assert.match(end, /aborted before it started/);
			assert.doesNotMatch(end, /error|operation was aborted/i);
			assert.deepEqual(quits, key === 'p' ? [] : ['interrupted']);
		});
	});
}
