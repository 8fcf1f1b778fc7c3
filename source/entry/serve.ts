import type {ServeConfig} from '../config/race-config.js';
import {UsageError} from '../config/usage-error.js';
import {formatLatency} from '../format/format.js';
import {startImageServer, type ImageServerOptions} from '../server/image-server.js';
import {exitCodes} from './exit-codes.js';
import {chooseHeap} from './heap-policy.js';

const signalCodes = {SIGINT: exitCodes.sigint, SIGTERM: exitCodes.sigterm} as const;

/** `imgrace serve` as parsed: the server on its port until a signal; resolves only if it never comes. */
export async function serve(config: ServeConfig): Promise<number> {
	// As scripted races do: the server's memory stays flat however long it serves.
	chooseHeap(false);
	await runServe({...config.server, port: config.port});
	return exitCodes.ok;
}

/**
 * `imgrace serve`: runs the embedded image server until SIGINT/SIGTERM. The first stdout line is exactly
 * `imgrace serve: listening on http://127.0.0.1:PORT` (the benchmark parses it); the second describes the settings.
 */
export async function runServe(options: ImageServerOptions): Promise<void> {
	const started = performance.now();
	const server = await startImageServer(options).catch((error: unknown) => {
		// The port was the user's choice: a taken or forbidden one is bad input, in words.
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'EADDRINUSE' || code === 'EACCES') {
			throw new UsageError(`--port ${options.port}: ${code === 'EADDRINUSE' ? 'already in use on 127.0.0.1; choose another, or --port 0 for a free one' : 'not allowed for this user (ports below 1024 need privileges); choose another'}`);
		}

		throw error;
	});
	const ready = performance.now() - started;
	process.stdout.write(`imgrace serve: listening on ${server.url}\n`);
	const {latencyMs, jitterMs, bandwidth, linkBandwidth, seed, imageBytes} = server.options;
	const settings = [
		`latency ${formatLatency(latencyMs, jitterMs)}`,
		`bandwidth ${rate(bandwidth)} per connection`,
		`link ${rate(linkBandwidth)}`,
		`seed ${seed}`,
		imageBytes === undefined ? 'image sizes vary' : `images ${imageBytes} bytes`,
		`ready in ${Math.round(ready)} ms`,
	];
	process.stdout.write(`imgrace serve: ${settings.join(', ')}\n`);

	const signal = await new Promise<keyof typeof signalCodes>(resolve => {
		process.once('SIGINT', () => resolve('SIGINT'));
		process.once('SIGTERM', () => resolve('SIGTERM'));
	});
	await server.close();
	process.exit(signalCodes[signal]);
}

function rate(bytesPerSecond: number): string {
	if (bytesPerSecond === 0) {
		return 'unlimited';
	}

	return bytesPerSecond >= 1_000_000 ? `${bytesPerSecond / 1_000_000} MB/s` : `${bytesPerSecond / 1000} kB/s`;
}
