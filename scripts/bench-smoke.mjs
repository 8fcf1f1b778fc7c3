// The benchmark's smoke run, kept out of `npm test` (issue 21): `npm run bench -- --quick` under a time
// limit, then its --export-json checked against the shape its readers depend on (bench/shape.ts, the same
// check test/bench.test.ts makes of a fixed run), and what a reader of a real run sees: the comparison with
// the run recorded in bench/before.json, a printed report that fits its 100 columns, the Markdown export.
// No figure is judged: figures depend on the machine.
//
//   node scripts/bench-smoke.mjs [SECONDS] [--only LIST]
//
// SECONDS defaults to 300 (on 2 busy cores the --quick scenarios took ~55 s together); --only passes a
// scenario list on to the bench, and the check then expects those scenarios only. Exit 0 when the export
// has the shape.
import {spawn} from 'node:child_process';
import console from 'node:console';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {clearTimeout, setTimeout} from 'node:timers';
import {parseArgs} from 'node:util';

let values;
let positionals;
try {
	({values, positionals} = parseArgs({options: {only: {type: 'string'}}, allowPositionals: true}));
} catch (error) {
	console.error(`bench-smoke: ${error.message.split('\n')[0]}`);
	process.exit(2);
}

const limitSeconds = Number(positionals[0] ?? 300);
if (!Number.isInteger(limitSeconds) || limitSeconds < 1 || positionals.length > 1) {
	console.error(`bench-smoke: takes one time limit, a whole number of seconds, got '${positionals.join(' ')}'`);
	process.exit(2);
}

const only = values.only === undefined ? [] : ['--only', values.only];

const directory = await mkdtemp(path.join(os.tmpdir(), 'imgrace-bench-smoke-'));
const file = path.join(directory, 'bench.json');
const markdown = path.join(directory, 'bench.md');
const started = performance.now();
try {
	// A process group of its own, so the limit (or a Ctrl+C here) ends npm, the bench, its engine workers and
	// its server alike; their scratch folders go under this one, removed below even after a kill.
	const child = spawn('npm', ['run', '-s', 'bench', '--', '--quick', ...only, '--export-json', file, '--export-markdown', markdown], {
		stdio: ['ignore', 'pipe', 'inherit'],
		detached: true,
		env: {...process.env, TMPDIR: directory},
	});
	// Shown as it comes, and kept for the checks below.
	let printed = '';
	child.stdout.setEncoding('utf8').on('data', chunk => {
		printed += chunk;
		process.stdout.write(chunk);
	});
	const stopAll = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	};

	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		stopAll();
	}, limitSeconds * 1000);
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			stopAll();
			process.exitCode = 130;
		});
	}

	const code = await new Promise(resolve => {
		child.once('close', resolve);
	});
	clearTimeout(timer);
	if (timedOut || code !== 0) {
		console.error(timedOut ? `bench-smoke: npm run bench -- --quick took longer than ${limitSeconds} s` : `bench-smoke: npm run bench -- --quick exited ${code}`);
		process.exitCode = 1;
	} else {
		const {exportProblems} = await import('../dist/bench/shape.js');
		const results = JSON.parse(await readFile(file, 'utf8'));
		const problems = values.only === undefined ? exportProblems(results) : exportProblems(results, values.only.split(',').map(name => name.trim()));
		problems.push(...await readerProblems(results, printed));
		for (const problem of problems) {
			console.error(`bench-smoke: ${problem}`);
		}

		const seconds = ((performance.now() - started) / 1000).toFixed(0);
		console.log(problems.length === 0 ? `bench-smoke: the --quick export has the documented shape (${results.targets.length} targets, ${seconds} s)` : `bench-smoke: ${problems.length} problem(s) in the --quick export`);
		process.exitCode = problems.length === 0 ? 0 : 1;
	}
} finally {
	await rm(directory, {recursive: true, force: true});
}

/** What a reader of the run would miss beyond the export's shape: the recorded run beside it, the report, the Markdown. */
async function readerProblems(results, printed) {
	const {reportColumns} = await import('../dist/bench/report/table.js');
	const problems = [];
	if (!/before\.json$/.test(results.before?.source ?? '')) {
		problems.push(`not compared with the run recorded in bench/before.json (before.source: ${results.before?.source})`);
	}

	const wide = printed.split('\n').filter(line => [...line].length > reportColumns);
	if (wide.length > 0) {
		problems.push(`${wide.length} printed line(s) wider than ${reportColumns} columns, the first: ${wide[0]}`);
	}

	const scenarios = values.only?.split(',').map(name => name.trim());
	if (scenarios === undefined || scenarios.includes('startup')) {
		if (!/^6\. Worker start-up/m.test(printed) || !/^10 threads ready \/ 10 empty \(undici\) +≤ 1\.5 /m.test(printed)) {
			problems.push('the printed report lacks the worker start-up section or its undici target');
		}

		if (JSON.stringify(results.startup?.threads.clients?.map(client => client.client)) !== '["got","undici"]') {
			problems.push('the start-up scenario did not measure both clients');
		}

		if (!/^\| Workers \|/m.test(await readFile(markdown, 'utf8'))) {
			problems.push('the Markdown export lacks the workers table');
		}
	}

	return problems;
}
