import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseArgv} from '../source/config/argv.js';
import {flagSpecs, helpText} from '../source/config/flags.js';
import {parseRaceConfig, parseServeConfig} from '../source/config/parse-options.js';
import type {RawFlags} from '../source/config/race-config.js';
import {parseHttpUrl, parseUrlList} from '../source/config/url-list.js';
import {UsageError} from '../source/config/usage-error.js';
import {parseSize} from '../source/config/values.js';
import {defaults, downloadDefaults, serverDefaults} from '../source/defaults.js';
import {testRegistry} from './helpers/race.js';

const registry = testRegistry();

const usage = (fn: () => unknown, pattern: RegExp) => {
	assert.throws(fn, (error: unknown) => error instanceof UsageError && pattern.test(error.message) && !error.message.includes('\n'));
};

test('defaults', () => {
	const config = parseRaceConfig({}, registry);
	assert.equal(config.count, 10);
	assert.equal(config.asked, 0);
	assert.deepEqual(config.mode, ['sequential', 'parallel']);
	assert.equal(config.out, 'images');
	assert.equal(config.download.retries, 2);
	assert.equal(config.download.idleTimeoutMs, 10_000);
	assert.equal(config.download.keepAlive, true);
	assert.equal(config.client.name, 'got');
	assert.equal(config.server.latencyMs, 350);
	assert.equal(config.server.bandwidth, 1_000_000);
});

test('count must be a positive whole number within bounds', () => {
	usage(() => parseRaceConfig({count: 'abc'}, registry), /--count must be a whole number, got 'abc'/);
	usage(() => parseRaceConfig({count: '0'}, registry), /--count must be between 1 and/);
	usage(() => parseRaceConfig({count: '-3'}, registry), /--count must be between 1 and/);
	usage(() => parseRaceConfig({count: '2.5'}, registry), /--count must be a whole number/);
	usage(() => parseRaceConfig({count: '99999999'}, registry), /--count must be between 1 and 100,000/);
	assert.equal(parseRaceConfig({count: '200'}, registry).count, 200);
});

test('concurrency 0 is refused', () => {
	usage(() => parseRaceConfig({concurrency: '0'}, registry), /--concurrency must be between 1/);
	assert.equal(parseRaceConfig({concurrency: '4'}, registry).asked, 4);
});

test('only http and https urls', () => {
	usage(() => parseRaceConfig({url: 'not a url'}, registry), /'not a url' is not a valid URL/);
	usage(() => parseRaceConfig({url: 'file:///etc/passwd'}, registry), /uses file:, only http and https/);
	usage(() => parseRaceConfig({url: 'ftp://127.0.0.1/x.jpg'}, registry), /uses ftp:/);
	usage(() => parseRaceConfig({url: 'javascript:alert(1)'}, registry), /uses javascript:/);
	assert.equal(parseHttpUrl('http://127.0.0.1:8080/a.jpg', '--url'), 'http://127.0.0.1:8080/a.jpg');
});

test('mode, sizes and durations name the flag and value', () => {
	usage(() => parseRaceConfig({mode: 'fast'}, registry), /--mode must be sequential, parallel, threads, processes, pipeline, both or all \(or a comma list of names\), got 'fast'/);
	// A strategy named twice is refused, through both or all too: it would run once, not twice as written.
	usage(() => parseRaceConfig({mode: 'sequential,sequential'}, registry), /--mode names 'sequential' twice: each strategy runs once a round/);
	usage(() => parseRaceConfig({mode: 'both,parallel'}, registry), /--mode names 'parallel' twice \(both includes it\)/);
	usage(() => parseRaceConfig({mode: 'threads,all'}, registry), /--mode names 'threads' twice \(all includes it\)/);
	assert.deepEqual(parseRaceConfig({mode: 'pipeline,sequential'}, registry).mode, ['pipeline', 'sequential'], 'in the order given');
	usage(() => parseRaceConfig({'max-size': 'big'}, registry), /--max-size must be a size like/);
	usage(() => parseRaceConfig({timeout: '0'}, registry), /--timeout must be a number of seconds/);
	usage(() => parseRaceConfig({url: 'http://a/', urls: 'list.txt'}, registry), /either --url or --urls/);
	assert.equal(parseSize('x', '1.5MB', 0), 1_500_000);
	assert.equal(parseSize('x', '1MiB', 0), 1_048_576);
	assert.equal(parseSize('x', '250kb/s', 0), 250_000);
	assert.equal(parseSize('x', '0', 7, {allowZero: true}), 0);
	assert.equal(parseRaceConfig({timeout: '0.5'}, registry).download.idleTimeoutMs, 500);
	assert.equal(parseRaceConfig({'keep-alive': false}, registry).download.keepAlive, false);
});

