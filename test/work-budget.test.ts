import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {pathToFileURL} from 'node:url';
import {Worker} from 'node:worker_threads';
import {createDecodeBudget, processDecodeBudget} from '../source/work/index.js';

const kib = 1024;

async function turns(count: number): Promise<void> {
	for (let turn = 0; turn < count; turn++) {
		await nextTurn();
	}
}

test('decodes over the budget wait for their turn (a queue, not a failure); one larger than the whole budget runs alone', async () => {
	const budget = createDecodeBudget(100 * kib);
	const first = await budget.acquire(60 * kib);
	let secondIn = false;
	const second = budget.acquire(60 * kib).then(release => {
		secondIn = true;
		return release;
	});
	await turns(20);
	assert.equal(secondIn, false, 'waits while the first holds its share');
	assert.equal(budget.inUse(), 60 * kib);
	first();
	const releaseSecond = await second;
	assert.equal(budget.inUse(), 60 * kib);

	let hugeIn = false;
	const huge = budget.acquire(500 * kib).then(release => {
		hugeIn = true;
		return release;
	});
	await turns(20);
	assert.equal(hugeIn, false, 'waits until it can run alone');
	releaseSecond();
	releaseSecond();
	const releaseHuge = await huge;
	assert.equal(budget.inUse(), 100 * kib, 'takes the whole budget, no more');
	releaseHuge();
	assert.equal(budget.inUse(), 0);

	const holding = await budget.acquire(100 * kib);
	let stopped = false;
	const waiting = budget.acquire(kib, {get aborted() {
		return stopped;
	}});
	stopped = true;
	await assert.rejects(waiting, {code: 'ERR_IMGRACE_ABORTED'});
	holding();
});

/** Runs `body` (an async function body, with decode-budget.js as `m`) in a worker thread; `messages` collects what it posts. */
function inWorker(body: string, workerData: unknown): {worker: Worker; messages: unknown[]; exited: Promise<number>} {
	const module = pathToFileURL(path.resolve('dist/source/work/decode-budget.js')).href;
	const worker = new Worker(`const {parentPort, workerData} = require('node:worker_threads'); import(${JSON.stringify(module)}).then(async m => { ${body} });`, {eval: true, workerData});
	const messages: unknown[] = [];
	worker.on('message', message => messages.push(message));
	const exited = new Promise<number>((resolve, reject) => {
		worker.once('error', reject);
		worker.once('exit', resolve);
	});
	return {worker, messages, exited};
}

/** Turn the event loop until `condition` holds; the deadline only keeps a broken test from hanging. */
async function until(condition: () => boolean): Promise<void> {
	const deadline = performance.now() + 30_000;
	while (!condition()) {
		assert.ok(performance.now() < deadline, 'gave up waiting');
		await nextTurn();
	}
}

test('worker threads share one budget: one posted to a worker, and the process\'s own, which workers inherit', async () => {
	const budget = createDecodeBudget(100 * kib);
	const holding = await budget.acquire(100 * kib);
	const waiter = inWorker(`
		const budget = m.attachDecodeBudget(workerData);
		parentPort.postMessage('waiting');
		const release = await budget.acquire(10 * 1024);
		parentPort.postMessage('in');
		release();
	`, budget.shared);
	await until(() => waiter.messages.includes('waiting'));
	await turns(20);
	assert.deepEqual(waiter.messages, ['waiting'], 'the worker waits while this thread holds the whole budget');
	holding();
	await until(() => waiter.messages.includes('in'));
	assert.equal(await waiter.exited, 0);

	// The process's budget: a worker started after it exists holds a share of the same budget, and one
	// that ends without giving its share back (killed mid-decode) has it given back when it exits.
	const own = processDecodeBudget();
	const before = own.inUse();
	const leaver = inWorker(`
		await m.processDecodeBudget().acquire(64 * 1024);
		parentPort.postMessage('held');
		parentPort.once('message', () => process.exit(0));
	`, undefined);
	await until(() => leaver.messages.includes('held'));
	assert.equal(own.inUse() - before, 64 * kib, 'this thread sees the worker\'s share');
	leaver.worker.postMessage('leave');
	await leaver.exited;
	await until(() => own.inUse() === before);
});

test('a thread that ends inside the budget\'s lock does not leave the others spinning: its exit gives the lock back', async () => {
	processDecodeBudget();
	// As a pool thread terminated between taking the lock and giving it back (a rerun mid-decode) leaves
	// it: the lock word (the first) holding the thread's id + 1.
	const dying = inWorker(`
		const {threadId} = require('node:worker_threads');
		Atomics.store(new Int32Array(m.processDecodeBudget().shared), 0, threadId + 1);
		process.exit(0);
	`, undefined);
	await dying.exited;
	const next = inWorker(`
		const release = await m.processDecodeBudget().acquire(1024);
		parentPort.postMessage('in');
		release();
	`, undefined);
	try {
		await until(() => next.messages.includes('in'));
	} finally {
		await next.worker.terminate();
	}
});
