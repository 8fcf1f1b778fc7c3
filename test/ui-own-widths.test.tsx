import assert from 'node:assert/strict';
import os from 'node:os';
import {test} from 'node:test';
import React from 'react';
import type {WorkName} from '../source/engine/run-spec.js';
import type {StrategyName} from '../source/engine/events.js';
import App from '../source/ui/app.js';
import {fakeRunner, uniformImages} from './helpers/fake-runner.js';
import {renderAt} from './helpers/ink.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

const count = 6;
const perCore = Math.min(count, os.availableParallelism());
/** Strategies that agree on a width show it; here they differ unless the machine has a core per image. */
const footer = perCore === count ? new RegExp(`\\+/- ×${count} \\(max\\)`) : /\+\/- ×auto/;

async function race(work: WorkName, widths: RegExp[], footerShown = footer): Promise<Array<{strategy: StrategyName; concurrency: number}>> {
	const log: NonNullable<Parameters<typeof fakeRunner>[0]['log']> = [];
	const runner = fakeRunner({images: uniformImages(count, 8000), latencyMs: 20, bytesPerSecond: 400_000, progressHz: 50, log});
	const rendered = renderAt(<App registry={registry} runner={runner} imageCount={count} mode={registry.parseModes('all')} asked={0} work={work}/>, {columns: 160, rows: 40});
	try {
		const waiting = await rendered.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'sequential running, the others waiting', 20_000);
		for (const width of widths) {
			assert.match(waiting, width, `a waiting panel says the width its run will take:\n${waiting}`);
		}

		assert.match(waiting, footerShown, 'the footer: no width asked, each strategy its own');
		await rendered.waitFor(frame => /Pipeline ×\d+\s+done/.test(frame), 'the last strategy done', 30_000);
		return log;
	} finally {
		rendered.unmount();
	}
}

test('no --concurrency, thumbnail work: threads and processes one per core, parallel one per image; the runs are asked for no width', async () => {
	const log = await race('thumbnail', [new RegExp(`Parallel ×${count} `), new RegExp(`Threads ×${perCore} `), new RegExp(`Processes ×${perCore} `), new RegExp(`Pipeline ×${count} `)]);
	assert.deepEqual(log.map(entry => entry.strategy), ['sequential', 'parallel', 'threads', 'processes', 'pipeline']);
	assert.ok(log.filter(entry => entry.strategy !== 'sequential').every(entry => entry.concurrency === 0), JSON.stringify(log.map(entry => [entry.strategy, entry.concurrency])));
});

test('no --concurrency, download work: every concurrent strategy one per image (threads as the seed\'s, processes alike)', async () => {
	await race('download', [new RegExp(`Parallel ×${count} `), new RegExp(`Threads ×${count} `), new RegExp(`Processes ×${count} `), new RegExp(`Pipeline ×${count} `)], new RegExp(`\\+/- ×${count} \\(max\\)`));
});

test('at 80x24, once every run is over, the summary keeps what each strategy cost and the claim\'s sentences', async () => {
	const pooled = new Set(['threads', 'processes']);
	const runner = fakeRunner({
		images: uniformImages(count, 8000),
		latencyMs: 20,
		bytesPerSecond: 400_000,
		progressHz: 50,
		work: 'thumbnail',
		costs: strategy => (pooled.has(strategy) ? {startupMs: 45, cpuMs: 900, peakRssMb: 210} : {startupMs: 0, cpuMs: 400, peakRssMb: 12}),
	});
	const rendered = renderAt(<App registry={registry} runner={runner} imageCount={count} mode={registry.parseModes('all')} asked={0} work="thumbnail"/>, {columns: 80, rows: 24});
	try {
		const end = await rendered.waitFor(frame => /^ {2}(Waiting on the network|Computing):/m.test(frame), 'the claim under the verdict', 30_000);
		// The fake runner keeps real time: two pooled runs of equal cost can finish in the same millisecond, a tie.
		assert.match(end, /^→ \S+ ([\d.]+× faster than |and \S+ even )/m);
		// The live costs are measured in the process that draws the UI: the rows say so.
		for (const label of ['wall time', 'images', 'speedup', 'cpu w/ UI', 'mem w/ UI', 'start-up']) {
			assert.match(end, new RegExp(`^${label} `, 'm'), `the ${label} row:\n${end}`);
		}

		assert.match(end, /^start-up +0ms +0ms +45ms +45ms/m);
		assert.equal(end.split('\n').filter(line => /^(Sequential|Parallel|Threads|Processes|Pipeline) ×\d+ +done/.test(line)).length, 5, `five panels still shown:\n${end}`);
		assert.ok(end.split('\n').length <= 23, 'within the terminal');
	} finally {
		rendered.unmount();
	}
});

test('no --concurrency, --mode both: the footer says the one width parallel takes, and - steps down from it', async () => {
	const runner = fakeRunner({images: uniformImages(count, 8000), latencyMs: 20, bytesPerSecond: 400_000, progressHz: 50});
	const rendered = renderAt(<App registry={registry} runner={runner} imageCount={count} mode={registry.parseModes('both')} asked={0}/>, {columns: 80, rows: 24});
	try {
		await rendered.waitFor(frame => new RegExp(`\\+/- ×${count} \\(max\\)`).test(frame), 'the footer with parallel\'s width', 20_000);
		rendered.stdin.write('-');
		await rendered.waitFor(frame => new RegExp(`\\+/- ×${count - 1} `).test(frame), 'one less', 20_000);
	} finally {
		rendered.unmount();
	}
});
