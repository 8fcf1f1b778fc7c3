import type {Baseline} from '../config/baseline-file.js';
import type {RaceConfig} from '../config/race-config.js';
import type {ShowOptions} from '../config/show-options.js';
import type {Runner} from '../engine/controller.js';
import {chooseGlyphs} from '../format/glyphs.js';
import {displayText} from '../format/safe-text.js';
import {compareWithBaseline, hasRegression, noiseFloor} from '../model/baseline-comparison.js';
import type {LoopLoad} from '../model/client-bound.js';
import {summariseRepeats} from '../model/repeats.js';
import type {RunRecord} from '../model/run-record.js';
import {latestRuns} from '../model/verdict.js';
import {writeExports} from '../output/exports.js';
import {plainReporter} from '../output/plain-reporter.js';
import {lineForEvent} from '../output/plain-lines.js';
import {raceExport, raceTable} from '../output/race-export.js';
import {baselineLines, repeatLines} from '../output/repeat-lines.js';
import {writeStdout} from '../output/stdout.js';
import {strategyNames} from '../strategies/registry.js';
import {histogramText, timelineText} from '../view/race-charts.js';
import {exitCodeFor, exitCodes} from './exit-codes.js';
import {runStrategies, type RaceRun, type RunListener} from './run-strategies.js';

export type ScriptedRace = {
	readonly runner: Runner;
	readonly config: RaceConfig;
	readonly show: ShowOptions;
	readonly baseline: Baseline | undefined;
	readonly imageCount: number;
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
	// A terminal narrower than 20 columns still gets charts of its own width: wrapped lines help nobody.
	const terminal = stdout.isTTY === true;
	const within = (value: unknown, least: number) => {
		const number = Number(value);
		return Number.isInteger(number) && number >= least && number <= 1000 ? number : undefined;
	};

	return {
		width: (terminal ? within(stdout.columns, 1) : undefined) ?? within(env['COLUMNS'], 20) ?? 100,
		height: (terminal ? within(stdout.rows, 1) : undefined) ?? within(env['LINES'], 20) ?? 50,
	};
}

/**
 * A race without the live UI: warm-up runs (not counted), then --runs rounds of the mode's strategies,
 * then the verdict, where the time went, the charts, the repeat summary, the baseline comparison and
 * the exports. With repeats only each run's total line is printed, not every image's. Resolves the
 * exit code: 1 for failed images, or for a regression under --fail-on-regression.
 */
export async function scriptedRace(race: ScriptedRace): Promise<number> {
	const {config, show, signal} = race;
	const reporter = plainReporter({json: config.json, description: race.description, version: race.version});
	const repeated = show.runs > 1 || show.warmup > 0;
	reporter.start();
	const runs: RaceRun[] = [];
	const records: RunRecord[] = [];
	const loads = new Map<string, LoopLoad>();
	for (let round = 0; round < show.warmup + show.runs && !signal.aborted; round++) {
		const warm = round < show.warmup;
		const prefix = warm ? `warm-up ${round + 1}/${show.warmup} ` : `run ${round - show.warmup + 1}/${show.runs} `;
		const listener: RunListener = repeated ? {
			onEvent(record, event) {
				const line = config.json || (event.type !== 'run-finished' && event.type !== 'run-aborted' && event.type !== 'image-failed') ? undefined : lineForEvent(record, event);
				if (line !== undefined) {
					writeStdout(`${prefix}${line}\n`);
				}
			},
			onFailedStart: failure => {
				reporter.onFailedStart(failure);
			},
		} : reporter;
		const result = await runStrategies(race.runner, config, race.imageCount, signal, listener);
		if (!warm) {
			runs.push(...result.runs);
			records.push(...result.records);
			for (const [runId, load] of result.loads) {
				loads.set(runId, load);
			}
		}
	}

	const latest = latestRuns(records, strategyNames());
	const summary = summariseRepeats(records);
	const comparisons = race.baseline ? compareWithBaseline(summary, race.baseline) : undefined;
	const sections: Record<string, unknown> = {};
	if (repeated) {
		const {strategies, verdict} = raceExport(summary, exportSettings(race), race.version);
		sections['repeat'] = {runs: show.runs, warmup: show.warmup, strategies, verdict};
	}

	if (comparisons && race.baseline) {
		sections['baseline'] = {file: race.baseline.file, noiseFloor, strategies: comparisons.map(entry => ({
			strategy: entry.strategy,
			verdict: entry.comparison?.verdict ?? null,
			reason: entry.comparison?.reason ?? (entry.missing ? 'not in the baseline' : 'nothing to compare'),
			ratio: entry.comparison?.ratio ?? null,
			ratioSd: entry.comparison?.ratioSpread ?? null,
			p: entry.comparison?.p ?? null,
		}))};
	}

	reporter.finish(runs, records, {loads, sections, summarise: latest});
	if (!config.json) {
		const glyphs = chooseGlyphs();
		const size = chartSize();
		const blocks = [
			repeated ? repeatLines(summary, show.warmup) : [],
			comparisons && race.baseline ? baselineLines(displayText(race.baseline.file, 120), comparisons, noiseFloor) : [],
			show.timeline ? timelineText(latest, {...size, glyphs}) : [],
			show.histogram ? histogramText(latest, {width: size.width, glyphs}) : [],
		].filter(block => block.length > 0);
		for (const block of blocks) {
			writeStdout(`\n${block.join('\n')}\n`);
		}
	}

	await writeExports(show.exports, raceExport(summary, exportSettings(race), race.version), raceTable(summary));
	const code = exitCodeFor(runs);
	return code === exitCodes.ok && show.failOnRegression && comparisons && hasRegression(comparisons) ? exitCodes.someFailed : code;
}

function exportSettings({config, show, imageCount}: ScriptedRace) {
	return {...config, images: imageCount, runs: show.runs, warmup: show.warmup};
}
