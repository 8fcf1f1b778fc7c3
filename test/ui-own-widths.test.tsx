import assert from 'node:assert/strict';
import os from 'node:os';
import {test} from 'node:test';
import React from 'react';
import type {StrategyName} from '../source/engine/events.js';
import {parseModes} from '../source/strategies/registry.js';
import App from '../source/ui/app.js';
import {fakeRunner, uniformImages} from './helpers/fake-runner.js';
import {renderAt} from './helpers/ink.js';

const count = 6;
const perCore = Math.min(count, os.availableParallelism());

async function race(work: string, widths: RegExp[]): Promise<Array<{strategy: StrategyName; concurrency: number}>> {
	const log: NonNullable<Parameters<typeof fakeRunner>[0]['log']> = [];
	const runner = fakeRunner({images: uniformImages(count, 8000), latencyMs: 20, bytesPerSecond: 400_000, progressHz: 50, log});
	const rendered = renderAt(<App runner={runner} imageCount={count} mode={parseModes('all')} concurrency={0} work={work}/>, {columns: 160, rows: 40});
	try {
		const waiting = await rendered.waitFor(frame => /Sequential ×1\s+\S+ running/.test(frame), 'sequential running, the others waiting', 20_000);
		for (const width of widths) {
			assert.match(waiting, width, `a waiting panel says the width its run will take:\n${waiting}`);
		}

		assert.match(waiting, /\+\/- ×auto/, 'the footer: no width asked, each strategy its own');
		await rendered.waitFor(frame => /Processes ×\d+\s+done/.test(frame), 'the last strategy done', 30_000);
		return log;
	} finally {
		rendered.unmount();
	}
}

test('no --concurrency, thumbnail work: threads and processes one per core, parallel one per image; the runs are asked for no width', async () => {
	const log = await race('thumbnail', [new RegExp(`Parallel ×${count} `), new RegExp(`Threads ×${perCore} `), new RegExp(`Processes ×${perCore} `)]);
	assert.deepEqual(log.map(entry => entry.strategy), ['sequential', 'parallel', 'threads', 'processes']);
	assert.ok(log.filter(entry => entry.strategy !== 'sequential').every(entry => entry.concurrency === 0), JSON.stringify(log.map(entry => [entry.strategy, entry.concurrency])));
});

test('no --concurrency, download work: threads one per image (the seed\'s), processes one per core', async () => {
	await race('download', [new RegExp(`Threads ×${count} `), new RegExp(`Processes ×${perCore} `)]);
});
