import {parseArgs} from 'node:util';
import {closestFlag} from './flag-suggestion.js';
import {flagSpecs, type Command, type FlagSpec} from './flags.js';
import type {RawFlags} from './race-config.js';
import {displayText} from '../format/safe-text.js';
import {UsageError} from './usage-error.js';

export type ParsedArgv =
	| {readonly action: 'help'; readonly command: Command}
	| {readonly action: 'version'}
	| {readonly action: 'run'; readonly command: Command; readonly flags: RawFlags};

const byName = new Map(flagSpecs.map(spec => [spec.name, spec]));

const parseOptions = Object.fromEntries(flagSpecs.map(spec => [spec.name, spec.short ? {type: spec.type, short: spec.short} : {type: spec.type}]));

/** "-3", "-0.5", "-5MB": a value, not a flag (the range check then names the flag). */
const negativeNumber = /^-\d+(?:\.\d+)?(?:[a-z]+(?:\/s)?)?$/i;

type OptionToken = {kind: 'option'; name: string; rawName: string; index: number; value?: string; inlineValue?: boolean};

/**
 * Read the command line with node:util's parseArgs, then hold it to imgrace's rules, each broken rule one
 * UsageError line: no unknown flags, no flag of another command, no flag twice (but -H), a value for every string
 * flag and none for a switch. Non-strict parsing plus the token list is what lets these messages name the
 * flag as typed (`-c`, `--no-json`); strict mode would throw its own multi-line texts and cannot see
 * repeats. `--help` and `--version` win wherever they stand, over any other problem on the line.
 */
export function parseArgv(argv: readonly string[]): ParsedArgv {
	const {tokens} = parseArgs({args: [...argv], options: parseOptions, strict: false, allowPositionals: true, allowNegative: true, tokens: true});
	const options = tokens.filter((token): token is typeof token & OptionToken => token.kind === 'option');
	const positionals = tokens.filter(token => token.kind === 'positional').map(token => token.value);
	// After `--` every word is a positional, and imgrace takes none there: `imgrace -- --count 2` is flags
	// that were meant as flags (npm start -- ARGS, typed once too often), not a command named "--count".
	const terminator = tokens.findIndex(token => token.kind === 'option-terminator');
	const command: Command | undefined = positionals[0] === 'serve' || positionals[0] === 'sweep' ? positionals[0] : (positionals.length === 0 ? 'race' : undefined);
	const given = (name: string) => options.some(token => token.name === name && !token.rawName.startsWith('--no-') && token.value === undefined);
	if (given('help')) {
		return {action: 'help', command: command ?? 'race'};
	}

	if (given('version')) {
		return {action: 'version'};
	}

	// An unknown flag first: it explains a stray word after it (`-X x` is not an "unknown command x").
	for (const token of options) {
		singleDashLong(token, argv[token.index]);
	}

	const specs = options.map(token => specOf(token));
	// Then a missing value: it explains a stray word after it too (`--count -o x` took "-o" as the count).
	for (const [index, token] of options.entries()) {
		checkValue(token, specs[index]!);
	}

	const afterTerminator = terminator === -1 ? [] : tokens.slice(terminator + 1);
	if (afterTerminator.length > 0) {
		const shown = afterTerminator.map(token => (token.kind === 'positional' ? token.value : '')).join(' ');
		throw new UsageError(`imgrace reads no arguments after -- (got '${displayText(shown, 80)}'): drop the -- to give them as options`);
	}

	if (command === undefined) {
		throw new UsageError(unknownCommand(positionals[0]!));
	}

	if (positionals.length > 1) {
		throw new UsageError(`unexpected argument '${positionals[1]}'`);
	}

	const flags: Record<string, string | boolean | string[]> = {};
	for (const [index, token] of options.entries()) {
		const spec = specs[index]!;
		checkCommand(token, spec, command);
		if (spec.multiple) {
			const list = flags[spec.name];
			flags[spec.name] = [...(Array.isArray(list) ? list : []), token.value!];
			continue;
		}

		const value = spec.type === 'boolean' ? !token.rawName.startsWith('--no-') : token.value!;
		if (spec.name in flags) {
			// --keep-alive after --no-keep-alive is no repeat: they say opposite things.
			throw new UsageError(spec.negatable && flags[spec.name] !== value
				? `--${spec.name} and --no-${spec.name} contradict each other; give one of them`
				: `--${spec.negatable ? 'no-' : ''}${spec.name} was given more than once; give it once`);
		}

		flags[spec.name] = value;
	}

	return {action: 'run', command, flags};
}

