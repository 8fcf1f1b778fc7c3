import assert from 'node:assert/strict';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {closestFlag, editDistance} from '../source/config/flag-suggestion.js';
import {flagSpecs} from '../source/config/flags.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';

test('edit distance counts a swap of neighbours as one edit', () => {
	assert.equal(editDistance('concurency', 'concurrency'), 1);
	assert.equal(editDistance('lantecy', 'latency'), 2);
	assert.equal(editDistance('jsno', 'json'), 1);
	assert.equal(editDistance('', 'abc'), 3);
	assert.equal(editDistance('same', 'same'), 0);
});

test('the closest flag, long and short, or none when nothing is close', () => {
	const cases: Array<[string, string | undefined]> = [
		['--concurency', '--concurrency'],
		['--lantecy', '--latency'],
		['--jsn', '--json'],
		['--conc', '--concurrency'],
		['--level', '--levels'],
		['--no-keepalive', '--no-keep-alive'],
		['--n', '-n'],
		['-C', '-c'],
		['-O', '-o'],
		['-Z', undefined],
		['--no-such-flag', undefined],
		['--xyz', undefined],
	];
	for (const [typed, meant] of cases) {
		assert.equal(closestFlag(typed, flagSpecs), meant, typed);
	}
});

/** Exit 2, one line on stderr matching `pattern`, nothing downloaded into `dir`. */
async function usageLine(dir: string, args: readonly string[], pattern: RegExp): Promise<void> {
	const result = await runCli([...args, '--out', path.join(dir, 'img')], {cwd: dir, timeoutMs: 15_000});
	const what = `imgrace ${args.join(' ')}`;
	assert.equal(result.code, 2, `${what}: ${result.stderr}`);
	const lines = result.stderr.split('\n').filter(line => line.trim() !== '');
	assert.equal(lines.length, 1, `${what}: ${result.stderr}`);
	assert.match(lines[0]!, pattern, what);
	await assert.rejects(access(path.join(dir, 'img')), `${what}: nothing ran`);
}

test('a misspelt flag gets "did you mean", long and short forms alike', async () => {
	await withTempDir(async dir => {
		await usageLine(dir, ['--concurency', '3', '--count', '1'], /^imgrace: unknown option --concurency \(did you mean --concurrency\? see imgrace --help\)$/);
		await usageLine(dir, ['-C', '3', '--count', '1'], /unknown option -C \(did you mean -c\?/);
		// One dash before a long name would read as `-c oncurrency` and then a stray "3".
		await usageLine(dir, ['-concurrency', '3', '--count', '1'], /unknown option -concurrency \(did you mean --concurrency\?/);
		await usageLine(dir, ['serve', '--latncy', '5'], /unknown option --latncy \(did you mean --latency\?/);
	});
});

test('embedded-server flags with --url or --urls are named, not silently ignored', async () => {
	await withTempDir(async dir => {
		await usageLine(dir, ['--url', 'http://127.0.0.1:9/x.jpg', '--count', '1', '--latency', '999'], /^imgrace: --latency shapes the embedded server's images, and with --url there is none: drop it$/);
		await usageLine(dir, ['--urls', '-', '--size', '1MB', '--link-bandwidth', '1MB'], /^imgrace: --link-bandwidth, --size shape the embedded server's images, and with --urls there is none: drop them$/);
	});
});
