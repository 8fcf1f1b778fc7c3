import assert from 'node:assert/strict';
import {test} from 'node:test';
import {backoff, parseRetryAfter, retryDelay} from '../source/engine/download/retry-policy.js';
import {downloadSettings} from './helpers/race.js';

// How long a retry waits, as numbers: faults.test.ts checks over HTTP that the engine waits exactly that long.

test('backoff doubles per attempt from 250 ms, plus under 100 ms of jitter', t => {
	const random = t.mock.method(Math, 'random', () => 0);
	assert.deepEqual([1, 2, 3, 4].map(attempt => backoff(attempt)), [250, 500, 1000, 2000]);
	random.mock.mockImplementation(() => 0.999_999);
	assert.deepEqual([1, 2, 3, 4].map(attempt => backoff(attempt)), [349, 599, 1099, 2099]);
});

test('the retry delay: Retry-After over the backoff, both capped; none once retries or --max-time would run out', t => {
	t.mock.method(Math, 'random', () => 0);
	const settings = downloadSettings({retries: 2, maxTimeMs: 10_000, maxRetryDelayMs: 3000});
	const failure = {retryable: true, retryAfterMs: undefined};
	assert.equal(retryDelay(failure, 1, 0, settings), 250);
	assert.equal(retryDelay(failure, 2, 0, settings), 500);
	assert.equal(retryDelay(failure, 3, 0, settings), undefined, 'the third failure after two retries is the last');
	assert.equal(retryDelay({retryable: true, retryAfterMs: 1200}, 1, 0, settings), 1200, 'the server\'s wait, not the backoff');
	assert.equal(retryDelay({retryable: true, retryAfterMs: 60_000}, 1, 0, settings), 3000, 'capped at --max-retry-delay');
	assert.equal(retryDelay({retryable: false, retryAfterMs: undefined}, 1, 0, settings), undefined);
	// A wait that would end at or past --max-time is not started.
	assert.equal(retryDelay(failure, 1, 9749, settings), 250);
	assert.equal(retryDelay(failure, 1, 9750, settings), undefined);
});

test('Retry-After in seconds or as an HTTP date, counted from now on the wall clock', t => {
	t.mock.timers.enable({apis: ['Date'], now: Date.parse('2026-12-06T22:00:00Z')});
	assert.equal(parseRetryAfter('3'), 3000);
	assert.equal(parseRetryAfter([' 1.5 ', '9']), 1500, 'the first of repeated headers');
	assert.equal(parseRetryAfter('Sun, 06 Dec 2026 22:00:42 GMT'), 42_000);
	assert.equal(parseRetryAfter('Sun, 06 Dec 2026 21:59:00 GMT'), 0, 'a date gone by: at once');
	assert.equal(parseRetryAfter('soon'), undefined);
	assert.equal(parseRetryAfter('-1'), undefined, 'a negative delay is none (Date.parse reads it as a year)');
	assert.equal(parseRetryAfter('+3'), undefined);
	assert.equal(parseRetryAfter('2026'), 2_026_000, 'digits alone are seconds, never a year');
	assert.equal(parseRetryAfter('Sunday, 06-Dec-26 22:00:42 GMT'), 42_000, 'the obsolete RFC 850 form');
	assert.equal(parseRetryAfter(''), undefined);
	assert.equal(parseRetryAfter(undefined), undefined);
});
