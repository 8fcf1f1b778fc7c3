import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {Worker} from 'node:worker_threads';
import {fromShared, sharedNow, toShared} from '../source/engine/clock.js';

const clockModule = new URL('../source/engine/clock.js', import.meta.url).href;
const read = `import {sharedNow} from ${JSON.stringify(clockModule)}; const now = sharedNow();`;

test('a reading on the machine\'s clock, taken in a child process or a worker thread, falls between two of this thread\'s around it', async () => {
	for (let round = 0; round < 3; round++) {
		const before = sharedNow();
		const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `${read} console.log(now);`]);
		const after = sharedNow();
		const child = Number(stdout);
		assert.ok(before <= child && child <= after, `child ${child.toFixed(3)} not within ${before.toFixed(3)} … ${after.toFixed(3)}`);
	}

	const before = sharedNow();
	const thread = await new Promise<number>((resolve, reject) => {
		const worker = new Worker(`${read} (await import('node:worker_threads')).parentPort.postMessage(now);`, {eval: true, type: 'module'} as ConstructorParameters<typeof Worker>[1]);
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	const after = sharedNow();
	assert.ok(before <= thread && thread <= after, `thread ${thread.toFixed(3)} not within ${before.toFixed(3)} … ${after.toFixed(3)}`);
	assert.ok(Math.abs(fromShared(toShared(1234.5)) - 1234.5) < 1e-6);
});
