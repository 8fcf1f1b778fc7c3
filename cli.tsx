#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import {parseArgv} from './source/config/argv.js';
import {helpText} from './source/config/flags.js';
import {UsageError, parseRaceConfig, parseServeConfig} from './source/config/parse-options.js';
import {stdoutClosed, writeStderr, writeStdout} from './source/output/stdout.js';
import {exitCodes, race, signalExitCodes} from './source/race.js';
import {displayText} from './source/format/safe-text.js';
import {runServe} from './source/server/serve-command.js';
import {preferSmallHeap} from './source/engine/heap.js';

/** package.json sits one folder up from dist/cli.js, in the repository and in the installed package alike. */
function version(): string {
	const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version?: string};
	return manifest.version ?? '0.0.0';
}

async function main(): Promise<number> {
	// From the start: `imgrace --help | head -1` must end as quietly as a race does.
	stdoutClosed();
	const parsed = parseArgv(process.argv.slice(2));
	if (parsed.action === 'help') {
		writeStdout(helpText(parsed.command));
		return exitCodes.ok;
	}

	if (parsed.action === 'version') {
		writeStdout(`${version()}\n`);
		return exitCodes.ok;
	}

	if (parsed.command === 'serve') {
		const config = parseServeConfig(parsed.flags);
		// As scripted races do: the server's memory stays flat however long it serves.
		preferSmallHeap();
		await runServe({...config.server, port: config.port});
		return exitCodes.ok;
	}

	return race(parseRaceConfig(parsed.flags), version());
}

try {
	const code = await main();
	process.exitCode = code;
	// A signal ends imgrace now: a read or stat it abandoned (a silent pipe, a hung mount) must not
	// keep the event loop alive. Temp files are gone by here; stdout and stderr pipes write synchronously.
	if (signalExitCodes.has(code)) {
		process.exit();
	}
} catch (error) {
	// Messages can quote outside text (a line of a --urls file, a URL): escaped, cut, no password.
	if (error instanceof UsageError) {
		for (const line of error.message.split('\n')) {
			writeStderr(`imgrace: ${displayText(line, 300)}\n`);
		}

		process.exitCode = exitCodes.usage;
	} else {
		writeStderr(`imgrace: ${displayText((error as Error).message ?? String(error), 300)}\n`);
		process.exitCode = exitCodes.someFailed;
	}
}
