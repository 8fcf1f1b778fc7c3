import {spawn, spawnSync} from 'node:child_process';
import {stripVTControlCharacters} from 'node:util';
import {cliPath} from './cli.js';

export type TerminalResult = {code: number | null; output: string};

/** The environment without the variables the tests set, so the parent's locale cannot leak in. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env};
	for (const name of ['LC_ALL', 'LC_CTYPE', 'LANG', 'NO_COLOR', 'FORCE_COLOR', 'CI', 'TERM', 'COLUMNS', 'LINES']) {
		delete env[name];
	}

	return {...env, ...extra};
}

// util-linux script(1) gives the child a real pseudo-terminal: the only way to see what imgrace writes
// to a terminal (Ink's colours come from chalk, which asks the real file descriptor).
export const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;

/**
 * Run the built imgrace on a pseudo-terminal of `size` (80×24 unless told). `keys` sees everything
 * written so far and returns the keys to type then (once), or undefined to keep waiting.
 */
export async function runOnTerminal(
	args: readonly string[],
	env: Record<string, string>,
	keys?: (output: string) => string | undefined,
	size: {readonly columns: number; readonly rows: number} = {columns: 80, rows: 24},
	timeoutMs = 30_000,
): Promise<TerminalResult> {
	// Set by env(1) after stty: bash (checkwinsize) rewrites an exported $COLUMNS and $LINES after stty.
	const settings = Object.entries(env).map(([name, value]) => `${name}=${value}`);
	const command = [`stty cols ${size.columns} rows ${size.rows};`, 'exec', 'env', ...settings, process.execPath, cliPath, ...args].map(part => (part.endsWith(';') ? part : `'${part}'`)).join(' ');
	const child = spawn('script', ['-qefc', command, '/dev/null'], {env: cleanEnvironment(env), stdio: ['pipe', 'pipe', 'pipe']});
	let output = '';
	let typed = false;
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
		const text = typed ? undefined : keys?.(stripVTControlCharacters(output));
		if (text !== undefined) {
			typed = true;
			child.stdin.write(text);
		}
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	return new Promise(resolve => {
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, output});
		});
	});
}
