import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {runInteractive} from '../source/ui/run-interactive.js';
import {fakeRunner, uniformImages} from './helpers/fake-runner.js';

/** A terminal-like stdout that keeps what was written. */
class FakeTerminal extends EventEmitter {
	readonly isTTY = true;
	columns = 80;
	rows = 24;
	output = '';
	write(chunk: string | Uint8Array): boolean {
		this.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		return true;
	}
}

test('without a keyboard the launch runs play out and the app quits by itself, summary on screen', async () => {
	const stdout = new FakeTerminal();
	// A pipe is not a TTY: no raw mode, so nobody could press q.
	const stdin = new PassThrough();
	const code = await runInteractive({
		runner: fakeRunner({images: uniformImages(3, 5000), latencyMs: 2}),
		imageCount: 3,
		mode: 'both',
		concurrency: 0,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	assert.equal(code, 0);
	const text = stripVTControlCharacters(stdout.output);
	assert.match(text, /parallel [0-9.]+× faster/);
	assert.match(text, /Parallel ×3/, '0 = one slot per image');
});

test('the signal quits like q: the run in flight is aborted and awaited', async () => {
	const stdout = new FakeTerminal();
	const stdin = new PassThrough();
	const controller = new AbortController();
	const log: Parameters<typeof fakeRunner>[0]['log'] = [];
	const done = runInteractive({
		runner: fakeRunner({images: uniformImages(50, 50_000), latencyMs: 20, log}),
		imageCount: 50,
		mode: 'sequential',
		concurrency: 4,
		signal: controller.signal,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	await new Promise(resolve => {
		setTimeout(resolve, 100);
	});
	controller.abort();
	assert.equal(await done, 0);
	assert.equal(log[0]?.result?.aborted, true, 'the run ended before runInteractive resolved');
	assert.match(stripVTControlCharacters(stdout.output), /Sequential ×1\s+aborted/);
});
