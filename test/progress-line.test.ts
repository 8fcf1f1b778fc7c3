import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {parseRaceConfig} from '../source/config/parse-options.js';
import {progressDisplay, showsProgress} from '../source/entry/progress-display.js';
import {runStrategies} from '../source/entry/run-strategies.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';
import {runProgress} from '../source/model/run-progress.js';
import {applyEvent, createRunRecord} from '../source/model/run-record.js';
import {progressLine} from '../source/output/progress-line.js';
import {runCli, runOnTerminal} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {fakeRunner} from './helpers/fake-runner.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

/** A run of four 1,000-byte images started at t = 1000 ms, then `events` applied. */
function run(...steps: Array<(runId: string) => Parameters<typeof applyEvent>[1]>) {
	const urls = ['a', 'b', 'c', 'd'].map(name => `http://127.0.0.1/${name}.jpg`);
	const record = createRunRecord({type: 'run-started', runId: 'r', at: 1000, strategy: 'sequential', role: 'one-at-a-time', concurrency: 1, client: 'got', urls, outDir: 'o', work: 'download'});
	for (const step of steps) {
		applyEvent(record, step('r'));
	}

	return record;
}

const started = (index: number, at: number) => (runId: string) => ({type: 'image-started', runId, at, index, url: 'u'}) as const;
const firstByte = (index: number, at: number) => (runId: string) => ({type: 'image-first-byte', runId, at, index, attempt: 1, ttfbMs: 1, total: 1000, contentType: 'image/jpeg'}) as const;
const received = (index: number, at: number, transferred: number) => (runId: string) => ({type: 'image-progress', runId, at, index, transferred, total: 1000}) as const;
const done = (index: number, at: number) => (runId: string) => ({type: 'image-done', runId, at, index, url: 'u', bytes: 1000, path: 'p', contentType: 'image/jpeg', width: 1, height: 1, ttfbMs: 1, totalMs: 1, retries: 0}) as const;

test('run progress: finished images plus the received share of those in flight; time left from earlier runs, else the share done', () => {
	const record = run(started(0, 1000), firstByte(0, 1010), received(0, 1100, 1000), done(0, 1200), started(1, 1200), firstByte(1, 1210), received(1, 1300, 500));
	const now = runProgress(record, 1400);
	assert.deepEqual([now.done, now.total, now.fraction, now.elapsedMs], [1, 4, 1.5 / 4, 400]);
	// 400 ms for 37.5%: 666.7 ms to go at that pace.
	assert.ok(Math.abs(now.etaMs! - (400 * 0.625 / 0.375)) < 1e-9);
	assert.equal(runProgress(record, 1400, [1000, 1200]).etaMs, 700, 'earlier runs took 1.1 s on average');
	assert.ok(Math.abs(runProgress(record, 1400, [300]).etaMs! - now.etaMs!) < 1e-9, 'a run that outlasts the earlier ones falls back on its share');
	assert.equal(runProgress(run(), 1010).etaMs, undefined, 'nothing to go on yet');
});

