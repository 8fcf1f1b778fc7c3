import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {parseArgv} from '../source/config/argv.js';
import {flagSpecs, type FlagSpec} from '../source/config/flags.js';
import {parseRaceConfig, parseServeConfig} from '../source/config/parse-options.js';
import {parseShowOptions, parseSweepOptions} from '../source/config/show-options.js';
import {builtInStrategies, createRegistry} from '../source/strategies/index.js';
import {codeSpans, headingAnchors, linkTargets, markdownParts, shellWords, withoutCodeSpans} from './helpers/markdown.js';

/*
 * The docs a newcomer reads stay true to the code: every flag the parser knows is in docs/usage.md with
 * its commands, every flag the pages write is one the parser knows (or another program's, marked as such),
 * every `$ npx imgrace …` line parses (or fails as the page says), every error code is in docs/errors.md and
 * no other, and every relative link leads somewhere.
 */

const root = new URL('../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pages = ['readme.md', ...readdirSync(path.join(root, 'docs')).filter(name => name.endsWith('.md')).map(name => `docs/${name}`)];

/** Programs whose flags the pages quote: their flags are theirs, not imgrace's. */
const otherPrograms = new Set(['curl', 'node', 'npm', 'npx', 'hyperfine', 'asciinema', 'chromium', 'tsc', 'eslint', 'git', 'jq', 'bash', 'svg-term-cli']);

/** Flags of other programs the pages name outside a command of theirs, each with its program. */
const otherFlags: Readonly<Record<string, string>> = {
	'optimize-for-size': 'V8',
	'semi-space-growth-factor': 'V8',
	'max-semi-space-size': 'V8',
	'min-semi-space-size': 'V8',
	'memory-saver-mode': 'V8',
	'heap-growing-percent': 'V8',
	'single-threaded-gc': 'V8',
	'enable-source-maps': 'Node',
	'max-http-header-size': 'Node',
};

/** A command as written: its environment assignments and `$ ` prompt dropped, then its words. */
function commandWords(text: string): string[] {
	return shellWords(text.replace(/^\$\s+/, '').replace(/^(?:[A-Z_][A-Z\d_]*=\S*\s+)+/, ''));
}

/** imgrace's arguments in a command (`npx imgrace …`, `imgrace …`, `npm start -- …`), or undefined for another program's. */
function imgraceArgs(words: readonly string[]): string[] | undefined {
	if (words[0] === 'imgrace') {
		return words.slice(1);
	}

	if (words[0] === 'npx' && words[1] === 'imgrace') {
		return words.slice(2);
	}

	return words[0] === 'npm' && words[1] === 'start' && words[2] === '--' ? words.slice(3) : undefined;
}

const flagPattern = /(?<![\w-])--([a-z][a-z\d]*(?:-[a-z\d]+)*)/g;
const flagsIn = (text: string) => [...text.matchAll(flagPattern)].map(match => match[1]!);

/** Every `--flag` a page gives as imgrace's: prose, code spans and imgrace command lines, not output or other programs' commands. */
function writtenFlags(text: string): string[] {
	const {code, prose} = markdownParts(text);
	const fromProse = prose.flatMap(paragraph => [
		...flagsIn(withoutCodeSpans(paragraph.text)),
		...codeSpans(paragraph.text).flatMap(span => {
			const words = commandWords(span);
			const args = imgraceArgs(words);
			if (args) {
				return flagsIn(args.join(' '));
			}

			return otherPrograms.has(path.basename(words[0] ?? '')) ? [] : flagsIn(span);
		}),
	]);
	// In a code block only command lines are the writer's; the rest is what a program printed. A `$ ` line is
	// parsed whole by the test below (a flag it does not know fails there, unless the page shows that failure).
	const fromCode = code.flatMap(block => block.lines.flatMap(line => {
		const args = line.startsWith('$ ') ? undefined : imgraceArgs(commandWords(line));
		return args ? flagsIn(args.join(' ')) : [];
	}));
	return [...fromProse, ...fromCode];
}

const known = (name: string) => flagSpecs.some(spec => spec.name === name || (spec.negatable === true && name === `no-${spec.name}`));

test('every flag of the flag table is in docs/usage.md: long and short form in one row, with its commands', () => {
	const usage = read('docs/usage.md');
	let section = '';
	const rows = usage.split('\n').flatMap(line => {
		section = /^#{2,3}\s+(.*)$/.exec(line)?.[1] ?? section;
		return line.startsWith('|') ? [{line, section}] : [];
	});
	// The row whose first cell names the flag: `-n`, `--count N` or `--count N`.
	const rowOf = (spec: FlagSpec) => rows.find(row => new RegExp(`^\\|\\s*(?:\`-\\w\`,\\s*)?\`--${spec.negatable ? 'no-' : ''}${spec.name}[\\s\`]`).test(row.line));
	const problems = flagSpecs.flatMap(spec => {
		const row = rowOf(spec);
		const name = `--${spec.name}`;
		if (!row) {
			return [`${name} has no row in docs/usage.md`];
		}

		const commands = [...spec.commands].sort().join(',');
		const wanted: Array<[boolean, string]> = [
			[spec.short === undefined || row.line.startsWith(`| \`-${spec.short}\`, `), `${name}: its row does not begin with -${spec.short ?? ''}`],
			[commands !== 'race' || row.line.includes('race only'), `${name}: its row does not say "race only"`],
			[commands !== 'sweep' || row.line.includes('`imgrace sweep` only'), `${name}: its row does not say "\`imgrace sweep\` only"`],
			[commands !== 'serve' || row.line.includes('`imgrace serve` only'), `${name}: its row does not say "\`imgrace serve\` only"`],
			[!spec.commands.includes('serve') || commands === 'serve' || ['Embedded server', 'General'].includes(row.section), `${name} works for imgrace serve, but is under "${row.section}"`],
		];
		return wanted.filter(([ok]) => !ok).map(([, problem]) => problem);
	});
	assert.deepEqual(problems, []);
});

test('every --flag written in the readme and docs/ is one imgrace parses, or another program\'s', () => {
	const unknown = pages.flatMap(page => writtenFlags(read(page))
		.filter(name => !known(name) && otherFlags[name] === undefined)
		.map(name => `${page}: --${name}`));
	assert.deepEqual([...new Set(unknown)], []);
});

/** Parse a command as the CLI does before anything runs: the arguments, then the options of its command. */
function parseCommand(args: readonly string[]): void {
	const parsed = parseArgv(args);
	if (parsed.action !== 'run') {
		return;
	}

	const registry = createRegistry(builtInStrategies);
	if (parsed.command === 'serve') {
		parseServeConfig(parsed.flags);
	} else if (parsed.command === 'sweep') {
		parseSweepOptions(parsed.flags);
		parseRaceConfig({...parsed.flags, mode: parsed.flags['mode'] ?? 'parallel'}, registry);
	} else {
		parseRaceConfig(parsed.flags, registry);
		parseShowOptions(parsed.flags);
	}
}

test('every `$ npx imgrace …` line in a code block parses, or fails with the line the page shows under it', () => {
	const problems: string[] = [];
	let commands = 0;
	for (const page of pages) {
		for (const block of markdownParts(read(page)).code) {
			for (const [index, line] of block.lines.entries()) {
				const args = line.startsWith('$ ') ? imgraceArgs(commandWords(line)) : undefined;
				if (!args) {
					continue;
				}

				commands++;
				const shown = block.lines[index + 1] ?? '';
				try {
					parseCommand(args);
				} catch (error) {
					const said = `imgrace: ${(error as Error).message}`;
					if (said !== shown) {
						problems.push(`${page}:${block.line + index + 1}: ${line} → ${said}${shown.startsWith('imgrace: ') ? ` (the page shows ${shown})` : ''}`);
					}
				}
			}
		}
	}

	assert.deepEqual(problems, []);
	assert.ok(commands >= 10, `only ${commands} command lines found: the pattern no longer matches the pages`);
});

/** Every file under a folder, as paths from the repository root. */
function filesUnder(folder: string): string[] {
	return readdirSync(path.join(root, folder), {recursive: true, encoding: 'utf8'})
		.map(name => path.join(folder, name))
		.filter(file => statSync(path.join(root, file)).isFile());
}

const codePattern = /ERR_IMGRACE_[A-Z\d_]+/g;

test('every ERR_IMGRACE_ code in source/ is in docs/errors.md, and every code there is in source/', () => {
	const inSource = new Set(filesUnder('source').filter(file => /\.tsx?$/.test(file)).flatMap(file => read(file).match(codePattern) ?? []));
	const inDocs = new Set(read('docs/errors.md').match(codePattern) ?? []);
	assert.deepEqual([...inSource].filter(code => !inDocs.has(code)).sort(), [], 'codes missing from docs/errors.md');
	assert.deepEqual([...inDocs].filter(code => !inSource.has(code)).sort(), [], 'codes in docs/errors.md that no source file has');
	assert.ok(inSource.size >= 18, `only ${inSource.size} codes found in source/`);
});

test('every relative link in the readme and docs/ leads to a file, and to a heading of it', () => {
	const broken = pages.flatMap(page => markdownParts(read(page)).prose.flatMap(paragraph => linkTargets(paragraph.text)
		.filter(target => !/^[a-z]+:/i.test(target))
		.flatMap(target => {
			const [file = '', anchor] = target.split('#');
			const linked = file === '' ? page : path.join(path.dirname(page), file);
			if (!existsSync(path.join(root, linked))) {
				return [`${page}: ${target} (no ${linked})`];
			}

			return anchor === undefined || !linked.endsWith('.md') || headingAnchors(read(linked)).has(anchor) ? [] : [`${page}: ${target} (no heading #${anchor} in ${linked})`];
		})));
	assert.deepEqual(broken, []);
});
