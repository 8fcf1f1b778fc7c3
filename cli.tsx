#!/usr/bin/env node
import meow from 'meow';
import {UsageError, parseRaceConfig, parseServeConfig, type RawFlags} from './source/config/parse-options.js';
import {exitCodes, race} from './source/race.js';
import {runServe} from './source/server/serve-command.js';
import {preferSmallHeap} from './source/engine/heap.js';

const cli = meow(`
	Usage
	  $ imgrace [options]          race downloads: sequential, then parallel
	  $ imgrace serve [options]    run only the embedded random-image server

	Images
	  --count N            images per run (default 10; not with --urls)
	  --url URL            download URL N times instead of the embedded server
	  --urls FILE          one http(s) URL a line; blank lines and # comments skipped
	  --out DIR            output folder (default ./images), one subfolder per strategy

	Race
	  --mode M             sequential | parallel | both (default both, one after the other)
	  --concurrency N      parallel slots (default: all images at once)
	  --retries N          retries for 429/5xx/resets/truncation (default 2)
	  --timeout S          fail an attempt after S seconds without data (default 10)
	  --max-time S         give up on one image after S seconds in all (default 60)
	  --max-size SIZE      abort bodies larger than SIZE, e.g. 5MB (default 50MB)
	  --no-keep-alive      a new connection per image
	  --json               print one JSON document (no live UI)

	Embedded server (also for 'serve')
	  --latency MS         per-request latency (default 350)
	  --jitter MS          latency jitter, +/- (default 50)
	  --bandwidth RATE     per connection, e.g. 1MB (default 1MB/s; 0 = unlimited)
	  --link-bandwidth R   shared by all connections (default unlimited)
	  --size SIZE          serve images of exactly SIZE bytes
	  --seed N             which images (default 1)
	  --port N             'serve' only: port on 127.0.0.1 (default: any free)

	Keys (in a terminal)
	  s  rerun sequential   p  rerun parallel   r  rerun both
	  +/- parallel concurrency for the next run   q  quit

	Exit codes: 0 all images ok (or quit with q), 1 some images failed, 2 bad usage,
	130 interrupted (SIGINT / Ctrl+C without the live UI), 143 terminated (SIGTERM)

	Examples
	  $ imgrace
	  $ imgrace --count 50 --concurrency 8
	  $ imgrace --json --mode parallel > race.json
`, {
	importMeta: import.meta,
	allowUnknownFlags: true,
	flags: {
		count: {type: 'string'},
		concurrency: {type: 'string'},
		url: {type: 'string', isMultiple: true},
		urls: {type: 'string', isMultiple: true},
		out: {type: 'string', isMultiple: true},
		mode: {type: 'string', isMultiple: true},
		json: {type: 'boolean'},
		retries: {type: 'string'},
		timeout: {type: 'string'},
		maxTime: {type: 'string'},
		maxSize: {type: 'string'},
		keepAlive: {type: 'boolean', default: true},
		latency: {type: 'string'},
		jitter: {type: 'string'},
		bandwidth: {type: 'string'},
		linkBandwidth: {type: 'string'},
		size: {type: 'string'},
		seed: {type: 'string'},
		port: {type: 'string'},
	},
});

const known = new Set(['count', 'concurrency', 'url', 'urls', 'out', 'mode', 'json', 'retries', 'timeout', 'max-time', 'max-size', 'keep-alive', 'no-keep-alive', 'latency', 'jitter', 'bandwidth', 'link-bandwidth', 'size', 'seed', 'port', 'help', 'version']);

/**
 * Flags on the command line that imgrace does not know. Read from argv rather than from meow's result,
 * which turns `--no-such-flag` into a quiet `suchFlag: false`.
 */
function unknownFlags(argv: readonly string[]): string[] {
	const unknown: string[] = [];
	for (const token of argv) {
		if (token === '--') {
			break;
		}

		const name = /^--([^=]+)/.exec(token)?.[1];
		if (name !== undefined && !known.has(name)) {
			unknown.push(name);
		}
	}

	return unknown;
}

function fail(message: string): never {
	process.stderr.write(`imgrace: ${message}\n`);
	process.exit(exitCodes.usage);
}

async function main(): Promise<number> {
	const [unknown] = unknownFlags(process.argv.slice(2));
	if (unknown !== undefined) {
		fail(`unknown option --${unknown} (see imgrace --help)`);
	}

	const flags = cli.flags as unknown as RawFlags;
	const [command, ...rest] = cli.input;
	if (command === 'serve') {
		if (rest.length > 0) {
			fail(`unexpected argument '${rest[0]}'`);
		}

		// As scripted races do: the server's memory stays flat however long it serves.
		preferSmallHeap();
		await runServe({...parseServeConfig(flags).server, port: parseServeConfig(flags).port});
		return exitCodes.ok;
	}

	if (command !== undefined) {
		fail(`unknown command '${command}' (did you mean --url ${command}?)`);
	}

	if (flags['port'] !== undefined) {
		fail('--port is for imgrace serve; the race picks a free port itself');
	}

	return race(parseRaceConfig(flags), cli.pkg.version ?? '0.0.0');
}

try {
	process.exitCode = await main();
} catch (error) {
	if (error instanceof UsageError) {
		for (const line of error.message.split('\n')) {
			process.stderr.write(`imgrace: ${line}\n`);
		}

		process.exitCode = exitCodes.usage;
	} else {
		process.stderr.write(`imgrace: ${(error as Error).message ?? String(error)}\n`);
		process.exitCode = exitCodes.someFailed;
	}
}
