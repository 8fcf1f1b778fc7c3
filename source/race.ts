import path from 'node:path';
import {flagHint} from './config/flag-hints.js';
import {FolderError, checkOutDir, loadCaFile, loadUrlList, makeFolder} from './config/check-inputs.js';
import type {Mode, RaceConfig} from './config/parse-options.js';
import {runDownloads, type Runner} from './engine/controller.js';
import type {StrategyName} from './engine/events.js';
import {preferSmallHeap} from './engine/heap.js';
import {formatBytes} from './format/format.js';
import {glyphs} from './format/glyphs.js';
import {displayEvent, displayText} from './format/safe-text.js';
import {buildJsonReport, type FailedStart} from './output/json-report.js';
import {failedStartLine, lineForEvent, verdictLine} from './output/plain-lines.js';
import {stdoutClosed, writeStderr, writeStdout} from './output/stdout.js';
import {plural} from './format/plural.js';
import {imageUrl, startImageServer, type ImageServer} from './server/image-server.js';
import {applyEvent, createRunRecord, type RunRecord} from './state/run-record.js';

/** 141 is 128 + SIGPIPE, what a shell reports for a program that was writing into a closed pipe. */
export const exitCodes = {ok: 0, someFailed: 1, usage: 2, sighup: 129, sigint: 130, sigterm: 143, stdoutClosed: 141} as const;

/** Exit codes that mean "a signal ended it": the process then exits at once, whatever is still pending. */
export const signalExitCodes: ReadonlySet<number> = new Set([exitCodes.sighup, exitCodes.sigint, exitCodes.sigterm]);

export function strategiesFor(mode: Mode): StrategyName[] {
	return mode === 'both' ? ['sequential', 'parallel'] : [mode];
}

type Source = {readonly urls: string[]; readonly server: ImageServer | undefined; readonly description: string};

async function resolveSource(config: RaceConfig, signal: AbortSignal): Promise<Source> {
	if (config.urlsFile !== undefined) {
		const urls = await loadUrlList(config.urlsFile, signal);
		return {urls, server: undefined, description: `${plural(urls.length, 'URL')} from ${config.urlsFile === '-' ? 'stdin' : displayText(config.urlsFile)}`};
	}

	if (config.url !== undefined) {
		return {urls: Array.from({length: config.count}, () => config.url!), server: undefined, description: `${displayText(config.url)} ${glyphs.times}${config.count}`};
	}

	const {server: settings} = config;
	const server = await startImageServer({...settings, port: 0});
	const urls = Array.from({length: config.count}, (_, index) => imageUrl(server.url, index));
	const bandwidth = settings.bandwidth > 0 ? `${formatBytes(settings.bandwidth)}/s per connection` : 'unthrottled';
	return {urls, server, description: `embedded server ${server.url} (latency ${settings.latencyMs}${glyphs.plusMinus}${settings.jitterMs}ms, ${bandwidth})`};
}

/**
 * Wire a race: image source, output folder, runner, then the interactive UI on a terminal or the
 * plain / JSON output otherwise. Resolves the process exit code.
 */
export async function race(config: RaceConfig, version: string): Promise<number> {
	// A dumb terminal (TERM=dumb: Emacs shell, some CI consoles) cannot move the cursor, so the live
	// UI's redraws would pile up as garbage: it gets the plain lines, as a pipe does.
	const interactive = !config.json && process.stdout.isTTY === true && process.stdin.isTTY === true && process.env['TERM'] !== 'dumb';
	if (!interactive) {
		// Before any download allocates: scripted runs keep peak memory flat however many images a race
		// has. Not under the live UI: with React and Ink in the heap, the small young generation turns
		// into a scavenge every megabyte and a mark-compact every few hundred ms (readme, Performance).
		preferSmallHeap();
	}

	// Signals are taken over before anything slow starts (the server generates its images first), so an
	// early Ctrl+C or SIGTERM still ends in a clean abort with the right exit code.
	const interrupt = listenForSignals();
	try {
		await checkOutDir(config.out, interrupt.signal);
		const ca = config.http.cacertFile === undefined ? undefined : await loadCaFile(config.http.cacertFile);
		// Generating the server's images takes about a second: say so rather than show a blank screen.
		const announce = interactive && config.url === undefined && config.urlsFile === undefined;
		// On stderr, as every note is: stdout carries results only.
		if (announce) {
			writeStderr(`imgrace: starting the embedded image server${glyphs.ellipsis}`);
		}

		const source = await resolveSource(config, interrupt.signal);
		if (announce) {
			writeStderr('\r\u001B[2K');
		}

		try {
			if (interrupt.code() !== undefined) {
				return interrupt.code()!;
			}

			const runner: Runner = async ({strategy, concurrency, signal, onEvent}) => {
				const outDir = path.join(config.out, strategy);
				const runSignal = signal ? AbortSignal.any([signal, interrupt.signal]) : interrupt.signal;
				// Made here, level by level and abortable, so a folder that cannot be made is a FolderError
				// with a reason in words (the run is reported as not started), never a raw EPERM or a hang.
				await makeFolder(outDir, runSignal);
				return runDownloads({
					strategy,
					concurrency,
					urls: source.urls,
					outDir,
					retries: config.retries,
					idleTimeoutMs: config.idleTimeoutMs,
					maxTimeMs: config.maxTimeMs,
					maxSize: config.maxSize,
					keepAlive: config.keepAlive,
					http: {headers: config.http.headers, userAgent: config.http.userAgent, insecure: config.http.insecure, ca},
					signal: runSignal,
					// The one gate for outside text: everything shown or reported below has been through it.
					onEvent: event => {
						onEvent(flagHint(displayEvent(event)));
					},
				});
			};
			if (interactive) {
				// Loaded only here so scripted runs (--json, pipes, the benchmark) never pay for React and Ink.
				const {runInteractive} = await import('./ui/run-interactive.js');
				const code = await runInteractive({runner, imageCount: source.urls.length, mode: config.mode, concurrency: config.concurrency, signal: interrupt.signal});
				return interrupt.code() ?? code;
			}

			const code = await racePlain(config, runner, source, version, interrupt.signal);
			return interrupt.code() ?? code;
		} finally {
			await source.server?.close();
		}
	} catch (error) {
		// A signal during a slow step (reading --urls, checking --out) ends it there, with its code.
		if (interrupt.code() !== undefined) {
			return interrupt.code()!;
		}

		throw error;
	} finally {
		interrupt.dispose();
	}
}

