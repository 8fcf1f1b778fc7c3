#!/usr/bin/env node
// The command line: read it, then load only what the command needs (--version and --help load next to nothing).
// No module.enableCompileCache() here: on the 2-core machine at load 6-11, a warm cache saved 10-20 ms of the
// ~470 ms CPU of a 1-image race and nothing measurable from launch to first line (752 ms warm, 732 ms without,
// medians of 10), and a cold one (any first run, as under npx) cost 110-210 ms more CPU and 200-450 ms more
// to exit while it wrote its ~490 files.
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

	const [{parseRaceConfig}, {parseShowOptions}, {startEmbeddedServer}] = await Promise.all([import('./source/config/parse-options.js'), import('./source/config/show-options.js'), import('./source/entry/image-source.js')]);
	const config = parseRaceConfig(parsed.flags, registry);
	const show = parseShowOptions(parsed.flags);
	// The server's thread starts before the race's code loads, and boots and paints on the other core
	// meanwhile. Launch to first line of a 1-image race, started after it and before (medians of 12):
	// 1,049 and 842 ms at load 11, 465 and 449 ms at load 7.
	const server = startEmbeddedServer(config);
	const {race} = await import('./source/entry/race.js');
	return race(config, registry, version(), show, server);
});
