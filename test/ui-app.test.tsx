import assert from 'node:assert/strict';
import {test} from 'node:test';
import React from 'react';
import {glyphs} from '../source/format/glyphs.js';
import {spinnerOf} from '../source/format/spinner.js';
import App from '../source/ui/app.js';
import Footer from '../source/ui/components/footer.js';
import Header from '../source/ui/components/header.js';
import {fakeRunner, uniformImages, type FakeImage} from './helpers/fake-runner.js';
import {holdable} from './helpers/held-runner.js';
import {lineCount, renderAt} from './helpers/ink.js';
import type {Runner} from '../source/engine/run-spec.js';
import {fitNote} from '../source/view/panel-header.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

const spinner = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

test('rows appear with spinners, progress advances, then ✓ rows and the summary with the speedup', async () => {
	const images = uniformImages(6, 60_000);
	const app = renderAt(
		<App registry={registry} runner={fakeRunner({images, latencyMs: 10, bytesPerSecond: 400_000})} imageCount={6} mode={['sequential', 'parallel']} asked={3}/>,
		{columns: 80, rows: 24},
	);
	try {
		await app.waitFor(frame => /Sequential ×1 .*running/.test(frame) && spinner.test(frame), 'a running sequential row');
		const first = await app.waitFor(frame => /kB\/60 kB/.test(frame), 'bytes so far / total');
		const progressed = await app.waitFor(frame => frame !== first && /█/.test(frame), 'the bar to advance');
		assert.match(progressed, /Sequential ×1 .*running/, 'the bar moves while the run is in flight');
		assert.match(app.frame(), /·\s+░+ queued/, 'queued rows');
		const end = await app.waitFor(frame => /parallel×3 [0-9.]+× faster than sequential/.test(frame), 'the summary', 15_000);
		assert.match(end, /Sequential ×1\s+done/);
		assert.match(end, /Parallel ×3\s+done/);
		assert.match(end, /✓/);
		assert.match(end, /wall time/);
		assert.match(end, /throughput/);
		assert.match(end, /median\/p95\/max/);
		assert.match(end, /640×480|64×48/, 'dimensions of finished images');
		assert.match(end, /ttfb \d+ms/);
		assert.ok(lineCount(end) <= 23, `${lineCount(end)} lines at 80x24`);
		// At 80 columns the rerun keys go together: with g the keys named one by one would take 85.
		assert.match(end, /s p rerun\s+r both\s+\+\/- ×3\s+q quit\s+t timeline\s+h histogram\s+g images/, 'the footer shows the keys');
	} finally {
		app.unmount();
	}
});

test('failed images show ✗ and a short reason, retries show ↻, unknown sizes show ?', async () => {
	const images: FakeImage[] = [
		{bytes: 20_000},
		{bytes: 20_000, fail: {code: 'ERR_IMGRACE_HTTP_STATUS', reason: 'HTTP 404 Not Found'}},
		{bytes: 20_000, retries: 1},
		{bytes: 200_000, unknownTotal: true},
	];
	const app = renderAt(
		<App registry={registry} runner={fakeRunner({images, latencyMs: 5, bytesPerSecond: 400_000})} imageCount={4} mode={['sequential']} asked={2}/>,
		{columns: 100, rows: 30},
	);
	try {
		await app.waitFor(frame => /kB\/\?/.test(frame), 'an unknown total shown as ?');
		const end = await app.waitFor(frame => /Sequential ×1\s+done/.test(frame), 'the run to end');
		assert.match(end, /2 ✗ HTTP 404 Not Found/);
		assert.match(end, /3 ✓ .*↻1/);
		assert.match(end, /4\/4 · 1 failed/);
		assert.match(end, /not run yet · press p/);
		assert.doesNotMatch(end, /faster/, 'no summary with one strategy');
	} finally {
		app.unmount();
	}
});

