import assert from 'node:assert/strict';
import {test} from 'node:test';
import {flagHint, flagHints} from '../source/config/flag-hints.js';
import {flagSpecs} from '../source/config/flags.js';
import type {EngineEvent, FailureHint} from '../source/engine/events.js';
import {listFiles, withTempDir} from './helpers/events.js';
import {runCli} from './helpers/cli.js';
import {withServer} from './helpers/server.js';
import {imageUrl} from '../source/server/image-url.js';

const failed = (hint?: FailureHint): EngineEvent => ({type: 'image-failed', runId: 'r', at: 1, index: 0, url: 'http://x/a.jpg', code: 'ERR_IMGRACE_TOO_BIG', reason: 'larger than the 1 kB limit', ...(hint ? {hint} : {}), retries: 0, totalMs: 1});

test('a hinted failure names its flag; other events pass as they are', () => {
	const hinted = flagHint(failed('maxSize'));
	assert.equal(hinted.type === 'image-failed' && hinted.reason, 'larger than the 1 kB limit (--max-size)');
	const retried: EngineEvent = {type: 'image-retried', runId: 'r', at: 1, index: 0, attempt: 2, code: 'ERR_IMGRACE_TLS', reason: 'certificate has expired', hint: 'insecure', delayMs: 5};
	const named = flagHint(retried);
	assert.equal(named.type === 'image-retried' && named.reason, 'certificate has expired; --insecure skips the check');
	const plain = failed();
	assert.equal(flagHint(plain), plain, 'no hint: the same event, not a copy');
	const progress: EngineEvent = {type: 'image-progress', runId: 'r', at: 1, index: 0, transferred: 5, total: 10};
	assert.equal(flagHint(progress), progress);
});

test('every flag a hint names is a real flag, and its text names it', () => {
	const names = new Set(flagSpecs.map(spec => spec.name));
	for (const [hint, {flags, text}] of Object.entries(flagHints)) {
		for (const flag of flags) {
			assert.ok(names.has(flag), `${hint}: --${flag} is no flag`);
			assert.ok(text.includes(`--${flag}`), `${hint}: '${text}' does not name --${flag}`);
		}
	}
});

test('the plain output of a too-big image names --max-size', async () => {
	// From a server of its own: an embedded --size above --max-size is refused before the race.
	await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const result = await runCli(['--url', imageUrl(server.url, 0, {size: 5000}), '-n', '1', '-m', 'sequential', '--max-size', '1KB', '-o', dir]);
		assert.equal(result.code, 1, result.stderr);
		assert.match(result.stdout, /larger than the 1 kB limit \(--max-size\) \[ERR_IMGRACE_TOO_BIG\]/);
		assert.deepEqual(await listFiles(`${dir}/sequential`), []);
	}));
});
