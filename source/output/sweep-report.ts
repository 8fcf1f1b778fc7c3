import {sweepChartLines} from '../charts/index.js';
import {glyphs, type Glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import type {SweepLevelResult, SweepResult} from '../model/sweep-levels.js';
import {exportNumber, timingCells, timingColumns, type ExportTable} from './export-table.js';

/** Names the format of an exported sweep (--export-json on imgrace sweep). */
export const sweepSchema = 'imgrace/sweep@1';

const round = (value: number | undefined): number | null => exportNumber(value, 3);

/** The --json document of a sweep (docs/json.md, "A sweep"). */
export function sweepDocument(result: SweepResult, meta: {readonly version: string; readonly images: number; readonly rounds: number}) {
	return {
		version: meta.version,
		images: meta.images,
		rounds: meta.rounds,
		levels: result.levels.map(level => ({
			strategy: level.strategy,
			concurrency: level.concurrency,
			asked: level.asked,
			wallMs: round(level.wall?.mean),
			...(level.wall && level.wall.count > 1 ? {wallSdMs: round(level.wall.sd)} : {}),
			speedup: round(level.speedup),
			...(level.speedupSd === undefined ? {} : {speedupSd: round(level.speedupSd)}),
			ideal: round(level.ideal),
			failedImages: level.failedImages,
		})),
		stoppedPayingAt: result.stoppedPayingAt ?? null,
		byStrategy: result.byStrategy.map(entry => ({strategy: entry.strategy, stoppedPayingAt: entry.stoppedPayingAt ?? null, stillPayingAt: entry.stillPayingAt ?? null})),
		ideal: {
			images: result.limits.images,
			linkCap: round(result.limits.linkCap),
			cores: result.limits.cores ?? null,
			levels: result.levels.map(level => ({strategy: level.strategy, concurrency: level.concurrency, speedup: round(level.ideal)})),
		},
	};
}

/** "Levels ×16, ×32 ran as ×10: never more slots than images (10 images)", for each width that stands for levels it could not take. */
function cappedLines(levels: readonly SweepLevelResult[], images: number, times: string): string[] {
	return levels.flatMap(level => {
		const above = level.asked.filter(asked => asked > level.concurrency);
		if (above.length === 0) {
			return [];
		}

		const why = level.concurrency >= images ? `never more slots than images (${plural(images, 'image')})` : 'the open-file limit';
		return [`${above.length === 1 ? 'Level' : 'Levels'} ${above.map(asked => `${times}${asked}`).join(', ')} ran as ${times}${level.concurrency}: ${why}`];
	});
}

/**
 * What a strategy's levels need said beside its chart: the levels that ran narrower than asked, and the
 * levels whose failed images make their speedup say little. The plain chart and the HTML report's both
 * give these words, so neither says less than the other.
 */
export function sweepNotes(levels: readonly SweepLevelResult[], images: number, times: string = glyphs.times): string[] {
	const failed = levels.filter(level => level.failedImages > 0).map(level => `${times}${level.concurrency} (${level.failedImages} failed)`);
	const warning = failed.length > 0 ? [`Levels with failed images did less work, their speedup says little: ${failed.join(', ')}`] : [];
	return [...cappedLines(levels, images, times), ...warning];
}

/** A chart per strategy, speedup by concurrency beside the ideal, each ending in where it stopped paying. */
export function sweepLines(result: SweepResult, size: {readonly width: number; readonly height: number; readonly glyphs?: Glyphs}): string[] {
	const strategies = [...new Set(result.levels.map(level => level.strategy))];
	return strategies.flatMap((strategy, index) => {
		const levels = result.levels.filter(level => level.strategy === strategy);
		const chart = sweepChartLines({
			levels,
			ideal: levels.map(level => ({concurrency: level.concurrency, speedup: level.ideal})),
			width: size.width,
			height: size.height,
			...(size.glyphs ? {glyphs: size.glyphs} : {}),
		});
		return [...(index > 0 ? [''] : []), `${strategy}:`, ...chart, ...sweepNotes(levels, result.limits.images, size.glyphs?.times ?? glyphs.times)];
	});
}

export function sweepTable(result: SweepResult): ExportTable {
	return {
		columns: [
			...timingColumns,
			{key: 'speedup', label: 'Speedup'},
			{key: 'speedup_sd', label: 'Speedup σ'},
			{key: 'ideal', label: 'Ideal'},
		],
		rows: result.levels.map(level => [
			...timingCells(level.strategy, level.concurrency, level.wall?.count ?? 0, level.wall, 3),
			round(level.speedup),
			round(level.speedupSd),
			round(level.ideal),
		]),
	};
}
