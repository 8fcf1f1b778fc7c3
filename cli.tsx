#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import {helpText, parseArgv, parseRaceConfig, parseServeConfig} from './source/config/index.js';
import {parseShowOptions} from './source/config/show-options.js';
import {chooseHeap, exitCodes, race, runMain, runServe} from './source/entry/index.js';
import {writeStdout} from './source/output/stdout.js';

/** package.json sits one folder up from dist/cli.js, in the repository and in the installed package alike. */
function version(): string {
	const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version?: string};
	return manifest.version ?? '0.0.0';
}

await runMain(async () => {
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
		chooseHeap(false);
		await runServe({...config.server, port: config.port});
		return exitCodes.ok;
	}

	if (parsed.command === 'sweep') {
		const {sweep} = await import('./source/entry/sweep.js');
		return sweep(parsed.flags, version());
	}

	return race(parseRaceConfig(parsed.flags), version(), parseShowOptions(parsed.flags));
});