test('narrow terminals stack the panels; wide ones put them side by side; resizing re-lays', async () => {
	const runner = fakeRunner({images: uniformImages(4, 10_000), latencyMs: 5});
	const app = renderAt(<App registry={registry} runner={runner} imageCount={4} mode={['sequential', 'parallel']} asked={2}/>, {columns: 80, rows: 24});
	try {
		await app.waitFor(frame => /faster/.test(frame), 'the summary');
		const lines = app.frame().split('\n');
		const sequentialLine = lines.findIndex(line => line.startsWith('Sequential'));
		const parallelLine = lines.findIndex(line => line.startsWith('Parallel'));
		assert.ok(sequentialLine >= 0 && parallelLine > sequentialLine, 'stacked: Parallel below Sequential');
		app.resize(160, 40);
		const wide = await app.waitFor(frame => /Sequential ×1.*Parallel ×2/.test(frame), 'side by side after a resize');
		assert.ok(wide.split('\n').every(line => [...line].length <= 160));
	} finally {
		app.unmount();
	}
});

test('200 images at 80x24: every frame fits the terminal, finished rows collapse into a count', async () => {
	const images = uniformImages(200, 2000);
	const app = renderAt(
		<App registry={registry} runner={fakeRunner({images, latencyMs: 1, bytesPerSecond: 2_000_000, progressHz: 200})} imageCount={200} mode={['sequential', 'parallel']} asked={16}/>,
		{columns: 80, rows: 24},
	);
	try {
		await app.waitFor(frame => /✓ \d+ done/.test(frame) && /… \d+ queued/.test(frame), 'collapsed counts above and below', 15_000);
		await app.waitFor(frame => /faster/.test(frame), 'the summary', 30_000);
		const frames = app.allFrames();
		const tallest = Math.max(...frames.map(frame => lineCount(frame)));
		assert.ok(tallest <= 23, `tallest of ${frames.length} frames: ${tallest} lines`);
		// The very first frame is rendered before the fake terminal is resized to 80 columns.
		assert.ok(frames.slice(1).every(frame => frame.split('\n').every(line => [...line].length <= 80)), 'no line wider than 80');
		assert.match(app.frame(), /200\/200/);
	} finally {
		app.unmount();
	}
});

test('a running header spins by itself (ink-spinner), a finished one does not', async () => {
	const {frames} = spinnerOf(glyphs);
	const header = (state: 'running' | 'done') => (
		<Header title={`Parallel ${glyphs.times}4`} state={state} elapsed="1.20s" progress="3/8" note={undefined} width={60}/>
	);
	const app = renderAt(header('running'), {columns: 60, rows: 10});
	try {
		const shown = (frame: string) => frames.find(candidate => frame.includes(`${candidate} running`));
		const first = shown(await app.waitFor(frame => shown(frame) !== undefined, 'a spinner frame before "running"'));
		// Nothing re-renders the header from outside: a new frame can only come from the spinner's timer.
		await app.waitFor(frame => shown(frame) !== undefined && shown(frame) !== first, 'the next spinner frame');
		assert.match(app.frame(), /^Parallel \S+4 {2}\S+ running {2}1\.20s {2}3\/8/);
		app.rerender(header('done'));
		const done = await app.waitFor(frame => /done/.test(frame), 'the done header');
		assert.ok(frames.every(frame => !done.includes(frame)), 'no spinner once done');
	} finally {
		app.unmount();
	}
});

test('the first frame shows the launch runs waiting, not "not run yet"', async () => {
	const app = renderAt(<App registry={registry} runner={fakeRunner({images: uniformImages(3, 5000), latencyMs: 5})} imageCount={3} mode={['sequential', 'parallel']} asked={0}/>, {columns: 80, rows: 24});
	try {
		await app.waitFor(frame => /faster/.test(frame), 'the summary');
		const first = app.allFrames().find(frame => frame.trim() !== '')!;
		assert.match(first, /Sequential ×1\s+(?:waiting|\S+ running)/, first);
		assert.match(first, /Parallel ×3\s+waiting/, first);
		assert.doesNotMatch(first, /not run yet/);
	} finally {
		app.unmount();
	}
});

