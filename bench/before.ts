import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {toStat, type Before, type Stat} from './results.js';

/**
 * The run a report is set beside unless --before names another: the full `npm run bench` recorded
 * just before the engine's rewrite for issue 19 (got only, 5 rounds after 1 warm-up, 2 cores), kept
 * in the repository so that a fresh clone compares with it too. This file runs from dist/bench/.
 */
export const defaultBeforeFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'before.json');

/** Why an earlier run's export cannot be read as one: one line, for the usage error. */
export class BeforeError extends Error {
	override name = 'BeforeError';
}

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : undefined;
}

function stat(value: unknown): Stat | undefined {
	const values = record(value)?.['values'];
	return Array.isArray(values) && values.length > 0 && values.every(item => typeof item === 'number') ? toStat(values as number[]) : undefined;
}

/** The figures of an earlier `--export-json` a report sets beside its own (pure). */
export function beforeFrom(json: unknown, source: string): Before {
	const results = record(json);
	const settings = record(results?.['settings']);
	const machine = record(results?.['machine']);
	const targets = results?.['targets'];
	if (!results || !settings || !machine || !Array.isArray(targets)) {
		throw new BeforeError(`${source} is not a bench --export-json file (no settings, machine and targets)`);
	}

	const scale = record(results['scale']);
	const imgrace = record(record(scale?.['imgrace'])?.['stats']);
	const imagesPerSec = stat(imgrace?.['imagesPerSec']);
	const cpuMsPerImage = stat(imgrace?.['cpuMsPerImage']);
	return {
		source,
		settings: {rounds: Number(settings['rounds']), warmup: Number(settings['warmup']), quick: settings['quick'] === true},
		machine: {cores: Number(machine['cores']), node: String(machine['node'])},
		scale: scale && imagesPerSec && cpuMsPerImage
			? {images: Number(scale['images']), imageBytes: Number(scale['imageBytes']), concurrency: Number(scale['concurrency']), imagesPerSec, cpuMsPerImage}
			: null,
		targets: targets.flatMap(entry => {
			const item = record(entry);
			return item && typeof item['name'] === 'string'
				? [{name: item['name'], measured: typeof item['measured'] === 'number' ? item['measured'] : null, met: typeof item['met'] === 'boolean' ? item['met'] : null}]
				: [];
		}),
	};
}

/** Read `file` (an earlier --export-json); a missing default file is no comparison, not an error. */
export async function readBefore(file: string | undefined): Promise<Before | null> {
	const chosen = file ?? defaultBeforeFile;
	let text: string;
	try {
		text = await readFile(chosen, 'utf8');
	} catch (error) {
		if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') {
			return null;
		}

		throw new BeforeError(`cannot read --before ${chosen}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new BeforeError(`${chosen} is not JSON`);
	}

	return beforeFrom(json, file ?? path.relative(process.cwd(), chosen));
}
