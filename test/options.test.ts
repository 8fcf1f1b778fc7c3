import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UsageError, parseHttpUrl, parseRaceConfig, parseSize, parseUrlList} from '../source/config/parse-options.js';

const usage = (fn: () => unknown, pattern: RegExp) => {
	assert.throws(fn, (error: unknown) => error instanceof UsageError && pattern.test(error.message) && !error.message.includes('\n'));
};

test('defaults', () => {
	const config = parseRaceConfig({});
	assert.equal(config.count, 10);
	assert.equal(config.concurrency, 0);
	assert.equal(config.mode, 'both');
	assert.equal(config.out, 'images');
	assert.equal(config.retries, 2);
	assert.equal(config.idleTimeoutMs, 10_000);
	assert.equal(config.keepAlive, true);
	assert.equal(config.server.latencyMs, 350);
	assert.equal(config.server.bandwidth, 1_000_000);
});

test('count must be a positive whole number within bounds', () => {
	usage(() => parseRaceConfig({count: 'abc'}), /--count must be a whole number, got 'abc'/);
	usage(() => parseRaceConfig({count: '0'}), /--count must be between 1 and/);
	usage(() => parseRaceConfig({count: '-3'}), /--count must be between 1 and/);
	usage(() => parseRaceConfig({count: '2.5'}), /--count must be a whole number/);
	usage(() => parseRaceConfig({count: '99999999'}), /--count must be between 1 and 100,000/);
	assert.equal(parseRaceConfig({count: '200'}).count, 200);
});

test('concurrency 0 is refused', () => {
	usage(() => parseRaceConfig({concurrency: '0'}), /--concurrency must be between 1/);
	assert.equal(parseRaceConfig({concurrency: '4'}).concurrency, 4);
});

test('only http and https urls', () => {
	usage(() => parseRaceConfig({url: ['not a url']}), /'not a url' is not a valid URL/);
	usage(() => parseRaceConfig({url: ['file:///etc/passwd']}), /uses file:, only http and https/);
	usage(() => parseRaceConfig({url: ['ftp://127.0.0.1/x.jpg']}), /uses ftp:/);
	usage(() => parseRaceConfig({url: ['javascript:alert(1)']}), /uses javascript:/);
	assert.equal(parseHttpUrl('http://127.0.0.1:8080/a.jpg', '--url'), 'http://127.0.0.1:8080/a.jpg');
});

test('mode, sizes and durations name the flag and value', () => {
	usage(() => parseRaceConfig({mode: 'fast'}), /--mode must be sequential, parallel or both, got 'fast'/);
	usage(() => parseRaceConfig({maxSize: 'big'}), /--max-size must be a size like/);
	usage(() => parseRaceConfig({timeout: '0'}), /--timeout must be a number of seconds/);
	usage(() => parseRaceConfig({url: ['http://a/'], urls: ['list.txt']}), /either --url or --urls/);
	assert.equal(parseSize('x', '1.5MB', 0), 1_500_000);
	assert.equal(parseSize('x', '1MiB', 0), 1_048_576);
	assert.equal(parseSize('x', '250kb/s', 0), 250_000);
	assert.equal(parseSize('x', '0', 7, {allowZero: true}), 0);
	assert.equal(parseRaceConfig({timeout: '0.5'}).idleTimeoutMs, 500);
	assert.equal(parseRaceConfig({keepAlive: false}).keepAlive, false);
});

test('url list skips blanks and comments and reports every bad line with its number', () => {
	assert.deepEqual(parseUrlList('# images\n\nhttp://127.0.0.1/a.jpg\r\n  https://127.0.0.1/b.png  \n', 'l.txt'), ['http://127.0.0.1/a.jpg', 'https://127.0.0.1/b.png']);
	assert.throws(() => parseUrlList('http://127.0.0.1/a.jpg\nnope\n# ok\nftp://x/y\n', 'l.txt'), (error: unknown) => {
		const lines = (error as Error).message.split('\n');
		return lines.length === 2 && /^l\.txt:2: 'nope' is not a valid URL$/.test(lines[0]!) && /^l\.txt:4: .*ftp:/.test(lines[1]!);
	});
	usage(() => parseUrlList('\n# nothing\n', 'empty.txt'), /--urls empty\.txt: no URLs in the file/);
});
