import type {Registry} from '../strategies/registry.js';
import {clientNames} from '../engine/names.js';
import {defaults} from '../defaults.js';
import {formatBytes} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {works} from '../work/works.js';

export type Command = 'race' | 'serve' | 'sweep';

/** One command-line flag: the argument parser and both help texts are derived from this table. */
export type FlagSpec = {
	/** Long name, as typed after `--`. */
	readonly name: string;
	readonly short?: string;
	readonly type: 'string' | 'boolean';
	/** Placeholder for the value in the help ("N", "URL"). */
	readonly value?: string;
	readonly help: string;
	readonly group: 'Images' | 'Race' | 'HTTP' | 'Embedded server' | 'General' | 'Show' | 'Sweep';
	/** The commands that take this flag; any other refuses it. */
	readonly commands: readonly Command[];
	/** Given as `--no-NAME` (the default is on); the help shows that form. */
	readonly negatable?: boolean;
	/** May be given more than once (curl's -H); the values arrive as a list, in order. */
	readonly multiple?: boolean;
	/** The help under a command where the flag means something else there (sweep's --mode). */
	readonly helpFor?: Partial<Record<Command, string>>;
};

const both: readonly Command[] = ['race', 'serve', 'sweep'];
/** A sweep is a series of races: it takes every race flag. */
const raceOnly: readonly Command[] = ['race', 'sweep'];
const onlyRace: readonly Command[] = ['race'];
const onlySweep: readonly Command[] = ['sweep'];

