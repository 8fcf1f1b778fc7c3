import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {PNG} from 'pngjs';
import {phaseNames} from '../source/charts/phases.js';
import type {EngineEvent} from '../source/engine/events.js';
import {summariseRepeats} from '../source/model/repeats.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {finishedRaceVerdict} from '../source/model/verdict.js';
import {chartAssets} from '../source/output/report/chart-assets.js';
import {reportHtml} from '../source/output/report/html-page.js';
import {costsTable, raceReport} from '../source/output/report/race-report.js';
import {reportVerdict} from '../source/output/report/report-verdict.js';
import {csvText} from '../source/output/export-table.js';
import {raceTable} from '../source/output/race-export.js';
import {imageUrl} from '../source/server/image-url.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {testRegistry} from './helpers/race.js';
import {withServer} from './helpers/server.js';
import {fakeRun, phases} from './helpers/show-records.js';

const run = promisify(execFile);
/** Debian's chromium; `.ci/run` installs it. */
const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(file => existsSync(file));
const noBrowser = browser === undefined && 'no headless Chromium here (apt-get install chromium)';
/** What the acceptance check calls a network reference: a tag that would load something from elsewhere. */
const networkReference = /<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i;

/** 25.2 GB: 23.5 GiB, which a page once called "23.5 GB". */
const machine = {cores: 2, cpu: 'test cpu', memoryBytes: 25_200_000_000, node: 'v26', os: 'Linux', loadAverage: 0};

const hostileUrl = 'http://user:secret@127.0.0.1:1/"><script>alert(1)</script>.jpg';
const hostileReason = 'HTTP 500 <img src=x onerror=alert(2)>\u001b[31m';

/** A run of three images made by hand: one done, one failed with a hostile reason, one with a hostile URL. */
function handMadeRun(strategy: 'sequential' | 'parallel', wallMs: number): RunRecord {
	const runId = `${strategy}-run`;
	const urls = ['http://127.0.0.1:1/image/1.jpg', 'http://127.0.0.1:1/image/2.jpg', hostileUrl];
	const record = createRunRecord({type: 'run-started', runId, at: 1000, strategy, role: strategy === 'sequential' ? 'one-at-a-time' : 'event-loop', concurrency: strategy === 'sequential' ? 1 : 3, client: 'got', urls, outDir: `/tmp/${strategy}`, work: 'download'});
	const phases = {queuedMs: 0, retryMs: 0, setupMs: 1, connectMs: 2, sendMs: 0.5, waitMs: 20, receiveMs: 30, writeMs: 1.5};
	const events: EngineEvent[] = [
		...urls.map((url, index) => ({type: 'image-started' as const, runId, at: 1000, index, url})),
		{type: 'image-done', runId, at: 1055, index: 0, url: urls[0]!, bytes: 1000, path: '/tmp/1.jpg', contentType: 'image/jpeg', width: 10, height: 10, ttfbMs: 23, totalMs: 55, retries: 0, phases},
		{type: 'image-failed', runId, at: 1030, index: 1, url: urls[1]!, code: 'ERR_IMGRACE_HTTP_STATUS', reason: hostileReason, retries: 0, totalMs: 30},
		{type: 'image-done', runId, at: 1055, index: 2, url: urls[2]!, bytes: 1000, path: '/tmp/3.jpg', contentType: 'image/jpeg', width: 10, height: 10, ttfbMs: 23, totalMs: 55, retries: 0, phases},
		{type: 'run-finished', runId, at: 1000 + wallMs, wallMs, ok: 2, failed: 1, bytes: 2000},
	];
	for (const event of events) {
		applyEvent(record, event);
	}

	return record;
}

async function handMadePage(): Promise<string> {
	const records = [handMadeRun('sequential', 160), handMadeRun('parallel', 60)];
	const page = raceReport({records, summary: summariseRepeats(records), verdict: reportVerdict(finishedRaceVerdict(records, {cores: 2})), settings: {images: 3, out: 'out<dir>', work: {name: 'thumbnail', size: 128, repeat: 16}}, machine, version: '9.9.9', madeAt: '2026-01-01T00:00:00.000Z'});
	return reportHtml(page, await chartAssets());
}

