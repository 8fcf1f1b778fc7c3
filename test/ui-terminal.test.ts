import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {cliPath, verdictBetween} from './helpers/cli.js';
import {cleanEnvironment, hasScript, runOnTerminal, type TerminalResult} from './helpers/terminal.js';

/** A quick embedded server: the race is over in well under a second. */
const quick = ['--count', '3', '--latency', '10', '--jitter', '0', '--bandwidth', '0'];
const nonAscii = /[^\p{ASCII}]/u;
// Escape sequences are what these tests look for, hence the control characters in the patterns.
/* eslint-disable no-control-regex */
/** Select Graphic Rendition: colours, bold, dim. */
const sgr = /\u001B\[[0-9;]*m/;
/** Cursor movement, erasing and private modes: what a redraw is made of. */
const cursorControl = /\u001B\[(?:\d*[ABCDGHJK]|\?\d+[hl])/;
/* eslint-enable no-control-regex */

/** Run imgrace with no terminal (pipes), as scripts and CI do. */
async function runPiped(args: readonly string[], env: Record<string, string>): Promise<TerminalResult> {
	const child = spawn(process.execPath, [cliPath, ...args], {env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	return new Promise(resolve => {
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, output});
		});
	});
}

async function withOut<T>(fn: (out: string) => Promise<T>): Promise<T> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-term-'));
	try {
		return await fn(path.join(dir, 'images'));
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

const verdict = verdictBetween(['parallel×3', 'sequential'], {headlineOnly: true});

test('LANG=C: the plain race prints only ASCII; a UTF-8 locale gets the Unicode glyphs', async () => {
	await withOut(async out => {
		const ascii = await runPiped([...quick, '--out', out], {CI: 'true', LANG: 'C'});
		assert.equal(ascii.code, 0, ascii.output);
		assert.match(ascii.output, /sequential 001 \+ /, 'done as "+"');
		assert.match(ascii.output, /parallelx3: 3 images, 3 at a time -> /);
		assert.match(ascii.output, verdictBetween(['parallelx3', 'sequential'], {times: 'x', plusMinus: '+/-'}));
		assert.doesNotMatch(ascii.output, nonAscii);
		const utf8 = await runPiped([...quick, '--out', out], {CI: 'true', LANG: 'C', LC_CTYPE: 'C.UTF-8'});
		assert.match(utf8.output, /sequential 001 ✓ /, 'LC_CTYPE comes before LANG');
		assert.match(utf8.output, nonAscii);
	});
});

test('LC_ALL=C overrides a UTF-8 LANG, for serve\'s lines too', async () => {
	const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], {env: cleanEnvironment({LC_ALL: 'C', LANG: 'en_US.UTF-8'}), stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error(`no settings line: ${output}`));
		}, 20_000);
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			if (output.split('\n').length > 2) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	child.kill('SIGTERM');
	assert.match(output, /latency 350\+\/-50ms,/);
	assert.doesNotMatch(output, nonAscii);
});

test('the live UI colours by default; NO_COLOR removes every colour and style sequence', {skip: !hasScript && 'needs script(1)'}, async () => {
	await withOut(async out => {
		const pressQAtTheEnd = (output: string) => (verdict.test(output) ? 'q' : undefined);
		const coloured = await runOnTerminal([...quick, '--out', out], {TERM: 'xterm-256color', LANG: 'C.UTF-8'}, pressQAtTheEnd);
		assert.equal(coloured.code, 0, coloured.output);
		assert.match(coloured.output, sgr, 'colours on a terminal');
		assert.match(stripVTControlCharacters(coloured.output), /Parallel ×3/);
		const plain = await runOnTerminal([...quick, '--out', out], {TERM: 'xterm-256color', LANG: 'C.UTF-8', NO_COLOR: '1'}, pressQAtTheEnd);
		assert.equal(plain.code, 0, plain.output);
		assert.match(plain.output, cursorControl, 'still the live UI');
		assert.match(stripVTControlCharacters(plain.output), verdict);
		assert.doesNotMatch(plain.output, sgr);
	});
});

test('TERM=dumb on a terminal gets the plain lines: no cursor movement, no colour', {skip: !hasScript && 'needs script(1)'}, async () => {
	await withOut(async out => {
		const result = await runOnTerminal([...quick, '--out', out], {TERM: 'dumb', LANG: 'C.UTF-8'});
		assert.equal(result.code, 0, result.output);
		assert.match(result.output, /sequential 001 ✓ /);
		assert.match(result.output, verdict);
		assert.doesNotMatch(result.output, cursorControl);
		assert.doesNotMatch(result.output, sgr);
	});
});

test('Ctrl+C in the live UI exits 130 after the run in flight is aborted', {skip: !hasScript && 'needs script(1)'}, async () => {
	await withOut(async out => {
		// Slow enough that the sequential run is still going when Ctrl+C arrives.
		const args = ['--count', '20', '--latency', '200', '--jitter', '0', '--out', out];
		const result = await runOnTerminal(args, {TERM: 'xterm-256color', LANG: 'C.UTF-8'}, output => (/Sequential ×1\s+\S+ running/.test(output) ? '\u0003' : undefined));
		assert.equal(result.code, 130, stripVTControlCharacters(result.output));
		assert.match(stripVTControlCharacters(result.output), /Sequential ×1\s+aborted/);
	});
});
