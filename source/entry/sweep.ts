import os from 'node:os';
import {parseRaceConfig} from '../config/parse-options.js';
import type {RaceConfig, RawFlags} from '../config/race-config.js';
import {exportsToStdout, parseSweepOptions, type SweepOptions} from '../config/show-options.js';
import {UsageError} from '../config/usage-error.js';
import {chooseGlyphs, glyphs} from '../format/glyphs.js';
import {formatDuration} from '../format/format.js';
import {sweepPlan, sweepResult, type LevelRuns} from '../model/sweep-levels.js';
import {works} from '../work/works.js';
import {writeExports} from '../output/exports.js';
import {textOut, writeStderr, writeStdout} from '../output/stdout.js';
import {sweepDocument, sweepLines, sweepSchema, sweepTable} from '../output/sweep-report.js';
import {followsConcurrency, type Registry} from '../strategies/registry.js';
import {exitCodes} from './exit-codes.js';
import {chooseHeap} from './heap-policy.js';
import {openRace} from './open-race.js';
import {progressDisplay, showsProgress} from './progress-display.js';
import {runStrategies} from './run-strategies.js';
import {chartSize} from './scripted-race.js';
import {underSignals} from './signals.js';

type Measured = LevelRuns & {wallMs: number[]; bytes: number[]; concurrency: number; failedImages: number};

/**
 * `imgrace sweep`: each strategy of --mode (default parallel) at each --levels width, --rounds times,
 * one run at a time so no two share the link. A level-1 run is the reference every speedup divides; it
 * runs even when 1 is not a level; levels the strategy takes as one width (above the image count) run
 * once. Progress on stderr when that is a terminal; the chart, or with --json one document, on stdout.
 * Exit 1 when any run failed images.
 */
export async function sweep(flags: RawFlags, registry: Registry, version: string): Promise<number> {
	const options = parseSweepOptions(flags);
	const config = parseRaceConfig({...flags, mode: flags['mode'] ?? 'parallel'}, registry);
	const swept = config.mode.filter(name => followsConcurrency(registry.named(name)));
	if (swept.length === 0) {
		throw new UsageError(`imgrace sweep varies the concurrency, and ${config.mode.join(', ')} always ${config.mode.length === 1 ? 'runs' : 'run'} one image at a time: choose another --mode`);
	}

	chooseHeap(false, undefined, config.client.name);
	const progress = showsProgress();
	return underSignals(async signal => {
		const opened = await openRace(config, {signal, registry, announce: progress, exports: options.exports});
		// While each run goes, the line hyperfine would show; the level's result line replaces it.
		const display = progress ? progressDisplay({stream: process.stderr}) : undefined;
		try {
			const images = opened.source.urls.length;
			const levels = new Map<string, Measured>();
			let failed = 0;
			// A level above the image count runs as the image count, once: never the same width twice.
			const plan = swept.flatMap(strategy => sweepPlan(options.levels, level => registry.named(strategy).slots(level, images, config.work.name)).map(step => ({strategy, ...step})));
			for (let round = 1; round <= options.rounds; round++) {
				for (const {strategy, width, asked} of plan) {
					if (signal.aborted) {
						return exitCodes.ok;
					}

					const listener = display?.follow(options.rounds > 1 ? `round ${round}/${options.rounds}` : '', {});
					const {records} = await runStrategies(opened.runner, registry, {...config, mode: [strategy], asked: width}, images, signal, listener);
					const record = records[0];
					if (!record || record.state !== 'done' || record.wallMs === undefined) {
						continue;
					}

					const key = `${strategy} ${width}`;
					const entry = levels.get(key) ?? {strategy, asked, concurrency: record.concurrency, wallMs: [], bytes: [], failedImages: 0};
					entry.wallMs.push(record.wallMs);
					entry.bytes.push(record.bytes);
					entry.failedImages += record.failed;
					failed += record.failed;
					levels.set(key, entry);
					if (progress) {
						const rounds = options.rounds > 1 ? ` round ${round}/${options.rounds}` : '';
						const cappedFrom = asked.filter(level => level > record.concurrency);
						const capped = cappedFrom.length > 0 ? ` (asked ${cappedFrom.map(level => `${glyphs.times}${level}`).join(', ')})` : '';
						writeStderr(`imgrace sweep: ${strategy} ${glyphs.times}${record.concurrency}${capped}${rounds}: ${formatDuration(record.wallMs)}${record.failed > 0 ? `, ${record.failed} failed` : ''}\n`);
					}
				}
			}

			const reference = new Map<string, LevelRuns>();
			for (const strategy of swept) {
				const level = levels.get(`${strategy} 1`);
				if (level) {
					reference.set(strategy, level);
				}
			}

			const measured = plan.filter(({asked}) => asked.length > 0).map(({strategy, width}) => levels.get(`${strategy} ${width}`)).filter(level => level !== undefined);
			const embedded = config.url === undefined && config.urlsFile === undefined;
			// CPU-bound work (--work thumbnail) cannot go faster than the cores it has, whatever the concurrency.
			const cores = works[config.work.name].cpuBound ? {cores: os.availableParallelism()} : {};
			const result = sweepResult({levels: measured, reference, images, ...cores, ...(embedded && config.server.linkBandwidth > 0 ? {linkBandwidth: config.server.linkBandwidth} : {})});
			const document = sweepDocument(result, {version, images, rounds: options.rounds});
			if (config.json) {
				writeStdout(`${JSON.stringify(document, undefined, 2)}\n`);
			} else {
				const {width} = chartSize();
				textOut(exportsToStdout(options.exports))(`${sweepLines(result, {width, height: 18, glyphs: chooseGlyphs()}).join('\n')}\n`);
			}

			await writeExports(options.exports, {
				document: {schema: sweepSchema, ...document},
				table: sweepTable(result),
				html: async () => (await import('../output/report/html-export.js')).sweepHtml(result, {settings: sweepSettings(config, options, images), version}),
			});
			return failed > 0 ? exitCodes.someFailed : exitCodes.ok;
		} finally {
			display?.stop();
			await opened.close();
		}
	});
}

/** What a sweep's report says of how it ran. */
function sweepSettings(config: RaceConfig, options: SweepOptions, images: number): Record<string, unknown> {
	const embedded = config.url === undefined && config.urlsFile === undefined;
	return {
		images,
		mode: config.mode,
		levels: options.levels,
		rounds: options.rounds,
		client: config.client.name,
		work: config.work.name,
		keepAlive: config.download.keepAlive,
		source: embedded ? 'embedded' : (config.url === undefined ? 'urls' : 'url'),
		...(embedded ? {latencyMs: config.server.latencyMs, jitterMs: config.server.jitterMs, bandwidth: config.server.bandwidth, linkBandwidth: config.server.linkBandwidth, seed: config.server.seed} : {}),
		out: config.out,
	};
}
