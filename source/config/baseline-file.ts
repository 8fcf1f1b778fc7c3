import {displayText} from '../format/safe-text.js';
import {raceSchema, readableRaceSchemas, type Baseline} from '../model/baseline-comparison.js';
import {readNamedFile} from './named-file.js';
import {UsageError} from './usage-error.js';

/** An export holds a few numbers per run (tens of KB at --runs 1000 on four strategies): 16 MiB is no export. */
export const maxBaselineBytes = 16 * 1024 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The longest wall time a baseline's run may have: a week. No race imgrace times runs that long, and a
 * figure past it is an edited file; its squares (the σ, Welch's test) would overflow to Infinity and the
 * comparison say NaN. 0 is no run either: a ratio against it is no number.
 */
export const maxBaselineWallMs = 7 * 24 * 60 * 60 * 1000;

/** Why a wall time of a baseline is none a race could have taken, or undefined when it is one. */
function badWallTime(ms: number): string | undefined {
	if (!Number.isFinite(ms) || ms <= 0) {
		return 'must be above 0';
	}

	return ms > maxBaselineWallMs ? 'must be at most a week (604,800,000 ms)' : undefined;
}

/**
 * Read and check a baseline before anything downloads, so a wrong file is one usage line (exit 2) rather
 * than a comparison against nothing at the end of a long race.
 */
export async function loadBaseline(file: string, signal?: AbortSignal): Promise<Baseline> {
	const named = `--baseline ${displayText(file, 120)}`;
	// Bounded and stoppable: a FIFO nobody writes to or /dev/zero must not hang or fill memory (named-file.ts).
	const text = (await readNamedFile(file, {flag: '--baseline', maxBytes: maxBaselineBytes, what: 'a file written by --export-json'}, signal)).toString('utf8');

	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch {
		throw new UsageError(`${named}: not JSON (want a file written by --export-json)`);
	}

	if (!isRecord(document) || !readableRaceSchemas.includes(document['schema'] as string)) {
		const found = isRecord(document) && typeof document['schema'] === 'string' ? `schema '${displayText(document['schema'], 40)}'` : 'no schema';
		throw new UsageError(`${named}: ${found}, want '${raceSchema}' or an earlier one (a file written by imgrace --export-json)`);
	}

	const strategies = document['strategies'];
	const valid = Array.isArray(strategies) && strategies.every(side => isRecord(side)
		&& typeof side['strategy'] === 'string'
		&& Array.isArray(side['wallMs'])
		&& side['wallMs'].every(ms => typeof ms === 'number'));
	if (!valid) {
		throw new UsageError(`${named}: its strategies[] lack a name or wall times (want a file written by --export-json)`);
	}

	// JSON has no NaN or Infinity, but 1e308 and 0 parse: each would make the comparison's figures NaN.
	for (const side of strategies as Array<{strategy: string; wallMs: number[]}>) {
		const ms = side.wallMs.find(each => badWallTime(each) !== undefined);
		if (ms !== undefined) {
			throw new UsageError(`${named}: ${displayText(side.strategy, 40)} has a wall time of ${ms} ms, which ${badWallTime(ms)!} (want a file written by --export-json)`);
		}
	}

	const sides = (strategies as Array<Record<string, unknown>>).map(side => ({
		strategy: side['strategy'] as string,
		concurrency: typeof side['concurrency'] === 'number' ? side['concurrency'] : undefined,
		wallMs: side['wallMs'] as number[],
	}));
	// An export of a race whose every run failed an image or could not start is one all the same: it
	// holds no time, and a race against it would end in "nothing to compare" after all its work.
	if (!sides.some(side => side.wallMs.length > 0)) {
		throw new UsageError(`${named}: no run of that race was counted (each failed an image or could not start), so it holds no time to compare with`);
	}

	return {file, settings: isRecord(document['settings']) ? document['settings'] : {}, strategies: sides};
}

export type {Baseline} from '../model/baseline-comparison.js';