function specOf(token: OptionToken): FlagSpec {
	const seeAlso = '(see imgrace --help)';
	// `--no-keep-alive=x` comes through under the name "no-keep-alive".
	if (token.name.startsWith('no-') && byName.get(token.name.slice(3))?.negatable) {
		throw new UsageError(`${token.rawName} takes no value`);
	}

	const spec = byName.get(token.name);
	// A short flag is known by its letter only; `--n` is not `-n`.
	const typedAsKnown = spec && (token.rawName.startsWith('--') || token.rawName === `-${spec.short}`);
	const negationAllowed = !token.rawName.startsWith('--no-') || spec?.negatable === true;
	if (!spec || !typedAsKnown || !negationAllowed) {
		const meant = closestFlag(token.rawName, flagSpecs);
		throw new UsageError(`unknown option ${token.rawName} ${meant === undefined ? seeAlso : `(did you mean ${meant}? see imgrace --help)`}`);
	}

	return spec;
}

/**
 * `-concurrency 3` reads as `-c oncurrency` and then a stray "3": name the slip instead. Only a whole
 * flag name after one dash counts, so `-c8` and `-o json` keep their meaning.
 */
function singleDashLong(token: OptionToken, typed: string | undefined): void {
	const name = typed?.split('=')[0]!.slice(1) ?? '';
	if (!token.rawName.startsWith('--') && name.length > 2 && flagSpecs.some(spec => spec.name === name || (spec.negatable && name === `no-${spec.name}`))) {
		throw new UsageError(`unknown option -${name} (did you mean --${name}? see imgrace --help)`);
	}
}

function checkCommand(token: OptionToken, spec: FlagSpec, command: Command): void {
	if (!spec.commands.includes(command)) {
		if (command === 'race' && spec.commands.includes('sweep')) {
			throw new UsageError(`${token.rawName} is for imgrace sweep (see imgrace sweep --help)`);
		}

		throw new UsageError(command === 'race'
			? `${token.rawName} is for imgrace serve; the race picks a free port itself`
			: `${token.rawName} is not an option of imgrace ${command} (see imgrace ${command} --help)`);
	}
}

/** A switch has no value; any other flag has one, and not the next flag. */
function checkValue(token: OptionToken, spec: FlagSpec): void {
	if (spec.type === 'boolean') {
		if (token.value !== undefined) {
			throw new UsageError(`${token.rawName} takes no value`);
		}

		return;
	}

	// Non-strict parseArgs takes the next word whatever it is: `-c --json` would make "--json" the value.
	const value = token.value;
	// A lone "-" is a value: stdin, as in `--urls -`.
	if (value === undefined || (!token.inlineValue && value.startsWith('-') && value !== '-' && !negativeNumber.test(value))) {
		throw new UsageError(`${token.rawName} needs a value`);
	}
}

/**
 * A word where a command goes: one that looks like an address was most likely meant for --url; any
 * other gets the commands there are ("show" is no "--url show").
 */
function unknownCommand(word: string): string {
	const shown = displayText(word, 80);
	return /^[a-z][a-z\d+.-]*:\/\/|^[\w-]+(\.[\w-]+)+(:\d+)?(\/|$)/i.test(word)
		? `unknown command '${shown}' (did you mean --url ${shown}?)`
		: `unknown command '${shown}': the commands are serve and sweep, and a race is imgrace with no command (imgrace --help)`;
}
