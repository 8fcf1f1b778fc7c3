#!/usr/bin/env node
// The command line: read it, then load only what the command needs (--version and --help load next to nothing).
import {readFileSync} from 'node:fs';
import {parseArgv} from './source/config/argv.js';
import {helpText} from './source/config/flags.js';
import {exitCodes} from './source/entry/exit-codes.js';
import {runMain} from './source/entry/main.js';
import {writeStdout} from './source/output/stdout.js';
import {builtInStrategies, createRegistry} from './source/strategies/index.js';

/** package.json sits one folder up from dist/cli.js, in the repository and in the installed package alike. */
function version(): string {
	const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version?: string};
	return manifest.version ?? '0.0.0';
}

await runMain(async () => {
	const registry = createRegistry(builtInStrategies);
	const parsed = parseArgv(process.argv.slice(2));
	if (parsed.action === 'help') {
		writeStdout(helpText(parsed.command, registry));
		return exitCodes.ok;
	}

	if (parsed.action === 'version') {
		writeStdout(`${version()}\n`);
		return exitCodes.ok;
	}

	if (parsed.command === 'serve') {
		const [{parseServeConfig}, {serve}] = await Promise.all([import('./source/config/parse-options.js'), import('./source/entry/serve.js')]);
		return serve(parseServeConfig(parsed.flags));
	}

	if (parsed.command === 'sweep') {
		const {sweep} = await import('./source/entry/sweep.js');
		return sweep(parsed.flags, registry, version());
	}

	const [{parseRaceConfig}, {parseShowOptions}, {race}] = await Promise.all([import('./source/config/parse-options.js'), import('./source/config/show-options.js'), import('./source/entry/race.js')]);
	return race(parseRaceConfig(parsed.flags, registry), registry, version(), parseShowOptions(parsed.flags));
});