/**
 * SIGINT, SIGTERM, SIGHUP (the terminal closed) and a closed stdout (`imgrace | head -1`) abort
 * everything in flight, so temp files are removed as on any abort; the exit code says which one came.
 */
function listenForSignals(): {signal: AbortSignal; code: () => number | undefined; dispose: () => void} {
	const controller = new AbortController();
	let code: number | undefined;
	const on = (exitCode: number) => () => {
		code ??= exitCode;
		controller.abort();
	};

	const onInt = on(exitCodes.sigint);
	const onTerm = on(exitCodes.sigterm);
	const onHup = on(exitCodes.sighup);
	const onClosed = on(exitCodes.stdoutClosed);
	const closed = stdoutClosed();
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onTerm);
	process.on('SIGHUP', onHup);
	if (closed.aborted) {
		onClosed();
	} else {
		closed.addEventListener('abort', onClosed, {once: true});
	}

	return {
		signal: controller.signal,
		code: () => code,
		dispose() {
			process.removeListener('SIGINT', onInt);
			process.removeListener('SIGTERM', onTerm);
			process.removeListener('SIGHUP', onHup);
			closed.removeEventListener('abort', onClosed);
		},
	};
}

/**
 * Non-interactive race: one line per finished image on stdout, or one JSON document with --json. The
 * note on where the images come from goes to stderr, and not at all with --json: the document names the
 * URLs itself, and `imgrace --json >out 2>&1` must still be one parseable document.
 */
async function racePlain(config: RaceConfig, runner: Runner, source: Source, version: string, signal: AbortSignal): Promise<number> {
	const write = (line: string) => {
		if (!config.json) {
			writeStdout(`${line}\n`);
		}
	};

	if (!config.json) {
		writeStderr(`imgrace: ${source.description}\n`);
	}

	const records: RunRecord[] = [];
	// In order with the records: a run that could not start is a result too (JSON, plain lines, exit 1).
	const runs: Array<RunRecord | FailedStart> = [];
	for (const strategy of strategiesFor(config.mode)) {
		if (signal.aborted) {
			break;
		}

		let record: RunRecord | undefined;
		// One strategy at a time: run together they would share the bandwidth and both look slower.
		try {
			await runner({
				strategy,
				concurrency: config.concurrency,
				onEvent(event) {
					if (event.type === 'run-started') {
						record = createRunRecord(event);
						records.push(record);
						runs.push(record);
					}

					if (record) {
						applyEvent(record, event);
						// With --json nothing is printed per image: don't format lines only to drop them.
						const line = config.json ? undefined : lineForEvent(record, event);
						if (line !== undefined) {
							write(line);
						}
					}
				},
			});
		} catch (error) {
			if (signal.aborted || !(error instanceof FolderError)) {
				throw error;
			}

			const failure: FailedStart = {strategy, concurrency: strategy === 'parallel' ? (config.concurrency || source.urls.length) : 1, outDir: displayText(path.join(config.out, strategy)), images: source.urls.length, error: error.message};
			runs.push(failure);
			write(failedStartLine(failure));
		}
	}

	const sequential = records.find(record => record.strategy === 'sequential');
	const parallel = records.find(record => record.strategy === 'parallel');
	const verdict = sequential && parallel ? verdictLine(sequential, parallel) : undefined;
	if (verdict) {
		write(verdict);
	}

	if (config.json) {
		writeStdout(`${JSON.stringify(buildJsonReport(runs, version), undefined, 2)}\n`);
	}

	return runs.some(run => !('runId' in run) || run.failed > 0) ? exitCodes.someFailed : exitCodes.ok;
}