/** Every flag, once: argv.ts parses by it, flag-reader.ts reads values by its names, the help prints it. */
const table = [
	{name: 'count', short: 'n', type: 'string', value: 'N', group: 'Images', commands: raceOnly, help: `images per run (default ${defaults.count}; not with --urls)`},
	{name: 'url', type: 'string', value: 'URL', group: 'Images', commands: raceOnly, help: 'download URL N times instead of the embedded server'},
	{name: 'urls', type: 'string', value: 'FILE', group: 'Images', commands: raceOnly, help: 'one http(s) URL a line (- = stdin); blank lines and # comments skipped'},
	{name: 'out', short: 'o', type: 'string', value: 'DIR', group: 'Images', commands: raceOnly, help: `output folder (default ./${defaults.out}), one subfolder per strategy`},
	{name: 'mode', short: 'm', type: 'string', value: 'M', group: 'Race', commands: raceOnly, help: `strategies, one after the other: a comma list of names, both or all (default ${defaults.mode})`, helpFor: {
		sweep: 'the strategies swept, one after the other (default parallel; sequential takes one slot at every level, so is never swept)',
	}},
	{name: 'concurrency', short: 'c', type: 'string', value: 'N', group: 'Race', commands: raceOnly, help: `images at once, for every strategy but sequential (default: each its own, one per image up to ${defaults.maxDefaultSlots}; threads and processes one per core with --work thumbnail; always within the open-file limit)`, helpFor: {
		sweep: 'refused: --levels gives each run its concurrency',
	}},
	{name: 'retries', type: 'string', value: 'N', group: 'Race', commands: raceOnly, help: `retries for 429/5xx/resets/truncation (default ${defaults.retries})`},
	{name: 'timeout', type: 'string', value: 'S', group: 'Race', commands: raceOnly, help: `fail an attempt after S seconds without data (default ${defaults.idleTimeoutMs / 1000})`},
	{name: 'max-time', type: 'string', value: 'S', group: 'Race', commands: raceOnly, help: `give up on one image after S seconds in all (default ${defaults.maxTimeMs / 1000})`},
	{name: 'max-size', type: 'string', value: 'SIZE', group: 'Race', commands: raceOnly, get help() {
		return `abort bodies larger than SIZE, e.g. 5MB (default ${compactBytes(defaults.maxSize)})`;
	}},
	{name: 'keep-alive', type: 'boolean', negatable: true, group: 'Race', commands: raceOnly, help: 'a new connection per image'},
	{name: 'work', type: 'string', value: 'W', group: 'Race', commands: raceOnly, help: `after each download: ${Object.keys(works).join(' | ')} (default ${defaults.work}; thumbnail = CPU-bound work)`},
	{name: 'thumb-size', type: 'string', value: 'PX', group: 'Race', commands: raceOnly, help: `thumbnail's long side (default ${defaults.thumbSize}; with --work thumbnail)`},
	{name: 'thumb-repeat', type: 'string', value: 'N', group: 'Race', commands: raceOnly, help: `make each thumbnail N times: heavier work (default ${defaults.thumbRepeat})`},
	{name: 'json', type: 'boolean', group: 'Race', commands: raceOnly, help: 'print one JSON document (no live UI)'},
	{name: 'client', type: 'string', value: 'C', group: 'HTTP', commands: raceOnly, help: `HTTP client of every strategy: ${clientNames.join(' | ')} (default ${defaults.client}; undici is the fast one)`},
	{name: 'header', short: 'H', type: 'string', value: "'N: V'", multiple: true, group: 'HTTP', commands: raceOnly, help: 'send this header with every request (repeatable)'},
	{name: 'user-agent', type: 'string', value: 'UA', group: 'HTTP', commands: raceOnly, help: `User-Agent header (default "${defaults.userAgent}")`},
	{name: 'insecure', short: 'k', type: 'boolean', group: 'HTTP', commands: raceOnly, help: 'accept any TLS certificate (no verification)'},
	{name: 'cacert', type: 'string', value: 'FILE', group: 'HTTP', commands: raceOnly, help: 'also trust the CA certificate(s) in FILE (PEM)'},
	{name: 'latency', type: 'string', value: 'MS', group: 'Embedded server', commands: both, help: `per-request latency (default ${defaults.latencyMs})`},
	{name: 'jitter', type: 'string', value: 'MS', group: 'Embedded server', commands: both, help: `the latency varies by up to MS either way, never below 0 (default ${defaults.jitterMs})`},
	{name: 'bandwidth', type: 'string', value: 'RATE', group: 'Embedded server', commands: both, get help() {
		return `per connection, e.g. 1MB (default ${compactBytes(defaults.bandwidth)}/s; 0 = unlimited)`;
	}},
	{name: 'link-bandwidth', type: 'string', value: 'R', group: 'Embedded server', commands: both, get help() {
		return `shared by all connections (default ${defaults.linkBandwidth === 0 ? 'unlimited' : compactBytes(defaults.linkBandwidth)})`;
	}},
	{name: 'size', type: 'string', value: 'SIZE', group: 'Embedded server', commands: both, help: 'serve images of exactly SIZE bytes'},
	{name: 'seed', type: 'string', value: 'N', group: 'Embedded server', commands: both, help: `which images (default ${defaults.seed})`},
	{name: 'timeline', type: 'boolean', group: 'Show', commands: onlyRace, help: 'print the Timeline (phases of every image) after the results'},
	{name: 'histogram', type: 'boolean', group: 'Show', commands: onlyRace, help: 'print per-image time and time-to-first-byte histograms (p50/p90/p99)'},
	{name: 'runs', type: 'string', value: 'N', group: 'Show', commands: onlyRace, help: `run each strategy N times: mean ${glyphs.plusMinus} ${glyphs.sigma}, min ${glyphs.ellipsis} max (default 1)`},
	{name: 'warmup', type: 'string', value: 'K', group: 'Show', commands: onlyRace, help: 'first run each strategy K times, not counted (default 0)'},
	{name: 'export-json', type: 'string', value: 'FILE', group: 'Show', commands: raceOnly, help: 'write the versioned JSON export to FILE (- = stdout); --baseline reads it', helpFor: {
		sweep: 'write the versioned sweep export to FILE (- = stdout)',
	}},
	{name: 'export-markdown', type: 'string', value: 'FILE', group: 'Show', commands: raceOnly, help: 'write a Markdown table of the results to FILE (- = stdout)'},
	{name: 'export-csv', type: 'string', value: 'FILE', group: 'Show', commands: raceOnly, help: 'write the results as CSV to FILE (- = stdout)'},
	{name: 'export-html', type: 'string', value: 'FILE', group: 'Show', commands: raceOnly, help: 'write one self-contained HTML report to FILE: verdict, a waterfall per strategy, histograms, costs', helpFor: {
		sweep: 'write one self-contained HTML report to FILE: the sweep chart, its table, settings and machine',
	}},
	{name: 'export-har', type: 'string', value: 'FILE', group: 'Show', commands: onlyRace, help: 'write the race as HAR 1.2 to FILE: an entry per image and attempt, for a browser\'s network panel'},
	{name: 'baseline', type: 'string', value: 'FILE', group: 'Show', commands: onlyRace, help: 'compare with an --export-json file: faster, slower or no difference'},
	{name: 'fail-on-regression', type: 'boolean', group: 'Show', commands: onlyRace, help: 'with --baseline: exit 1 when a strategy is significantly slower'},
	{name: 'levels', type: 'string', value: 'LIST', group: 'Sweep', commands: onlySweep, help: 'concurrency levels to run, comma-separated (default 1,2,4,8,16,32)'},
	{name: 'rounds', type: 'string', value: 'N', group: 'Sweep', commands: onlySweep, help: 'run every level N times: the speedup gets a spread (default 1)'},
	{name: 'port', type: 'string', value: 'N', group: 'Embedded server', commands: ['serve'], help: 'port on 127.0.0.1 (default: any free)'},
	{name: 'help', short: 'h', type: 'boolean', group: 'General', commands: both, help: 'show this help'},
	{name: 'version', short: 'V', type: 'boolean', group: 'General', commands: both, help: 'show the version'},
] as const satisfies readonly FlagSpec[];

/** A flag's long name; reading a flag the table does not have is a type error. */
export type FlagName = (typeof table)[number]['name'];

export const flagSpecs: readonly FlagSpec[] = table;

