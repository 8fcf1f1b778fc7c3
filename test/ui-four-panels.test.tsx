import assert from 'node:assert/strict';
import {test} from 'node:test';
import React from 'react';
import {glyphs} from '../source/format/glyphs.js';
import App from '../source/ui/app.js';
import {extraRegistry, extraStrategies} from './helpers/extra-strategies.js';
import {fakeRunner, uniformImages} from './helpers/fake-runner.js';
import {lineCount, renderAt} from './helpers/ink.js';

const registry = extraRegistry;


const mode = ['sequential', 'parallel', ...extraStrategies.map(strategy => strategy.name)];
const titles = [/Sequential ×1 /, /Parallel ×4 /, /Test threads ×4 /, /Test processes ×4 /];
/** The end of the race: the last panel done and the summary's title row with a fourth column. */
const summaryShown = (frame: string) => /Test processes ×4\s+done/.test(frame) && /^Summary .*Test process/m.test(frame) && /× faster|\beven\b/.test(frame);

function app(imageCount: number, size: {columns: number; rows: number}) {
	const runner = fakeRunner({images: uniformImages(imageCount, 8000), latencyMs: 1, bytesPerSecond: 2_000_000, progressHz: 100});
	return renderAt(<App registry={registry} runner={runner} imageCount={imageCount} mode={mode} asked={4}/>, size);
}

test('four strategies at 80x24: every panel, then the summary, every frame within 80 columns and 23 lines', async () => {
	const rendered = app(40, {columns: 80, rows: 24});
	try {
		const racing = await rendered.waitFor(frame => /Test threads ×4\s+\S+ running/.test(frame), 'the third strategy racing', 20_000);
		assert.ok(titles.every(title => title.test(racing)), racing);
		const end = await rendered.waitFor(summaryShown, 'the summary of all four', 30_000);
		assert.ok(titles.every(title => title.test(end)), `every panel title at the end:\n${end}`);
		assert.ok(end.split('\n').filter(line => /\bdone\b/.test(line)).length >= 4, 'each panel says it is done');
		assert.match(end, /^Summary +Sequential +Parallel ×4 +Test threads ×4 +Test processes×4/m, 'four summary columns on one line');
		assert.match(end, /^wall time( +\S+){4}/m);
		assert.match(end, /^s p 3 4 rerun {2}r all {2}\+\/- ×4 {2}q quit/m, 'the rerun keys of all four');
		// The very first frame is rendered before the fake terminal is resized to 80 columns.
		const frames = rendered.allFrames().slice(1);
		const tallest = Math.max(...frames.map(frame => lineCount(frame)));
		assert.ok(tallest <= 23, `tallest of ${frames.length} frames: ${tallest} lines`);
		const widest = Math.max(...frames.flatMap(frame => frame.split('\n').map(line => [...line].length)));
		assert.ok(widest <= 80, `widest line: ${widest} columns`);
	} finally {
		rendered.unmount();
	}
});

test('four strategies at 160x40: panels two by two, the summary below', async () => {
	const rendered = app(10, {columns: 160, rows: 40});
	try {
		const end = await rendered.waitFor(summaryShown, 'the summary of all four', 30_000);
		assert.match(end, /^Sequential ×1 .* {2}Parallel ×4 /m, 'the first two panels share a line');
		assert.match(end, /^Test threads ×4 .* {2}Test processes ×4 /m, 'the other two share the next line of panels');
		assert.match(end, /^Summary +Sequential +Parallel ×4 +Test threads ×4 +Test processes ×4/m, 'full titles at 160 columns');
		// A summary of the finished strategies shows while the last one runs, but no winner until it has run.
		const early = rendered.allFrames().filter(frame => /^Summary /m.test(frame) && /Test processes ×4 .*running/.test(frame));
		assert.ok(early.length > 0, 'a summary beside a running strategy');
		assert.ok(early.every(frame => !/× faster|\beven\b/.test(frame) && /no verdict until test-processes has finished/.test(frame)), early.find(frame => /× faster/.test(frame)));
		assert.ok(lineCount(end) <= 39);
		assert.ok(end.split('\n').every(line => [...line].length <= 160));
	} finally {
		rendered.unmount();
	}
});

test('--mode all at 60x20: the finished screen keeps the summary table, every frame within 60 columns and 19 lines', async () => {
	const all = ['sequential', 'parallel', 'threads', 'processes'];
	// Threads and processes start workers: their costs make the summary as tall as a real race's.
	const costs = (strategy: string) => (strategy === 'threads' || strategy === 'processes' ? {startupMs: 40, cpuMs: 300, peakRssMb: 30} : {startupMs: 0, cpuMs: 100, peakRssMb: 5});
	const runner = fakeRunner({images: uniformImages(10, 8000), latencyMs: 1, bytesPerSecond: 2_000_000, progressHz: 100, costs});
	const rendered = renderAt(<App registry={registry} runner={runner} imageCount={10} mode={all} asked={0}/>, {columns: 60, rows: 20});
	try {
		const end = await rendered.waitFor(frame => /Processes ×\d+\s+done/.test(frame) && /→/.test(frame), 'the end of the race', 30_000);
		assert.match(end, /^wall time/m, `the summary's table, not the verdict alone:\n${end}`);
		assert.match(end, /^Sequential ×1\s+done/m);
		const frames = rendered.allFrames().slice(1);
		assert.ok(Math.max(...frames.map(frame => lineCount(frame))) <= 19);
		assert.ok(Math.max(...frames.flatMap(frame => frame.split('\n').map(line => [...line].length))) <= 60);
	} finally {
		rendered.unmount();
	}
});

test('two strategies at 60x20: every summary cell whole and apart, a row too long for its column in its short form', async () => {
	// First bytes of 150 ms: "150ms mean · 150ms p95" is 22 characters, and a column at 60 is 21.
	const runner = fakeRunner({images: uniformImages(4, 8000), latencyMs: 150, bytesPerSecond: 2_000_000, progressHz: 100});
	const rendered = renderAt(<App registry={registry} runner={runner} imageCount={4} mode={['sequential', 'parallel']} asked={2}/>, {columns: 60, rows: 20});
	try {
		const end = await rendered.waitFor(frame => /^Summary /m.test(frame) && /→ .*(faster|even)/.test(frame), 'the summary', 30_000);
		const lines = end.split('\n');
		const table = lines.slice(lines.findIndex(line => line.startsWith('Summary ')), lines.findIndex(line => line.includes('→')));
		assert.ok(table.length >= 5, end);
		assert.ok(table.every(line => !line.includes(glyphs.ellipsis)), `no cell cut:\n${table.join('\n')}`);
		assert.ok(table.every(line => !/\d(?:ms|s) \d/.test(line)), `no two columns one space apart, read as one list:\n${table.join('\n')}`);
		assert.match(end, /^ttfb\/p95 +\S+ +\S+$/m, `the first byte's mean and p95 in the short form:\n${end}`);
	} finally {
		rendered.unmount();
	}
});
