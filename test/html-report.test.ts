import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {PNG} from 'pngjs';
import {phaseNames} from '../source/charts/phases.js';
import type {EngineEvent} from '../source/engine/events.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {chartAssets} from '../source/output/report/chart-assets.js';
import {reportHtml} from '../source/output/report/html-page.js';
import {raceReport} from '../source/output/report/race-report.js';
import {reportVerdict} from '../source/output/report/report-verdict.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {testRegistry} from './helpers/race.js';

const run = promisify(execFile);
/** Debian's chromium; `.ci/run` installs it. */
const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(file => existsSync(file));
const noBrowser = browser === undefined && 'no headless Chromium here (apt-get install chromium)';
/** What the acceptance check calls a network reference: a tag that would load something from elsewhere. */
const networkReference = /<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i;

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
	const machine = {cores: 2, cpu: 'test cpu', memoryGb: 1, node: 'v26', os: 'Linux', loadAverage: 0};
	const page = raceReport({records, verdict: reportVerdict(records, 2), settings: {images: 3, out: 'out<dir>', work: {name: 'thumbnail', size: 128, repeat: 16}}, machine, version: '9.9.9', madeAt: '2026-01-01T00:00:00.000Z'});
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
	const machine = {cores: 2, cpu: 'test cpu', memoryGb: 1, node: 'v26', os: 'Linux', loadAverage: 0};
	const page = raceReport({records, verdict: reportVerdict(records, 2), settings: {}, machine, version: '9.9.9', madeAt: '2026-01-01T00:00:00.000Z'});
	const html = reportHtml(page, await chartAssets());
	assert.ok(html.length < 2_000_000, `${html.length} bytes`);
	assert.match(html, /the first 250 of 1000 images/);
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