test('the report escapes every outside text: a URL or a reason cannot add a tag, and passwords are hidden', async () => {
	const html = await handMadePage();
	assert.doesNotMatch(html, /<script>alert/);
	assert.doesNotMatch(html, /<img src=x/);
	assert.doesNotMatch(html, /secret/);
	assert.ok(!html.includes('\u001B'), 'no escape character reaches the page');
	assert.match(html, /HTTP 500 &lt;img src=x onerror=alert\(2\)&gt;\\x1b\[31m/);
	assert.match(html, /out&lt;dir&gt;/);
});

test('the report: a waterfall per strategy with a row per image, every phase in the legend, nothing from the network', async () => {
	const html = await handMadePage();
	assert.equal([...html.matchAll(/<section class="waterfall" data-strategy="(\w+)"/g)].map(match => match[1]).join(), 'sequential,parallel');
	assert.equal([...html.matchAll(/<div class="row (done|failed)"/g)].length, 6);
	for (const phase of phaseNames) {
		assert.match(html, new RegExp(`\\.p-${phase}\\{background:#`), `${phase} has a colour`);
	}

	assert.match(html, /title="waiting 20\.0 ms"/, 'each bar says its numbers on hover');
	// A row's tooltip: its numbers, its URL and why it failed, each on a line of its own.
	const titles = [...html.matchAll(/<div class="row failed" title="([^"]*)"/g)].map(match => match[1]!);
	assert.ok(titles.length > 0 && titles.every(title => title.split('\n').length === 3 && /^failed: HTTP 500/.test(title.split('\n')[2]!)), titles.join('\n---\n'));
	assert.ok(!html.includes(String.raw`\x0a`), 'no line break written as an escape');
	assert.match(html, /<dt>work<\/dt><dd>thumbnail \(size 128, repeat 16\)<\/dd>/);
	assert.doesNotMatch(html, networkReference);
	assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
	assert.match(html, /uPlot/);
});

test('a race of 1,000 images in five strategies, every phase measured, still makes a page under 2 MB', async () => {
	const strategies = ['sequential', 'parallel', 'threads', 'processes', 'pipeline'] as const;
	const phases = {queuedMs: 123.456, retryMs: 12.3, setupMs: 1.234, connectMs: 2.345, sendMs: 0.123, waitMs: 45.678, receiveMs: 300.12, writeMs: 1.23, workQueuedMs: 12.3, thumbnailMs: 40.5};
	const records = strategies.map(strategy => {
		const runId = `${strategy}-big`;
		const urls = Array.from({length: 1000}, (_, index) => `http://127.0.0.1:40000/image/${index}.jpg?size=123456&latency=10&jitter=5`);
		const record = createRunRecord({type: 'run-started', runId, at: 0, strategy, role: 'event-loop', concurrency: 64, client: 'got', urls, outDir: 'o', work: 'thumbnail'});
		for (const [index, url] of urls.entries()) {
			applyEvent(record, {type: 'image-started', runId, at: 1, index, url});
			applyEvent(record, {type: 'image-done', runId, at: 1000 + index, index, url, bytes: 123_456, path: 'o/1.jpg', contentType: 'image/jpeg', width: 800, height: 600, ttfbMs: 12, totalMs: 100, retries: 0, phases});
		}

		applyEvent(record, {type: 'run-finished', runId, at: 3000, wallMs: 3000, ok: 1000, failed: 0, bytes: 123_456_000});
		return record;
	});
	const page = raceReport({records, summary: summariseRepeats(records), verdict: reportVerdict(finishedRaceVerdict(records, {cores: 2})), settings: {}, machine, version: '9.9.9', madeAt: '2026-01-01T00:00:00.000Z'});
	const html = reportHtml(page, await chartAssets());
	assert.ok(html.length < 2_000_000, `${html.length} bytes`);
	assert.match(html, /the first 250 of 1000 images/);
});

test('the costs: the runs the other exports count, their wall time and costs; memory and the machine in decimal units', async () => {
	const fine = (runId: string, wallMs: number, cpuMs: number) => fakeRun('sequential', [{phases: phases(0, wallMs - 12)}], {runId, costs: {cpuMs, peakRssMb: 1, startupMs: 0}});
	const failing = fakeRun('sequential', [{startMs: 0, failAt: 120}], {runId: 'bad', costs: {cpuMs: 900, peakRssMb: 40, startupMs: 0}});
	const rowOf = (records: RunRecord[]) => {
		const table = costsTable(summariseRepeats(records));
		return Object.fromEntries(table.columns.map((column, at) => [column.key, table.rows[0]![at]]));
	};

	const both = rowOf([failing, fine('ok', 400, 10)]);
	assert.deepEqual(both, {...both, runs: 1, mean_ms: 400, sd_ms: null, cpu_ms: 10, peak_memory_mb: 1.05, left_out: 1, failed: 1});
	assert.deepEqual(csvText(raceTable(summariseRepeats([failing, fine('ok', 400, 10)]))).split('\r\n')[1]!.split(',').slice(0, 5), ['sequential', '1', '1', '400', ''], 'the CSV row says the same');
	const alone = rowOf([failing]);
	assert.deepEqual(alone, {...alone, runs: 0, mean_ms: null, sd_ms: null, cpu_ms: null, left_out: 1, failed: 1}, 'no counted run: no wall time, as Markdown and CSV');
	const html = await handMadePage();
	assert.match(html, /<dt>memory<\/dt><dd>25\.2 GB<\/dd>/);
	assert.match(html, /<th>Peak memory \[MB\]<\/th>/);
});

test('a race of one strategy: the page gives no verdict, as no other output does', async () => {
	const records = [handMadeRun('parallel', 60)];
	assert.equal(finishedRaceVerdict(records, {cores: 2}), undefined);
	const page = raceReport({records, summary: summariseRepeats(records), verdict: reportVerdict(finishedRaceVerdict(records, {cores: 2})), settings: {}, machine, version: '9.9.9', madeAt: '2026-01-01T00:00:00.000Z'});
	const html = reportHtml(page, await chartAssets());
	assert.doesNotMatch(html, /class="verdict"|no verdict/);
	assert.match(await handMadePage(), /<p class="verdict">no verdict: sequential had 1 failed image, parallel had 1 failed image<\/p>/);
});

/** Distinct colours on a coarse grid of a PNG, as the acceptance check counts them. */
function coloursOf(png: PNG): number {
	const colours = new Set<number>();
	for (let y = 0; y < png.height; y += 7) {
		for (let x = 0; x < png.width; x += 11) {
			const at = ((y * png.width) + x) * 4;
			colours.add((png.data[at]! << 16) | (png.data[at + 1]! << 8) | png.data[at + 2]!);
		}
	}

	return colours.size;
}

test('--export-html of --mode all, drawn by headless Chromium: a waterfall row per image, charts, not blank', {skip: noBrowser, timeout: 180_000}, async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'race.html');
		const result = await runCli(['--mode', 'all', '--count', '3', '--latency', '5', '--jitter', '0', '--bandwidth', '0', '--export-html', file, '--out', path.join(dir, 'out')], {cwd: dir, timeoutMs: 100_000});
		assert.equal(result.code, 0, result.stderr);
		assert.ok((await stat(file)).size < 2_000_000);
		const html = await readFile(file, 'utf8');
		assert.doesNotMatch(html, networkReference);
		const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'];
		const shot = path.join(dir, 'shot.png');
		await run(browser!, [...flags, '--window-size=1280,900', `--screenshot=${shot}`, `file://${file}`], {timeout: 60_000});
		const png = PNG.sync.read(await readFile(shot));
		assert.equal(png.width, 1280);
		assert.ok(coloursOf(png) >= 12, `the screenshot has ${coloursOf(png)} colours`);
		const {stdout: dom} = await run(browser!, [...flags, '--dump-dom', `file://${file}`], {timeout: 60_000, maxBuffer: 16 * 1024 * 1024});
		const strategies = testRegistry().names();
		for (const name of strategies) {
			const section = dom.split(`data-strategy="${name}"`)[1]?.split('</section>')[0] ?? '';
			assert.equal([...section.matchAll(/class="row done"/g)].length, 3, `${name}: a row per image`);
		}

		assert.ok([...dom.matchAll(/class="uplot/g)].length >= strategies.length, 'uPlot drew the histograms');
	});
});

