import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {abortable} from '../source/config/abortable.js';
import {makeFolderLevels} from '../source/engine/make-folder.js';

/** Rejections nobody handled while `fn` ran and a few turns after it. */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
	const seen: unknown[] = [];
	const listener = (reason: unknown) => {
		seen.push(reason);
	};

	process.on('unhandledRejection', listener);
	try {
		await fn();
		for (let turn = 0; turn < 5; turn++) {
			await new Promise(resolve => setImmediate(resolve));
		}
	} finally {
		process.off('unhandledRejection', listener);
	}

	return seen;
}

// Ctrl+C at a race's first moments: the state folder's mkdir, already on its way, met EEXIST after the
// signal had won, and the process ended on that error's stack trace instead of 130.
test('work abandoned to a signal that had already fired may still fail: it is never an unhandled rejection', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-abortable-'));
	try {
		const stop = new AbortController();
		stop.abort(new Error('stopped'));
		const seen = await unhandledDuring(async () => {
			await assert.rejects(makeFolderLevels(dir, async work => abortable(work, stop.signal)), /stopped/);
		});
		assert.deepEqual(seen, []);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});

test('abortable settles with the work, or with the signal\'s reason once it fires', async () => {
	assert.equal(await abortable(Promise.resolve(1), new AbortController().signal), 1);
	const stop = new AbortController();
	const pending = abortable(new Promise(() => undefined), stop.signal);
	stop.abort(new Error('now'));
	await assert.rejects(pending, /now/);
});
