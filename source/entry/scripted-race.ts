import os from 'node:os';
import type {Baseline} from '../config/baseline-file.js';
import type {RaceConfig} from '../config/race-config.js';
import {exportsToStdout, type ShowOptions} from '../config/show-options.js';
import type {EngineEvent} from '../engine/events.js';
import type {Runner} from '../engine/run-spec.js';
import type {Registry} from '../strategies/registry.js';
import {chooseGlyphs} from '../format/glyphs.js';
import {displayText} from '../format/safe-text.js';
import {compareWithBaseline, hasRegression, noiseFloor} from '../model/baseline-comparison.js';
import {raceNoise} from '../model/noise.js';
import {summariseRepeats} from '../model/repeats.js';
import type {RunRecord} from '../model/run-record.js';
import {latestRuns} from '../model/verdict.js';
import {verdictOfRuns} from '../output/json-report.js';
import {exportNumber} from '../output/export-table.js';
import {writeExports} from '../output/exports.js';
import {harDocument} from '../output/har-export.js';
import {plainReporter, type PlainReporter} from '../output/plain-reporter.js';
import {lineForEvent, verdictLines} from '../output/plain-lines.js';
import {raceExport, raceSettings, raceTable, type ExportSettings} from '../output/race-export.js';
import {baselineLines, noiseLines, repeatLines} from '../output/repeat-lines.js';
import {textOut, writeStderr} from '../output/stdout.js';
import {histogramText, timelineText} from '../view/race-charts.js';
import {checkBaseline} from './baseline-check.js';
import {exitCodeFor, exitCodes} from './exit-codes.js';
import {progressDisplay, showsProgress} from './progress-display.js';
import {roundName, runRounds, type Round, type Rounds} from './run-rounds.js';
import type {RunListener} from './run-strategies.js';

export type ScriptedRace = {
	readonly runner: Runner;
	readonly registry: Registry;
	readonly config: RaceConfig;
	readonly show: ShowOptions;
	readonly baseline: Baseline | undefined;
	/** The images each run downloads, in order. */
	readonly urls: readonly string[];
	readonly description: string;
	readonly version: string;
	readonly signal: AbortSignal;
};

/** The part of stdout chartSize reads. */
export type ChartTerminal = Pick<NodeJS.WriteStream, 'isTTY' | 'columns' | 'rows'>;

/**
 * What a plain chart may take: the terminal's size when stdout is one (bash does not export
 * $COLUMNS, and a chart wider than the terminal wraps); otherwise $COLUMNS and $LINES when set (a
 * pipe has no size of its own), else 100 × 50.
 */
export function chartSize(stdout: ChartTerminal = process.stdout, env: NodeJS.ProcessEnv = process.env): {width: number; height: number} {
	// A small terminal, or small $COLUMNS and $LINES, still get charts of their own size: wrapped lines,
	// or a chart taller than the screen, help nobody.
	const terminal = stdout.isTTY === true;
	const within = (value: unknown) => {
		const number = Number(value);
		return Number.isInteger(number) && number >= 1 && number <= 1000 ? number : undefined;
	};

	return {
		width: (terminal ? within(stdout.columns) : undefined) ?? within(env['COLUMNS']) ?? 100,
		height: (terminal ? within(stdout.rows) : undefined) ?? within(env['LINES']) ?? 50,
	};
}

/**
 * A race without the live UI: warm-up runs (not counted), then --runs rounds of the mode's strategies,
 * interleaved, then the verdict, where the time went, the charts, the repeat summary with its noise
 * notes, the baseline comparison and the exports. With repeats only each run's total line is printed,
 * not every image's. Resolves the exit code: 1 for failed images, or for a regression under
 * --fail-on-regression; a baseline of another race is a UsageError before anything runs.
 */