/** The body rows of the table under `<h2>{title}</h2>` in a page's DOM, each as its cells' text. */
function tableRows(dom: string, title: string): string[][] {
	const body = dom.split(`<h2>${title}</h2>`)[1]?.split('</tbody>')[0]?.split('<tbody>')[1] ?? '';
	return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map(row => [...row[1]!.matchAll(/<td>(.*?)<\/td>/g)].map(cell => cell[1]!));
}

test('--runs 2 where one run fails an image: the Costs table Chromium draws counts the runs the CSV and JSON export count', {skip: noBrowser, timeout: 180_000}, async () => {
	await withServer({latencyMs: 5, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		// The first request for image 0 fails (503, not retried): one run of the race does less work.
		const list = path.join(dir, 'urls.txt');
		await writeFile(list, `${imageUrl(server.url, 0, {status: 503, failFirst: 1})}\n${imageUrl(server.url, 1)}\n`);
		const file = (name: string) => path.join(dir, name);
		const result = await runCli(['--urls', list, '--runs', '2', '--retries', '0', '--export-html', file('r.html'), '--export-csv', file('r.csv'), '--export-json', file('r.json'), '--out', file('out')], {cwd: dir, timeoutMs: 100_000});
		assert.equal(result.code, 1, result.stderr);
		const exported = JSON.parse(await readFile(file('r.json'), 'utf8')) as {strategies: Array<{strategy: string; leftOut: number; failedImages: number}>; verdict: {text: string}};
		assert.equal(exported.strategies.reduce((sum, side) => sum + side.leftOut, 0), 1, 'one run left out');
		const csv = (await readFile(file('r.csv'), 'utf8')).trimEnd().split('\r\n').slice(1).map(line => line.split(','));
		const {stdout: dom} = await run(browser!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${file('r.html')}`], {timeout: 60_000, maxBuffer: 16 * 1024 * 1024});
		const costs = tableRows(dom, 'Costs');
		// Strategy, width, runs, mean and σ: the CSV's first five columns, the same figures.
		assert.deepEqual(costs.map(row => row.slice(0, 5).map(cell => cell.replace('–', ''))), csv.map(row => row.slice(0, 5)));
		assert.deepEqual(costs.map(row => [row[0], Number(row[8]), Number(row[9])]), exported.strategies.map(side => [side.strategy, side.leftOut, side.failedImages]));
		assert.ok(dom.includes(`<p class="verdict">${exported.verdict.text}</p>`), 'the export\'s verdict, word for word');
	}));
});

test('imgrace sweep --export-html: the speedup chart and the levels, drawn by Chromium', {skip: noBrowser, timeout: 180_000}, async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'sweep.html');
		const result = await runCli(['sweep', '--levels', '1,2', '--count', '2', '--latency', '5', '--jitter', '0', '--bandwidth', '0', '--export-html', file, '--out', path.join(dir, 'out')], {cwd: dir, timeoutMs: 100_000});
		assert.equal(result.code, 0, result.stderr);
		const {stdout: dom} = await run(browser!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${file}`], {timeout: 60_000, maxBuffer: 16 * 1024 * 1024});
		assert.match(dom, /Speedup by concurrency, parallel/);
		assert.match(dom, /<h2>Levels<\/h2>/);
		assert.match(dom, /class="uplot/);
	});
});