test('--size and --max-size: the default limit fits the embedded server\'s images; a limit set below them is a usage error', () => {
	assert.equal(parseRaceConfig({size: '60MB'}, registry).download.maxSize, 60_000_000, 'images the user asked for are not refused by a limit they did not set');
	assert.equal(parseRaceConfig({size: '2MB'}, registry).download.maxSize, defaults.maxSize);
	assert.equal(parseRaceConfig({size: '60MB', 'max-size': '80MB'}, registry).download.maxSize, 80_000_000);
	usage(() => parseRaceConfig({size: '60MB', 'max-size': '50MB'}, registry), /^--size 60MB is larger than --max-size 50MB: every image would be refused \(raise --max-size or lower --size\)$/);
	// --size shapes only the embedded server: with another server it is refused, so it raises no limit there.
	usage(() => parseRaceConfig({size: '60MB', url: 'http://127.0.0.1/a.jpg'}, registry), /^--size shapes the embedded server's images/);
	usage(() => parseRaceConfig({size: '1'}, registry), /^--size must be at least 1,000 bytes, got '1'$/);
	usage(() => parseServeConfig({size: '600'}), /^--size must be at least 1,000 bytes/);
});

test('negative sizes must be positive, and durations say their one-day cap', () => {
	const parsed = parseArgv(['--max-size', '-5MB', '--bandwidth', '-1MB/s']);
	assert.equal(parsed.action, 'run');
	const flags = parsed.action === 'run' ? parsed.flags : {};
	usage(() => parseRaceConfig({'max-size': flags['max-size']}, registry), /^--max-size must be greater than 0, got '-5MB'$/);
	usage(() => parseRaceConfig({bandwidth: flags['bandwidth']}, registry), /^--bandwidth must be 0 or more, got '-1MB\/s'$/);
	usage(() => parseRaceConfig({'max-time': '99999999999'}, registry), /^--max-time must be at most 86,400 seconds \(one day\), got '99999999999'$/);
	usage(() => parseRaceConfig({timeout: '-2'}, registry), /^--timeout must be a number of seconds greater than 0, got '-2'$/);
	assert.equal(parseRaceConfig({'max-time': '86400'}, registry).download.maxTimeMs, 86_400_000);
});

test('url list skips blanks and comments and reports every bad line with its number', () => {
	assert.deepEqual(parseUrlList('# images\n\nhttp://127.0.0.1/a.jpg\r\n  https://127.0.0.1/b.png  \n', 'l.txt'), ['http://127.0.0.1/a.jpg', 'https://127.0.0.1/b.png']);
	assert.throws(() => parseUrlList('http://127.0.0.1/a.jpg\nnope\n# ok\nftp://x/y\n', 'l.txt'), (error: unknown) => {
		const lines = (error as Error).message.split('\n');
		return lines.length === 2 && /^l\.txt:2: 'nope' is not a valid URL$/.test(lines[0]!) && /^l\.txt:4: .*ftp:/.test(lines[1]!);
	});
	usage(() => parseUrlList('\n# nothing\n', 'empty.txt'), /--urls empty\.txt: no URLs in the file/);
	usage(() => parseUrlList('http://127.0.0.1/a.jpg # the cat\n', 'c.txt'), /^c\.txt:1: 'http:\/\/127\.0\.0\.1\/a\.jpg # the cat' has a space in it: one URL a line, and a # comment on a line of its own$/);
});

test('argv: short and long forms land on the same flag; negation only where declared', () => {
	const parsed = parseArgv(['-n', '3', '-c2', '-m', 'parallel', '-o', 'out', '--no-keep-alive', '--max-size=5MB']);
	assert.deepEqual(parsed, {action: 'run', command: 'race', flags: {count: '3', concurrency: '2', mode: 'parallel', out: 'out', 'keep-alive': false, 'max-size': '5MB'}});
	const config = parseRaceConfig((parsed as {flags: RawFlags}).flags, registry);
	assert.deepEqual([config.count, config.asked, config.mode, config.out, config.download.keepAlive, config.download.maxSize], [3, 2, ['parallel'], 'out', false, 5_000_000]);
	assert.deepEqual(parseArgv(['serve', '--port', '8080', '--seed', '2']), {action: 'run', command: 'serve', flags: {port: '8080', seed: '2'}});
	usage(() => parseArgv(['--no-count']), /^unknown option --no-count/);
	usage(() => parseArgv(['--n', '3']), /^unknown option --n /);
	usage(() => parseArgv(['--keep-alive', '--no-keep-alive']), /^--keep-alive and --no-keep-alive contradict each other; give one of them$/);
	usage(() => parseArgv(['--no-keep-alive', '--no-keep-alive']), /^--no-keep-alive was given more than once/);
	// A negative number is a value, refused by the range check that names the flag.
	assert.equal(parseArgv(['--count', '-3']).action, 'run');
});

test('argv: help and version win wherever they stand; help is per command', () => {
	assert.deepEqual(parseArgv(['--count', '3', '--help']), {action: 'help', command: 'race'});
	assert.deepEqual(parseArgv(['-Z', '-h']), {action: 'help', command: 'race'});
	assert.deepEqual(parseArgv(['serve', '-h']), {action: 'help', command: 'serve'});
	assert.deepEqual(parseArgv(['--port', '1', '-V']), {action: 'version'});
	// After `--` it is a word, not a flag, and imgrace takes no words there: not "unknown command '--help'".
	usage(() => parseArgv(['--', '--help']), /^imgrace reads no arguments after -- \(got '--help'\): drop the -- to give them as options$/);
	assert.deepEqual(parseArgv(['-n', '3', '--']), {action: 'run', command: 'race', flags: {count: '3'}}, 'nothing after it: nothing refused');
	// A word that looks like an address was meant for --url; any other is told the commands there are.
	usage(() => parseArgv(['http://127.0.0.1:8080/a.jpg']), /^unknown command 'http:\/\/127\.0\.0\.1:8080\/a\.jpg' \(did you mean --url http:/);
	usage(() => parseArgv(['localhost.localdomain/a.jpg']), /did you mean --url localhost\.localdomain\/a\.jpg\?/);
	usage(() => parseArgv(['show']), /^unknown command 'show': the commands are serve and sweep, and a race is imgrace with no command \(imgrace --help\)$/);
});

test('help is derived from the flag table: every flag in the help of each command that takes it', () => {
	for (const command of ['race', 'serve'] as const) {
		const help = helpText(command, registry);
		for (const spec of flagSpecs) {
			const shown = new RegExp(`${spec.short ? `-${spec.short}, ` : ''}--${spec.negatable ? 'no-' : ''}${spec.name}\\b`);
			assert.equal(shown.test(help), spec.commands.includes(command), `${command} help and --${spec.name}`);
		}
	}

	// Defaults are printed from the parser's own defaults.
	assert.match(helpText('race', registry), new RegExp(`images per run \\(default ${defaults.count};`));
	assert.match(helpText('race', registry), /retries for 429\/5xx\/resets\/truncation \(default 2\)/);
	assert.match(helpText('race', registry), /\(default 50MB\)/);
	assert.match(helpText('serve', registry), /per connection, e\.g\. 1MB \(default 1MB\/s; 0 = unlimited\)/);
	// The keys come from the registry; with its two strategies the line reads as it always has.
	assert.ok(helpText('race', registry).includes('\n  s  rerun sequential   p  rerun parallel   w  rerun threads   c  rerun processes   i  rerun pipeline   r  rerun all\n'));
});

test('help names every key the footer shows, -c for every strategy it sets, and sweep\'s own meanings', () => {
	const race = helpText('race', registry);
	for (const key of ['t  timeline', 'h  histograms', 'esc  back to the panels', '+/-  concurrency of the next runs', 'q  quit']) {
		assert.ok(race.includes(key), `race help: ${key}`);
	}

	const concurrency = (help: string) => help.split('\n').find(line => line.includes('--concurrency N'))!;
	// What the width rules do (strategies/slots.ts): downloads one per image for every strategy, threads and
	// processes one per core for CPU work.
	const processes = registry.named('processes');
	assert.deepEqual([processes.slots(0, 10, 'download'), processes.slots(0, 10, 'thumbnail') <= 10], [10, true]);
	assert.match(concurrency(race), /every strategy but sequential.*one per image up to 64; threads and processes one per core with --work thumbnail/);
	const mode = (help: string) => help.split('\n').find(line => line.includes('--mode M'))!;
	assert.match(mode(race), /\(default both\)/);
	const sweep = helpText('sweep', registry);
	assert.match(mode(sweep), /\(default parallel;/, 'sweep says its own default mode');
	assert.match(sweep, /"ideal": \{\.\.\.\}\}/, 'the sweep document\'s ideal is an object (output/sweep-report.ts)');
	assert.doesNotMatch(sweep, /default both/);
	assert.match(concurrency(sweep), /refused: --levels/);
	assert.doesNotMatch(sweep, /--baseline reads it/, '--baseline refuses a sweep export');
	assert.match(race, /--baseline reads it/);
});

test('one defaults table: the parser, the engine and the help all read source/defaults.ts', () => {
	const race = parseRaceConfig({}, registry);
	assert.deepEqual(
		[race.count, race.asked, race.out, race.mode, race.download, race.client.userAgent, race.client.name],
		[defaults.count, defaults.concurrency, defaults.out, registry.parseModes(defaults.mode), {retries: defaults.retries, idleTimeoutMs: defaults.idleTimeoutMs, maxTimeMs: defaults.maxTimeMs, maxSize: defaults.maxSize, keepAlive: defaults.keepAlive, maxRetryDelayMs: defaults.maxRetryDelayMs}, defaults.userAgent, defaults.client],
	);
	const serve = parseServeConfig({});
	assert.deepEqual(
		[serve.port, serve.server.latencyMs, serve.server.jitterMs, serve.server.bandwidth, serve.server.linkBandwidth, serve.server.seed],
		[serverDefaults.port, serverDefaults.latencyMs, serverDefaults.jitterMs, serverDefaults.bandwidth, serverDefaults.linkBandwidth, serverDefaults.seed],
	);
	const help = helpText('race', registry);
	assert.ok(help.includes(`(default "${downloadDefaults.userAgent}")`), 'user agent default in the help');
	assert.match(help, new RegExp(`one per image up to ${defaults.maxDefaultSlots};`));
	assert.match(help, new RegExp(`per-request latency \\(default ${defaults.latencyMs}\\)`));
	assert.match(help, new RegExp(`output folder \\(default \\./${defaults.out}\\)`));
});
