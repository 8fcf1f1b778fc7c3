import {parseArgs} from 'node:util';

export const scenarioNames = ['ideal', 'scale', 'memory', 'ui', 'cpu', 'startup'] as const;
export type ScenarioName = typeof scenarioNames[number];

/** Image counts per scenario; --quick shrinks them. */
export type Workload = {
	readonly idealImages: number;
	readonly scaleImages: number;
	readonly memoryCounts: readonly number[];
	readonly uiImages: number;
	/** Images of the CPU-bound scenario (--work thumbnail, the default repeat). */
	readonly cpuImages: number;
};

export type BenchOptions = {
	readonly rounds: number;
	readonly warmup: number;
	readonly quick: boolean;
	readonly exportJson: string | undefined;
	readonly exportMarkdown: string | undefined;
	readonly scenarios: readonly ScenarioName[];
	/** Write a V8 CPU profile of every measured engine worker of the scale scenario into this folder. */
	readonly profileDir: string | undefined;
	/** An earlier --export-json to set beside this run (default bench/before.json, see before.ts). */
	readonly before: string | undefined;
	readonly workload: Workload;
	readonly help: boolean;
};

export const usage = `
	Usage
	  $ npm run bench -- [options]
	  $ node dist/bench/bench.js [options]

	Options
	  --rounds N               measured rounds per scenario (default 5)
	  --warmup N               unmeasured rounds before them (default 1)
	  --quick                  1 round, no warm-up, smaller counts: a smoke run
	  --export-json FILE       write every figure as JSON
	  --export-markdown FILE   write the table as Markdown
	  --only LIST              run only these scenarios: ideal,scale,memory,ui,cpu,startup
	  --profile DIR            node --cpu-prof the engine in the scale scenario, into DIR
	  --before FILE            an earlier --export-json to compare with (default bench/before.json)
`;

export class BenchUsageError extends Error {
	override name = 'BenchUsageError';
}

const fullWorkload: Workload = {idealImages: 10, scaleImages: 1000, memoryCounts: [100, 1000, 5000], uiImages: 1000, cpuImages: 16};
const quickWorkload: Workload = {idealImages: 10, scaleImages: 200, memoryCounts: [50, 200, 500], uiImages: 200, cpuImages: 4};

function count(flag: string, value: string | undefined, fallback: number, min: number): number {
	if (value === undefined) {
		return fallback;
	}

	if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > 1000) {
		throw new BenchUsageError(`--${flag} must be a whole number from ${min} to 1000, got '${value}'`);
	}

	return Number(value);
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			strict: true,
			allowPositionals: false,
			options: {
				rounds: {type: 'string'},
				warmup: {type: 'string'},
				quick: {type: 'boolean', default: false},
				'export-json': {type: 'string'},
				'export-markdown': {type: 'string'},
				only: {type: 'string'},
				profile: {type: 'string'},
				before: {type: 'string'},
				help: {type: 'boolean', default: false},
			},
		});
	} catch (error) {
		throw new BenchUsageError((error as Error).message.split('\n')[0]!);
	}

	const {values} = parsed;
	const quick = values.quick === true;
	const scenarios: ScenarioName[] = [];
	for (const name of (values.only ?? scenarioNames.join(',')).split(',').map(item => item.trim())) {
		if (!(scenarioNames as readonly string[]).includes(name)) {
			throw new BenchUsageError(`--only takes ${scenarioNames.join(', ')}; got '${name}'`);
		}

		if (!scenarios.includes(name as ScenarioName)) {
			scenarios.push(name as ScenarioName);
		}
	}

	for (const flag of ['export-json', 'export-markdown', 'profile', 'before'] as const) {
		if (values[flag] !== undefined && values[flag].trim() === '') {
			throw new BenchUsageError(`--${flag} needs a file name`);
		}
	}

	return {
		rounds: count('rounds', values.rounds, quick ? 1 : 5, 1),
		warmup: count('warmup', values.warmup, quick ? 0 : 1, 0),
		quick,
		exportJson: values['export-json'],
		exportMarkdown: values['export-markdown'],
		scenarios: scenarioNames.filter(name => scenarios.includes(name)),
		profileDir: values.profile,
		before: values.before,
		workload: quick ? quickWorkload : fullWorkload,
		help: values.help === true,
	};
}
