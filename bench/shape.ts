import {clientNames} from '../source/engine/run-spec.js';
import {scenarioNames, type ScenarioName} from './options.js';

/**
 * The shape of `--export-json` that readers depend on (results.ts's contract; the acceptance check
 * `bench` reads ideal.sequential.ratio, ideal.parallel.ratio, scale.ratio, memory[].peakRssMb and
 * ui.wallRatio/cpuRatio/fps), checked without judging a figure: figures depend on the machine. Used by
 * test/bench.test.ts and scripts/bench-smoke.mjs, so both hold the export to the same list.
 */

type Json = Record<string, unknown>;

class Problems {
	readonly found: string[] = [];

	object(value: unknown, where: string): Json | undefined {
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			return value as Json;
		}

		this.found.push(`${where} is not an object (${JSON.stringify(value) ?? 'undefined'})`);
		return undefined;
	}

	array(value: unknown, where: string, atLeast = 1): unknown[] {
		if (Array.isArray(value) && value.length >= atLeast) {
			return value;
		}

		this.found.push(`${where} is not an array of ${atLeast} or more`);
		return [];
	}

	numbers(value: unknown, where: string, names: readonly string[]): Json | undefined {
		const record = this.object(value, where);
		for (const name of record ? names : []) {
			if (typeof record![name] !== 'number' || !Number.isFinite(record![name])) {
				this.found.push(`${where}.${name} is not a number (${JSON.stringify(record![name]) ?? 'undefined'})`);
			}
		}

		return record;
	}

	/** A Stat (results.ts): mean, sd, median and the rounds' values. */
	stat(value: unknown, where: string): void {
		const record = this.numbers(value, where, ['mean', 'sd', 'min', 'max', 'median']);
		if (record) {
			this.array(record['values'], `${where}.values`);
		}
	}

	equal(actual: unknown, expected: unknown, where: string): void {
		if (JSON.stringify(actual) !== JSON.stringify(expected)) {
			this.found.push(`${where} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
		}
	}
}

function ideal(check: Problems, value: unknown): void {
	const ideal = check.object(value, 'ideal');
	for (const strategy of ideal ? ['sequential', 'parallel'] : []) {
		check.numbers(ideal![strategy], `ideal.${strategy}`, ['meanMs', 'sdMs', 'idealMs', 'ratio']);
	}

	const pooled = check.array(ideal?.['pooled'], 'ideal.pooled', 2);
	const names = pooled.map(pool => check.object(pool, 'ideal.pooled[]')?.['strategy']);
	check.equal(names.slice(0, 2), ['threads', 'processes'], 'ideal.pooled strategies');
	for (const [index, pool] of pooled.entries()) {
		const where = `ideal.pooled[${index}]`;
		check.numbers(pool, where, ['workers', 'overParallel', 'wallOverParallel']);
		check.stat(check.object(pool, where)?.['startupMs'], `${where}.startupMs`);
	}
}

function scale(check: Problems, value: unknown): void {
	const scale = check.numbers(value, 'scale', ['images', 'imageBytes', 'concurrency']);
	const figures = (figure: unknown, where: string) => {
		const record = check.numbers(figure, where, ['imagesPerSec', 'mbPerSec', 'cpuMs', 'peakRssMb']);
		check.stat(check.object(record?.['stats'], `${where}.stats`)?.['cpuMsPerImage'], `${where}.stats.cpuMsPerImage`);
	};

	figures(scale?.['imgrace'], 'scale.imgrace');
	figures(scale?.['threads'], 'scale.threads');
	const undici = check.array(scale?.['undici'], 'scale.undici', 2);
	for (const [index, run] of undici.entries()) {
		const record = check.numbers(run, `scale.undici[${index}]`, ['concurrency']);
		check.equal(record?.['client'], 'undici', `scale.undici[${index}].client`);
		figures(record?.['figures'], `scale.undici[${index}].figures`);
	}

	check.numbers(scale, 'scale', ['cpuPerImageRatio']);
	// The runs to tmpfs, where there was one: both clients, their ratio the one judged.
	const onTmpfs = Array.isArray(scale?.['onTmpfs']) ? scale['onTmpfs'] as unknown[] : [];
	for (const [index, run] of onTmpfs.entries()) {
		figures(check.object(run, `scale.onTmpfs[${index}]`)?.['figures'], `scale.onTmpfs[${index}].figures`);
	}

	if (onTmpfs.length > 0 && scale?.['cpuPerImageOn'] !== 'tmpfs') {
		check.found.push('scale.cpuPerImageOn: the runs to tmpfs are there but the ratio is not theirs');
	}
	if (scale?.['curl'] === null) {
		check.equal(scale['ratio'], null, 'scale.ratio without curl');
	} else {
		figures(scale?.['curl'], 'scale.curl');
		check.numbers(scale, 'scale', ['ratio', 'imgraceRatio', 'threadsRatio']);
		if (typeof scale?.['best'] !== 'string') {
			check.found.push('scale.best does not name the best undici run');
		}
	}
}

function memory(check: Problems, value: unknown): void {
	for (const [index, point] of check.array(value, 'memory', 2).entries()) {
		check.numbers(point, `memory[${index}]`, ['count', 'peakRssMb']);
		if (typeof (point as {client?: unknown} | undefined)?.client !== 'string') {
			check.found.push(`memory[${index}].client does not name the client`);
		}
	}
}

function cpu(check: Problems, value: unknown, where: string): void {
	const cpu = check.numbers(value, where, ['images', 'repeat', 'cores']);
	check.numbers(cpu?.['server'], `${where}.server`, ['latencyMs', 'jitterMs', 'bandwidth']);
	for (const [index, run] of check.array(cpu?.['strategies'], `${where}.strategies`, 3).entries()) {
		const record = check.numbers(run, `${where}.strategies[${index}]`, ['workers']);
		check.stat(record?.['wallMs'], `${where}.strategies[${index}].wallMs`);
		check.stat(record?.['startupMs'], `${where}.strategies[${index}].startupMs`);
	}
}

function startup(check: Problems, value: unknown): void {
	const startup = check.numbers(value, 'startup', ['workers']);
	for (const kind of startup ? ['threads', 'processes'] : []) {
		const record = check.numbers(startup![kind], `startup.${kind}`, ['ratio']);
		check.stat(record?.['imgraceMs'], `startup.${kind}.imgraceMs`);
		const clients = check.array(record?.['clients'], `startup.${kind}.clients`, clientNames.length);
		check.equal(clients.map(client => check.object(client, `startup.${kind}.clients[]`)?.['client']), clientNames, `startup.${kind}.clients`);
		for (const [index, client] of clients.entries()) {
			check.numbers(client, `startup.${kind}.clients[${index}]`, ['ratio', 'aloneRatio', 'overAlone']);
			check.stat(check.object(client, `startup.${kind}.clients[${index}]`)?.['aloneMs'], `startup.${kind}.clients[${index}].aloneMs`);
		}
	}
}

/**
 * What is wrong with `json` as a bench export that ran `expected` (every scenario by default): an
 * expected scenario must be there in full, one left out must be null (empty for memory). No problems:
 * an empty list.
 */
export function exportProblems(json: unknown, expected: readonly ScenarioName[] = scenarioNames): string[] {
	const check = new Problems();
	const results = check.object(json, 'results');
	if (!results) {
		return check.found;
	}

	check.numbers(results['machine'], 'machine', ['cores', 'memoryGb']);
	check.numbers(results['settings'], 'settings', ['rounds', 'warmup']);
	const targets = check.array(results['targets'], 'targets', 0);
	for (const [index, target] of targets.entries()) {
		const record = check.object(target, `targets[${index}]`);
		if (record && (typeof record['name'] !== 'string' || typeof record['goal'] !== 'string' || !('measured' in record) || !('met' in record))) {
			check.found.push(`targets[${index}] lacks a name, goal, measured or met`);
		}
	}

	const present: Record<ScenarioName, (value: unknown) => void> = {
		ideal: value => ideal(check, value),
		scale: value => scale(check, value),
		memory: value => memory(check, value),
		ui: value => check.numbers(value, 'ui', ['wallRatio', 'cpuRatio', 'fps']),
		cpu(value) {
			cpu(check, value, 'cpu');
			cpu(check, results['cpuAtDefaults'], 'cpuAtDefaults');
		},
		startup: value => startup(check, value),
	};
	for (const name of scenarioNames) {
		if (expected.includes(name)) {
			present[name](results[name]);
		} else if (name === 'memory' ? check.array(results[name], name, 0).length > 0 : results[name] !== null) {
			check.found.push(`${name} was not run, yet is ${JSON.stringify(results[name])?.slice(0, 40)}`);
		}
	}

	if (expected.length > 0 && targets.length === 0) {
		check.found.push('no targets');
	}

	return check.found;
}
