import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built CLI (this file runs from dist/bench/). */
export const cliPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

export type ServerSettings = {
	readonly latencyMs: number;
	readonly jitterMs: number;
	/** Bytes per second per connection; 0 = unlimited. */
	readonly bandwidth: number;
	/** Exact body size of every image; default the pool's own sizes (real pictures, as the CLI serves). */
	readonly imageBytes?: number;
	readonly seed?: number;
};

export type ServerProcess = {
	/** Base URL, e.g. http://127.0.0.1:41234 */
	readonly url: string;
	readonly pid: number;
	/** Stops the server (SIGTERM, then SIGKILL after a grace period); safe to call twice. */
	close(): Promise<void>;
};

/** Every server still running, so a crash or Ctrl+C of the benchmark never leaves one behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) {
		child.kill('SIGKILL');
	}
});

/**
 * Start `imgrace serve` as its own process (server and client must not share an event loop) and wait
 * for its "listening on" line.
 */
export async function startServerProcess(settings: ServerSettings, timeoutMs = 20_000): Promise<ServerProcess> {
	const args = [
		cliPath,
		'serve',
		'--port',
		'0',
		'--latency',
		String(settings.latencyMs),
		'--jitter',
		String(settings.jitterMs),
		'--bandwidth',
		String(settings.bandwidth),
		...(settings.imageBytes === undefined ? [] : ['--size', String(settings.imageBytes)]),
		'--seed',
		String(settings.seed ?? 1),
	];
	const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, FORCE_COLOR: '0'}});
	running.add(child);
	const exited = new Promise<void>(resolve => {
		child.once('exit', () => {
			running.delete(child);
			resolve();
		});
	});

	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-2000);
	});

	const close = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		}
	};

	try {
		const url = await new Promise<string>((resolve, reject) => {
			let stdout = '';
			const timer = setTimeout(() => {
				reject(new Error(`imgrace serve did not report its address within ${timeoutMs / 1000}s${stderr ? `: ${stderr.trim()}` : ''}`));
			}, timeoutMs);
			child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
				stdout += chunk;
				const match = /listening on (http:\/\/\S+)/.exec(stdout);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]!.replace(/\/$/, ''));
				}
			});
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				reject(new Error(`imgrace serve exited (${signal ?? `code ${code}`}) before listening${stderr ? `: ${stderr.trim()}` : ''}`));
			});
			child.once('error', error => {
				clearTimeout(timer);
				reject(error);
			});
		});
		// Keep draining stdout so a chatty server never blocks on a full pipe.
		child.stdout!.resume();
		return {url, pid: child.pid!, close};
	} catch (error) {
		await close();
		throw error;
	}
}

/** Run `body` with a server process and always stop it. */
export async function withServerProcess<T>(settings: ServerSettings, body: (server: ServerProcess) => Promise<T>): Promise<T> {
	const server = await startServerProcess(settings);
	try {
		return await body(server);
	} finally {
		await server.close();
	}
}