test('r: the panels show the new runs coming, not the last runs\' rows, and the summary waits for their numbers', async () => {
	const held = holdable(fakeRunner({images: uniformImages(4, 5000), latencyMs: 5}));
	const app = renderAt(<App registry={registry} runner={held.runner} imageCount={4} mode={['sequential', 'parallel']} asked={0}/>, {columns: 80, rows: 24});
	try {
		await app.waitFor(frame => /faster/.test(frame), 'the first summary');
		held.hold();
		await app.press('r');
		const starting = await app.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame) && /Parallel ×4\s+waiting/.test(frame), 'the rerun handed to the runner');
		assert.match(starting, /starting…/);
		assert.match(starting, /4 images queued/);
		assert.doesNotMatch(starting, /✓/, 'no row of the last runs');
		assert.doesNotMatch(starting, /wall time|faster/, 'no numbers of the last runs');
		held.release();
		const end = await app.waitFor(frame => /Parallel ×4\s+done/.test(frame) && /means of 2 runs: /.test(frame.replaceAll(/\n +/g, ' ')), 'the summary of both rounds', 15_000);
		assert.match(end, /wall time/);
	} finally {
		app.unmount();
	}
});

test('a strategy whose run could not start says why in its own panel, each its own reason', async () => {
	const runner: Runner = async ({strategy}) => {
		throw new Error(`cannot create folder out/${strategy}: the file system is read-only (EROFS)`);
	};

	const app = renderAt(<App registry={registry} runner={runner} imageCount={3} mode={['sequential', 'parallel']} asked={3}/>, {columns: 80, rows: 24});
	try {
		const frame = await app.waitFor(text => (text.match(/not started/g) ?? []).length === 2, 'both panels saying why', 10_000);
		assert.match(frame, /^Sequential ×1 .*\n {2}✗ not started: cannot create folder out\/sequential: the file system is read-o/m);
		assert.match(frame, /^Parallel ×3 .*\n {2}✗ not started: cannot create folder out\/parallel: the file system is read-/m);
		assert.doesNotMatch(frame, /^error:/m, 'no error line that says only the last of them');
	} finally {
		app.unmount();
	}
});

test('Ctrl+C while a later strategy runs: the final verdict says only the finished one ran, not that it waits for another', async () => {
	const quits: string[] = [];
	const app = renderAt(
		<App registry={registry} runner={fakeRunner({images: uniformImages(2, 40_000), latencyMs: 5, bytesPerSecond: 100_000})} imageCount={2} mode={['sequential', 'parallel', 'threads']} asked={2} onQuit={why => quits.push(why)}/>,
		{columns: 80, rows: 24},
	);
	try {
		await app.waitFor(frame => /Sequential ×1\s+done/.test(frame) && /Parallel ×2\s+\S+ running/.test(frame), 'parallel running after sequential', 15_000);
		await app.press('\u0003');
		await app.waitFor(() => quits.length > 0, 'the app to quit');
		const final = app.frame();
		assert.match(final, /Parallel ×2\s+aborted/);
		assert.match(final, /^→ no verdict: only sequential ran to its end$/m);
		assert.doesNotMatch(final, /until another strategy/);
	} finally {
		app.unmount();
	}
});

test('the footer at 60 columns, five strategies: every key whole, the chart keys too, nothing cut', () => {
	const strategies = [['s', 'sequential'], ['p', 'parallel'], ['w', 'threads'], ['c', 'processes'], ['i', 'pipeline']].map(([key, name]) => ({key: key!, name: name!}));
	const line = (status?: string) => {
		const app = renderAt(<Footer strategies={strategies} concurrency={10} imageCount={10} status={status} width={60}/>, {columns: 60, rows: 20});
		try {
			return app.frame();
		} finally {
			app.unmount();
		}
	};

	assert.equal(line(), 's p w c i rerun  r all  +/- ×10 (max)  q quit  t/h/g charts');
	assert.equal(line('quitting…'), 's p w c i rerun  r all  +/- ×10 (max)  q quit  quitting…', 'the status after the keys that fit with it');
});

test('a header as wide as its panel: the note, fitted by the view, leaves the progress whole', () => {
	const parts = {title: `Processes ${glyphs.times}30`, state: 'running', elapsed: '2.12s', progress: '16/30'} as const;
	const note = fitNote(`starting 30 workers${glyphs.ellipsis}`, parts, 60);
	const app = renderAt(<Header {...parts} note={note} width={60}/>, {columns: 60, rows: 10});
	try {
		const line = app.frame();
		assert.match(line, /^Processes ×30 \(starting 30 worker…\) {2}\S running {2}2\.12s {2}16\/30$/);
		assert.equal([...line].length, 60);
	} finally {
		app.unmount();
	}
});
