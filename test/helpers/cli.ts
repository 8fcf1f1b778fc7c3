import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built entry point (tests run from dist/test/). */
export const cliPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli.js');

export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

type CliOptions = {cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv};

/** Spawn the built imgrace with no terminal, as CI and scripts do. */
export function startCli(args: readonly string[], options: CliOptions = {}): {child: ChildProcess; done: Promise<CliResult>; stdout: () => string} {
	return startProcess(process.execPath, [cliPath, ...args], options);
}

/**
 * Run the built imgrace on an 80×24 pseudo-terminal (util-linux script(1)): what it writes to stdout and
 * stderr both arrives in `stdout`, escapes and all, as a terminal would get it.
 */
export async function runOnTerminal(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
	const quoted = [process.execPath, cliPath, ...args].map(part => `'${part}'`).join(' ');
	return startProcess('script', ['-qefc', `stty cols 80 rows 24; exec ${quoted}`, '/dev/null'], {...options, env: {TERM: 'xterm', ...options.env}}).done;
}

function startProcess(command: string, argv: readonly string[], options: CliOptions): {child: ChildProcess; done: Promise<CliResult>; stdout: () => string} {
	const child = spawn(command, argv, {
		cwd: options.cwd,
		env: {...process.env, CI: 'true', FORCE_COLOR: '0', ...options.env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return outputOf(child, options.timeoutMs ?? 30_000);
}

/**
 * What a spawned process (its stdout and stderr piped) prints, and how it ends; killed after `timeoutMs`
 * by `kill` (by default SIGKILL to the process alone; a detached one's group can be killed instead).
 */
export function outputOf(child: ChildProcess, timeoutMs: number, kill = () => child.kill('SIGKILL')): {child: ChildProcess; done: Promise<CliResult>; stdout: () => string} {
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const timer = setTimeout(kill, timeoutMs);
	const done = new Promise<CliResult>(resolve => {
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
	});
	return {child, done, stdout: () => stdout};
}

/**
 * Spawn the built imgrace under shell limits (`ulimit -v 2000000`), as the user `uid` when given
 * (setpriv, which only root may use): limits such as ulimit -u bind a non-root user only.
 */
export function startLimited(args: readonly string[], limits: string, options: CliOptions & {readonly uid?: number} = {}): {child: ChildProcess; done: Promise<CliResult>; stdout: () => string} {
	const shell = ['bash', '-c', `${limits} && exec "$0" "$@"`, process.execPath, cliPath, ...args];
	const [command, ...argv] = options.uid === undefined ? shell : ['setpriv', `--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', ...shell];
	return startProcess(command!, argv, options);
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
	return startCli(args, options).done;
}

/**
 * The verdict between two strategies (labels as the race writes them, "parallel×3"), either way round:
 * "A 1.9× faster than B (a … vs b …)" or "A and B even (…)". Which one a short race on loopback
 * prints depends on the machine's load at that moment, so a test that is not about the verdict's
 * direction accepts both (a CI run once read "parallel×2 and sequential even" at a load of 3.1).
 * `headlineOnly` stops before the times.
 */
export function verdictBetween(labels: readonly [string, string], {times = '×', plusMinus = '±', headlineOnly = false} = {}): RegExp {
	const escape = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
	const side = `(?:${labels.map(escape).join('|')})`;
	const name = `(?:${labels.map(label => escape(label.replace(/[×x]\d+$/, ''))).join('|')})`;
	const amount = `[\\d.]+(?: ${escape(plusMinus)} [\\d.]+)?${escape(times)}`;
	// Repeated runs too noisy to tell apart say so (model/verdict.ts): a machine's timing, not the code's.
	const headline = `(?:${side} (?:${amount} faster than ${side}|and ${side} even)|cannot tell ${side} from ${side} apart(?:: ${amount} is within the runs' noise)?)`;
	// The live UI wraps the times in brackets onto a line of their own where it must.
	return new RegExp(headlineOnly ? headline : `${headline} \\((?:means of [^:]+: )?${name} \\S+ vs ${name} \\S+\\)`, 'm');
}
