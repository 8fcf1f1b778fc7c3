import path from 'node:path';
import {displayText} from '../format/safe-text.js';
import {flagReader, type FlagReader} from './flag-reader.js';
import type {FlagName} from './flags.js';
import type {RawFlags} from './race-config.js';
import {UsageError} from './usage-error.js';

/** Where each export goes: a file path, or '-' for stdout. */
export type ExportTargets = {
	readonly json?: string;
	readonly markdown?: string;
	readonly csv?: string;
	readonly html?: string;
	readonly har?: string;
};

/** Whether an export goes to stdout ('-'): the race's own lines must then keep out of it. */
export function exportsToStdout(targets: ExportTargets): boolean {
	return Object.values(targets).includes('-');
}

/** Each export's flag, in the order they are checked and written. */
export const exportFlags = {json: 'export-json', markdown: 'export-markdown', csv: 'export-csv', html: 'export-html', har: 'export-har'} as const satisfies Record<keyof ExportTargets, FlagName>;

/** The flags that show why and where a scripted race spent its time, repeat it, save it and compare it. */
export type ShowOptions = {
	readonly timeline: boolean;
	readonly histogram: boolean;
	/** Measured runs of each strategy (--runs). */
	readonly runs: number;
	/** Uncounted runs of each strategy before those (--warmup). */
	readonly warmup: number;
	readonly exports: ExportTargets;
	/** An --export-json file to compare with. */
	readonly baseline: string | undefined;
	readonly failOnRegression: boolean;
};

export type SweepOptions = {
	readonly levels: readonly number[];
	readonly rounds: number;
	readonly exports: ExportTargets;
};

export const defaultLevels: readonly number[] = [1, 2, 4, 8, 16, 32];

function exportTargets(read: FlagReader, json: boolean): ExportTargets {
	const targets: Record<string, string> = {};
	const toStdout: string[] = json ? ['--json'] : [];
	const files = new Map<string, string>();
	for (const [key, name] of Object.entries(exportFlags)) {
		const target = read.text(name);
		if (target === undefined) {
			continue;
		}

		if (target.trim() === '') {
			throw new UsageError(`--${name} needs a file name (or - for stdout)`);
		}

		if (target === '-') {
			toStdout.push(`--${name} -`);
		} else {
			// The later export would silently replace the earlier one.
			const other = files.get(path.resolve(target));
			if (other !== undefined) {
				throw new UsageError(`--${other} and --${name} would both write ${displayText(target, 120)}; give each export its own file`);
			}

			files.set(path.resolve(target), name);
		}

		targets[key] = target;
	}

	// Two documents on stdout would make neither parseable.
	if (toStdout.length > 1) {
		throw new UsageError(`${toStdout.join(' and ')} would both write to stdout; send one of them to a file`);
	}

	return targets;
}

export function parseShowOptions(flags: RawFlags): ShowOptions {
	const read = flagReader(flags);
	const baseline = read.text('baseline');
	if (baseline?.trim() === '') {
		throw new UsageError('--baseline needs the file an earlier --export-json wrote');
	}

	const failOnRegression = read.toggle('fail-on-regression') === true;
	if (failOnRegression && baseline === undefined) {
		throw new UsageError('--fail-on-regression needs --baseline FILE to compare with');
	}

	const json = read.toggle('json') === true;
	const timeline = read.toggle('timeline') === true;
	const histogram = read.toggle('histogram') === true;
	// The charts are text for a person: the JSON document has no place for them, and dropping them unsaid
	// would leave the user looking for what was asked. (Its images' phases and times are their figures.)
	const charts = [timeline ? '--timeline' : undefined, histogram ? '--histogram' : undefined].filter(flag => flag !== undefined);
	if (json && charts.length > 0) {
		throw new UsageError(`${charts.join(' and ')} ${charts.length === 1 ? 'does' : 'do'} not go with --json: the JSON has no charts (its images' phases are their figures)`);
	}

	return {
		timeline,
		histogram,
		runs: read.integer('runs', 1, 1, 1000),
		warmup: read.integer('warmup', 0, 0, 100),
		exports: exportTargets(read, json),
		baseline,
		failOnRegression,
	};
}

/** "1,2,4,8": distinct whole numbers ≥ 1, sorted. */
function parseLevels(text: string | undefined): number[] {
	if (text === undefined) {
		return [...defaultLevels];
	}

	const parts = text.split(',').map(part => part.trim());
	const levels = parts.map(part => /^\d+$/.test(part) ? Number(part) : Number.NaN);
	const bad = parts.find((part, index) => !Number.isInteger(levels[index]) || levels[index]! < 1 || levels[index]! > 10_000);
	if (bad !== undefined || parts.length === 0) {
		throw new UsageError(`--levels must be concurrency levels from 1 to 10,000 separated by commas, e.g. 1,2,4,8, got '${text}'`);
	}

	const twice = levels.find((level, index) => levels.indexOf(level) !== index);
	if (twice !== undefined) {
		throw new UsageError(`--levels names ${twice} twice: each level runs once a round (to run them again, use --rounds N)`);
	}

	return levels.sort((a, b) => a - b);
}

export function parseSweepOptions(flags: RawFlags): SweepOptions {
	const read = flagReader(flags);
	if (read.text('concurrency') !== undefined) {
		throw new UsageError('--concurrency does not go with imgrace sweep: --levels says which widths to run');
	}

	return {
		levels: parseLevels(read.text('levels')),
		rounds: read.integer('rounds', 1, 1, 100),
		exports: exportTargets(read, read.toggle('json') === true),
	};
}