/**
 * "50MB", as the flags are typed (formatBytes says "50 MB"). Only when a help line is read (the
 * getters above): formatBytes's first call loads ICU's number formatting, ~20 ms of CPU that a race
 * started from a script would otherwise pay at start-up for help it never prints.
 */
function compactBytes(bytes: number): string {
	return formatBytes(bytes).replace(' ', '');
}

/** "s  rerun sequential   p  rerun parallel   r  rerun both", from the registry (as the live footer shows them). */
function rerunKeys(registry: Registry): string {
	const {all} = registry;
	return [...all.map(strategy => `${strategy.key}  rerun ${strategy.name}`), `r  rerun ${all.length === 2 ? 'both' : 'all'}`].join('   ');
}

/** "-n, --count N", "    --no-keep-alive". */
function flagLabel(spec: FlagSpec): string {
	const long = `--${spec.negatable ? 'no-' : ''}${spec.name}${spec.value ? ` ${spec.value}` : ''}`;
	return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

function flagLines(specs: readonly FlagSpec[], command: Command): string[] {
	const width = Math.max(...flagSpecs.map(spec => flagLabel(spec).length)) + 2;
	return specs.map(spec => `  ${flagLabel(spec).padEnd(width)}${spec.helpFor?.[command] ?? spec.help}`);
}

function section(title: string, specs: readonly FlagSpec[], command: Command): string[] {
	return specs.length === 0 ? [] : ['', title, ...flagLines(specs, command)];
}

/** The help of a command, derived from the flag table and the race's strategies. */
export function helpText(command: Command, registry: Registry): string {
	const specs = flagSpecs.filter(spec => spec.commands.includes(command));
	const group = (name: FlagSpec['group']) => specs.filter(spec => spec.group === name);
	if (command === 'serve') {
		return [
			'Usage',
			'  $ imgrace serve [options]    run only the embedded random-image server on 127.0.0.1',
			...section('Options', [...group('Embedded server'), ...group('General')], command),
			'',
			'The first line on stdout is "imgrace serve: listening on http://127.0.0.1:PORT".',
			'Runs until SIGINT (exit 130) or SIGTERM (exit 143).',
			'',
		].join('\n');
	}

	if (command === 'sweep') {
		return sweepHelp(group, registry);
	}

	return [
		'Usage',
		'  $ imgrace [options]          race downloads: sequential, then parallel',
		'  $ imgrace serve [options]    run only the embedded random-image server (imgrace serve --help)',
		'  $ imgrace sweep [options]    race --mode\'s strategies at rising concurrency (imgrace sweep --help)',
		...section('Images', group('Images'), command),
		...section('Race', group('Race'), command),
		`  Strategies (--mode): ${registry.modeChoices()}`,
		...section('HTTP (proxies from HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY)', group('HTTP'), command),
		...section('Embedded server', group('Embedded server'), command),
		...section('Show why and where', group('Show'), command),
		...section('General', group('General'), command),
		'',
		'Keys (in a terminal)',
		`  ${rerunKeys(registry)}`,
		'  +/-  concurrency of the next runs (every strategy but sequential)   q  quit',
		'  t  timeline   h  histograms (again: their next page)   g  the images (again: their next page)',
		'  esc  back to the panels',
		'',
		'Results go to stdout, notes and errors to stderr.',
		'Exit codes: 0 all images ok (or quit with q), 1 some images failed or an export not written,',
		'2 bad usage, 129 hung up (SIGHUP, terminal closed), 130 interrupted (SIGINT / Ctrl+C),',
		'143 terminated (SIGTERM), 141 stdout closed early (e.g. imgrace | head -1)',
		'',
		'Examples',
		'  $ imgrace',
		'  $ imgrace -n 50 -c 8',
		'  $ imgrace --json -m parallel > race.json',
		'',
	].join('\n');
}

function sweepHelp(group: (name: FlagSpec['group']) => FlagSpec[], registry: Registry, command: Command = 'sweep'): string {
	return [
		'Usage',
		'  $ imgrace sweep [options]    race at each concurrency level and chart the speedup beside the ideal',
		...section('Sweep', [...group('Sweep'), ...group('Show')], command),
		...section('Images', group('Images'), command),
		...section('Race', group('Race'), command),
		`  Strategies (--mode): ${registry.modeChoices()}`,
		...section('HTTP', group('HTTP'), command),
		...section('Embedded server', group('Embedded server'), command),
		...section('General', group('General'), command),
		'',
		'The speedup of each level is against the level-1 run (a sequential run when 1 is not a level).',
		'It says where adding concurrency stopped paying: the smallest level within 5% of the best.',
		'With --json: {"levels": [{"concurrency", "wallMs", "speedup", ...}], "stoppedPayingAt": N, "ideal": {...}}.',
		'',
		'Examples',
		'  $ imgrace sweep --levels 1,2,4,8,16 --count 16 --link-bandwidth 1MB',
		'  $ imgrace sweep --rounds 3 --json > sweep.json',
		'',
	].join('\n');
}