test('the progress line: which run, images done, a bar of constant width, percent, elapsed and ETA, never wider than asked', () => {
	const progress = {done: 5, total: 8, fraction: 0.625, elapsedMs: 1210, etaMs: 740};
	const line = progressLine({round: 'run 2/3', name: 'parallel×4', progress, width: 79, glyphs: unicodeGlyphs});
	assert.match(line, /^. run 2\/3 parallel×4 {2}5\/8 █+[▏▎▍▌▋▊▉]?░+ {2}62% {2}1\.21s · ETA 740ms$/);
	const barOf = (text: string) => [...text].filter(character => '█░▏▎▍▌▋▊▉'.includes(character)).length;
	assert.equal(barOf(line), 79 - 26 - 26, 'what the words leave, the figures after it counted at their usual widest');
	assert.equal(barOf(progressLine({round: 'run 2/3', name: 'parallel×4', progress, width: 200, glyphs: unicodeGlyphs})), 30, 'at most 30 columns');
	const later = progressLine({round: 'run 2/3', name: 'parallel×4', progress: {...progress, elapsedMs: 12_345, etaMs: undefined}, width: 79, glyphs: unicodeGlyphs});
	assert.equal(later.indexOf('░'), line.indexOf('░') + ([...later].filter(character => character === '█').length - [...line].filter(character => character === '█').length), 'the bar starts and ends in the same columns');
	for (const width of [79, 50, 40, 30, 20]) {
		const narrow = progressLine({round: 'warm-up 1/1', name: 'sequential', progress, width, glyphs: asciiGlyphs});
		assert.ok(narrow.length <= width, `${width}: ${narrow}`);
		assert.match(narrow, width >= 30 ? /^[|/\\-] warm-up 1\/1 sequential/ : /^[|/\\-] warm-up/);
	}

	assert.doesNotMatch(progressLine({round: '', name: 'sequential', progress, width: 40, glyphs: asciiGlyphs}), /#/, 'no room for a bar: the figures stay');
});

test('the progress display draws on the stream, and erases the line before anything else is printed', async () => {
	const written: string[] = [];
	const display = progressDisplay({stream: {columns: 80, write: text => written.push(text)}, glyphs: asciiGlyphs, intervalMs: 60_000});
	const inner = {onEvent: (_: unknown, event: {type: string}) => {
		if (event.type === 'image-done' || event.type === 'run-finished') {
			written.push(`<${event.type}>`);
		}
	}};
	const runner = fakeRunner({images: [{bytes: 2000}, {bytes: 2000}], latencyMs: 1});
	await runStrategies(runner, registry, {...parseRaceConfig({}, registry), mode: ['sequential']}, 2, new AbortController().signal, display.follow('run 1/2', inner));
	display.stop();
	const erase = '\r\u001B[2K';
	const lines = written.filter(text => text.startsWith(erase) && text.length > erase.length);
	assert.ok(lines.length > 0, 'a line was drawn');
	assert.ok(lines.some(line => /run 1\/2 sequential {2}1\/2 #+[-=]?\.+ +50%/.test(line)), lines.join('\n'));
	assert.match(lines.at(-1)!, /run 1\/2 sequential {2}2\/2 #+ 100%/);
	for (const marker of ['<image-done>', '<run-finished>']) {
		const at = written.indexOf(marker);
		assert.equal(written[at - 1], erase, `${marker} printed on a clean line: ${JSON.stringify(written.slice(Math.max(0, at - 2), at + 1))}`);
	}

	assert.equal(written.at(-1), '<run-finished>', 'nothing drawn after the run ended');

	// A listener that prints nothing for these events: the line is left to the clock, not redrawn per image.
	written.length = 0;
	const silent = progressDisplay({stream: {columns: 80, write: text => written.push(text)}, glyphs: asciiGlyphs, intervalMs: 60_000});
	await runStrategies(runner, registry, {...parseRaceConfig({}, registry), mode: ['sequential']}, 2, new AbortController().signal, silent.follow('', {prints: () => false}));
	silent.stop();
	assert.deepEqual(written, []);
	assert.equal(showsProgress({isTTY: true}, {TERM: 'dumb'}), false);
	assert.equal(showsProgress({isTTY: false}, {}), false);
	assert.equal(showsProgress({isTTY: true}, {TERM: 'xterm-256color'}), true);
});

const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;

test('--runs 2 --export-json on a terminal shows each run\'s progress, erased before its result; through pipes no escape at all', {skip: !hasScript && 'needs script(1)', timeout: 120_000}, async () => {
	await withTempDir(async dir => {
		// Each run lasts 8 × 100 ms at least: several of the line's 100 ms redraws, however fast the machine.
		const args = ['--latency', '100', '--jitter', '0', '--bandwidth', '0', '--runs', '2', '--mode', 'sequential', '--out', path.join(dir, 'o')];
		const live = await runOnTerminal(['--count', '8', ...args, '--export-json', path.join(dir, 'x.json')], {cwd: dir, timeoutMs: 90_000});
		assert.equal(live.code, 0, live.stdout);
		// Escapes are what this test looks for.
		/* eslint-disable no-control-regex */
		assert.match(live.stdout, /\r\u001B\[2K. run 1\/2 sequential {2}[1-7]\/8 █+.*%.*ETA/, 'a progress line with a bar, a percentage and an ETA');
		assert.match(live.stdout, /\r\u001B\[2Krun 1\/2 sequential: 8 ok/, 'the result line starts on an erased line');
		assert.match(live.stdout, /\r\u001B\[2Krun 2\/2 sequential: 8 ok/);
		assert.equal((JSON.parse(await readFile(path.join(dir, 'x.json'), 'utf8')) as {strategies: Array<{wallMs: number[]}>}).strategies[0]!.wallMs.length, 2);
		const piped = await runCli(['--count', '2', ...args], {cwd: dir, timeoutMs: 60_000});
		assert.equal(piped.code, 0, piped.stderr);
		assert.doesNotMatch(piped.stdout + piped.stderr, /\u001B|\r/, 'plain output stays plain');
		/* eslint-enable no-control-regex */
	});
});