export async function scriptedRace(race: ScriptedRace): Promise<number> {
	const {config, show} = race;
	const settings = exportSettings(race);
	if (race.baseline) {
		checkBaseline(race.baseline, raceSettings(settings));
	}

	const out = textOut(exportsToStdout(show.exports));
	const reporter = plainReporter({json: config.json, description: race.description, version: race.version, client: config.client.name, out});
	const repeated = show.runs > 1 || show.warmup > 0;
	reporter.start();
	// On a terminal a progress line follows each run, so a long repeated race is never silent.
	const display = showsProgress() ? progressDisplay({stream: process.stderr}) : undefined;
	const listenerFor = (round: Round) => {
		const name = roundName(round, show);
		const inner = repeated ? runLines(name, config.json, reporter, out) : reporter;
		return display ? display.follow(name, inner) : inner;
	};

	let rounds: Rounds;
	try {
		rounds = await runRounds({...race, imageCount: race.urls.length, listenerFor});
	} finally {
		display?.stop();
	}

	// In the order --mode named them, as they ran (the registry's order for `all`).
	const latest = latestRuns(rounds.records, config.mode);
	// Which runs count, and their times and costs: one summary for the repeat lines, the baseline and every export.
	const summary = summariseRepeats(rounds.runs);
	// The one verdict, over every counted run (the means, with --runs): printed once, in the JSON and every export
	// alike; none with a single strategy.
	const verdict = verdictOfRuns(rounds.runs, race.registry.names());
	const noise = raceNoise(rounds.loadAverages, os.availableParallelism(), summary.strategies);
	const exported = raceExport(summary, settings, race.version, {order: rounds.order, noise, verdict});
	const comparisons = race.baseline ? compareWithBaseline(summary, race.baseline) : undefined;
	const sections: Record<string, unknown> = {};
	if (repeated) {
		const {strategies, order} = exported;
		sections['repeat'] = {runs: show.runs, warmup: show.warmup, strategies, order, noise: exported.noise};
	}

	if (comparisons && race.baseline) {
		sections['baseline'] = {file: race.baseline.file, noiseFloor, strategies: comparisons.map(entry => ({
			strategy: entry.strategy,
			verdict: entry.comparison?.verdict ?? null,
			reason: entry.comparison?.reason ?? (entry.missing ? 'not in the baseline' : 'nothing to compare'),
			ratio: exportNumber(entry.comparison?.ratio),
			ratioSd: exportNumber(entry.comparison?.ratioSpread),
			// A p-value is read against 0.05 and below: two decimals would make 0.00014 a 0.
			p: exportNumber(entry.comparison?.p, 4),
		}))};
	}

	reporter.finish(rounds.runs, rounds.records, {loads: rounds.loads, sections, summarise: latest, verdict});
	if (!config.json) {
		const glyphs = chooseGlyphs();
		const size = chartSize();
		const blocks = [
			repeated ? repeatLines(summary, show.warmup) : [],
			verdict ? verdictLines(verdict) : [],
			comparisons && race.baseline ? baselineLines(displayText(race.baseline.file, 120), comparisons, noiseFloor) : [],
			show.timeline ? timelineText(latest, {...size, glyphs}) : [],
			show.histogram ? histogramText(latest, {width: size.width, glyphs}) : [],
		].filter(block => block.length > 0);
		for (const block of blocks) {
			out(`\n${block.join('\n')}\n`);
		}

		// A note on how far to trust the results, not a result: stdout carries only those.
		const notes = repeated || comparisons ? noiseLines(noise) : [];
		if (notes.length > 0) {
			writeStderr(`${notes.map(note => `imgrace: ${note}`).join('\n')}\n`);
		}
	}

	// Stopped by a signal or a closed stdout: the files named keep what they held, as a sweep's do. An
	// export of a race cut short would be taken for one that ran (a --baseline, overwritten).
	if (race.signal.aborted) {
		return exitCodeFor(rounds.runs);
	}

	await writeExports(show.exports, {
		document: exported,
		table: raceTable(summary),
		notes: verdict ? verdictLines(verdict) : [],
		// Loaded only when asked for: the report reads its chart library from disk.
		html: async () => (await import('../output/report/html-export.js')).raceHtml({records: rounds.records, summary, verdict}, {settings: {...exported.settings, out: config.out}, version: race.version}),
		har: () => harDocument(rounds.records, {version: race.version, timeOrigin: performance.timeOrigin}),
	});
	const code = exitCodeFor(rounds.runs);
	return code === exitCodes.ok && show.failOnRegression && comparisons && hasRegression(comparisons) ? exitCodes.someFailed : code;
}

/** With repeats: each run's total line ("run 2/3 parallel×4: …") and its failures, not every image's. */
function runLines(round: string, json: boolean, reporter: PlainReporter, out: (text: string) => void): RunListener {
	const prints = (_: RunRecord, event: EngineEvent) => !json && (event.type === 'run-finished' || event.type === 'run-aborted' || event.type === 'image-failed');
	return {
		onEvent(record, event) {
			const line = prints(record, event) ? lineForEvent(record, event) : undefined;
			if (line !== undefined) {
				out(`${round} ${line}\n`);
			}
		},
		prints,
		onFailedStart: failure => {
			reporter.onFailedStart(failure);
		},
	};
}

function exportSettings({config, show, urls}: ScriptedRace): ExportSettings {
	return {...config, urls, runs: show.runs, warmup: show.warmup};
}
