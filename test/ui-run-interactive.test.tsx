import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {quitExitCode} from '../source/entry/exit-codes.js';
import {underSignals} from '../source/entry/signals.js';
import {runInteractive} from '../source/ui/run-interactive.js';
import {verdictBetween} from './helpers/cli.js';
import {settled} from './helpers/fake-time.js';
import {fakeRunner, uniformImages} from './helpers/fake-runner.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

/**
 * A terminal-like stdout that keeps what was written. It calls back like a real stream: Ink 8 waits
 * for the callback of an empty write (its barrier for queued output) before waitUntilExit resolves.
 */
class FakeTerminal extends EventEmitter {
	readonly isTTY = true;
	columns = 80;
	rows = 24;
	output = '';
	write(chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | (() => void), callback?: () => void): boolean {
		this.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		if (done) {
			process.nextTick(done);
		}

		return true;
	}
}

test('without a keyboard the launch runs play out and the app quits by itself, summary on screen', async () => {
	const stdout = new FakeTerminal();
	// A pipe is not a TTY: no raw mode, so nobody could press q.
	const stdin = new PassThrough();
	const log: NonNullable<Parameters<typeof fakeRunner>[0]['log']> = [];
	await runInteractive({
		registry, runner: fakeRunner({images: uniformImages(3, 5000), latencyMs: 2, log}),
		imageCount: 3,
		mode: ['sequential', 'parallel'],
		asked: 0,
		signal: new AbortController().signal,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	// Quitting by itself must wait for the launch runs: both ran, and to their end.
	assert.deepEqual(log.map(run => [run.strategy, run.result?.aborted, run.result?.ok]), [['sequential', false, 3], ['parallel', false, 3]]);
	const text = stripVTControlCharacters(stdout.output);
	assert.match(text, verdictBetween(['parallel×3', 'sequential'], {headlineOnly: true}), 'a verdict, whichever way 2 ms timers fell on this machine');
	assert.match(text, /Parallel ×3 +done/, "0 = the strategy's own width: parallel one slot per image");
});

test('the signal quits like q: the run in flight is aborted and awaited', async () => {
	const stdout = new FakeTerminal();
	const stdin = new PassThrough();
	const controller = new AbortController();
	const log: Parameters<typeof fakeRunner>[0]['log'] = [];
	const done = runInteractive({
		registry, runner: fakeRunner({images: uniformImages(50, 50_000), latencyMs: 20, log}),
		imageCount: 50,
		mode: ['sequential'],
		asked: 4,
		signal: controller.signal,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	// Mid-run by the events, not by a guess at how long start-up takes: the first image is done.
	await settled(() => log[0]?.events.some(event => event.type === 'image-done') ?? false, 'the first image');
	controller.abort();
	assert.equal(await done, 'quit', 'the signal\'s owner reports which signal it was');
	assert.equal(log[0]?.result?.aborted, true, 'the run ended before runInteractive resolved');
	assert.match(stripVTControlCharacters(stdout.output), /Sequential ×1\s+aborted/);
});

/** A terminal-like stdin with raw mode, as Ink reads it ('readable', then read()). */
class FakeKeyboard extends EventEmitter {
	readonly isTTY = true;
	rawMode = false;
	private pending: string | null = null;
	setRawMode(enabled: boolean): void {
		this.rawMode = enabled;
	}

	setEncoding(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read(): string | null {
		const data = this.pending;
		this.pending = null;
		return data;
	}

	press(keys: string): void {
		this.pending = keys;
		this.emit('readable');
	}
}

async function waitForOutput(stdout: FakeTerminal, pattern: RegExp, description: string): Promise<void> {
	const deadline = performance.now() + 10_000;
	while (!pattern.test(stripVTControlCharacters(stdout.output))) {
		if (performance.now() > deadline) {
			throw new Error(`timed out waiting for ${description}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}

/**
 * Start a slow sequential race on a fake terminal with a keyboard, as the entry layer does (entry/race.ts:
 * under its signals, the UI's quit reason turned into the exit code); resolves once rows are running.
 */
async function startWithKeyboard(): Promise<{done: Promise<number>; stdin: FakeKeyboard; log: NonNullable<Parameters<typeof fakeRunner>[0]['log']>}> {
	const stdout = new FakeTerminal();
	const stdin = new FakeKeyboard();
	const log: NonNullable<Parameters<typeof fakeRunner>[0]['log']> = [];
	const done = underSignals(async signal => quitExitCode(await runInteractive({
		registry, runner: fakeRunner({images: uniformImages(50, 50_000), latencyMs: 20, log}),
		imageCount: 50,
		mode: ['sequential'],
		asked: 4,
		signal,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	})));
	await waitForOutput(stdout, /Sequential ×1\s+\S+ running/, 'a run in flight');
	assert.equal(stdin.rawMode, true, 'the keyboard is in raw mode');
	return {done, stdin, log};
}

test('Ctrl+C in raw mode quits with 130, like a shell reports SIGINT; the run is aborted first', async () => {
	const {done, stdin, log} = await startWithKeyboard();
	stdin.press('\u0003');
	assert.equal(await done, 130);
	assert.equal(log[0]?.result?.aborted, true);
	assert.equal(stdin.rawMode, false, 'raw mode restored');
});

test('q quits with 0: the run in flight is aborted and raw mode restored', async () => {
	const {done, stdin, log} = await startWithKeyboard();
	stdin.press('q');
	assert.equal(await done, 0);
	assert.equal(log[0]?.result?.aborted, true, 'q aborted the run before runInteractive resolved');
	assert.equal(log.length, 1, 'nothing else started');
	assert.equal(stdin.rawMode, false, 'raw mode restored');
});

for (const [signal, expected] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
	test(`${signal} quits the live UI with ${expected}`, async () => {
		const {done, log} = await startWithKeyboard();
		process.emit(signal);
		assert.equal(await done, expected);
		assert.equal(log[0]?.result?.aborted, true);
	});
}

test('a terminal made narrower mid-race gets no line wider than it, not even the frame Ink draws before re-rendering', async () => {
	const stdout = new FakeTerminal();
	stdout.columns = 130;
	stdout.rows = 40;
	const stdin = new PassThrough();
	const controller = new AbortController();
	const done = runInteractive({
		runner: fakeRunner({images: uniformImages(6, 50_000), latencyMs: 20}),
		imageCount: 6,
		mode: ['sequential', 'parallel'],
		asked: 0,
		registry,
		signal: controller.signal,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	await waitForOutput(stdout, /Sequential ×1\s+\S+ running.*Parallel ×6/, 'the panels side by side');
	const before = stdout.output.length;
	stdout.columns = 70;
	stdout.rows = 30;
	stdout.emit('resize');
	await waitForOutput(stdout, /^Parallel ×6/m, 'the panels stacked');
	controller.abort();
	await done;
	const lines = stripVTControlCharacters(stdout.output.slice(before)).split('\n');
	assert.deepEqual(lines.filter(line => [...line].length > 70), [], 'every line written after the resize fits 70 columns');
});

test('a change of the terminal\'s width clears the screen before the frame is drawn again (the terminal rewrapped the old one); a change of height alone does not', async () => {
	const stdout = new FakeTerminal();
	const stdin = new PassThrough();
	const controller = new AbortController();
	const race = runInteractive({
		registry, runner: fakeRunner({images: uniformImages(3, 5000), latencyMs: 2}),
		imageCount: 3,
		mode: ['sequential', 'parallel'],
		asked: 0,
		signal: controller.signal,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	});
	await waitForOutput(stdout, /Sequential ×1/, 'the first frame');
	const clear = '\u001B[2J\u001B[H';
	stdout.rows = 20;
	stdout.emit('resize');
	assert.ok(!stdout.output.includes(clear), 'height alone: Ink erases what it drew');
	stdout.columns = 60;
	stdout.emit('resize');
	const at = stdout.output.lastIndexOf(clear);
	assert.ok(at >= 0, 'narrower: cleared');
	await waitForOutput(stdout, /Sequential ×1/, 'a frame after the clear');
	stdout.columns = 100;
	const before = stdout.output.length;
	stdout.emit('resize');
	assert.ok(stdout.output.indexOf(clear, before) >= 0, 'wider: cleared too (joined lines are as wrong as split ones)');
	controller.abort();
	await race;
	assert.equal(stdout.listenerCount('resize'), 0, 'no listener left behind');
});
