import {phaseLabels} from '../../charts/phases.js';
import {formatBytes, formatDuration} from '../../format/format.js';
import type {ExportTable} from '../export-table.js';
import type {ChartAssets} from './chart-assets.js';
import {chartsScript} from './charts-script.js';
import {escapeHtml, outsideHtml, scriptJson} from './html-text.js';
import type {ReportPage} from './race-report.js';
import {failedColour, phaseLegend, sharedAxisMs, type Waterfall, type WaterfallRow} from './waterfall.js';

/** Percent of the axis, short: the page holds one such number per phase of every image. */
const percent = (ms: number, axisMs: number): string => `${Math.round((ms / axisMs) * 10_000) / 100}%`;

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/**
 * A row's tooltip, its lines apart: the numbers, the URL, why it failed. Each outside text is made safe
 * on its own, so the line breaks between them stay line breaks (not "\x0a", as the whole would read).
 */
function rowTitle(row: WaterfallRow, strategy: string): string {
	const parts = row.segments.map(segment => `${phaseLabels[segment.phase]} ${ms(segment.ms)}`);
	const end = row.endMs === undefined ? row.status : `total ${ms(row.endMs)}`;
	const size = row.bytes === undefined ? '' : `, ${formatBytes(row.bytes)}`;
	const lines = [`#${row.index + 1} ${escapeHtml(strategy)}: ${parts.join(', ')}${parts.length > 0 ? ', ' : ''}${end}${size}`, outsideHtml(row.url, 300)];
	if (row.reason !== undefined) {
		lines.push(`failed: ${outsideHtml(row.reason, 300)}`);
	}

	return lines.join('\n');
}

function waterfallRow(row: WaterfallRow, strategy: string, axisMs: number): string {
	const bars = row.segments.map(segment => `<i class="p-${segment.phase}" style="left:${percent(segment.startMs, axisMs)};width:${percent(segment.ms, axisMs)}" title="${escapeHtml(`${phaseLabels[segment.phase]} ${ms(segment.ms)}`)}"></i>`);
	if (row.status === 'failed' && row.endMs !== undefined) {
		bars.push(`<b class="fail" style="left:${percent(row.endMs, axisMs)}">✗</b>`);
	}

	const note = row.status === 'failed' ? `<span class="why">${outsideHtml(row.reason ?? 'failed', 120)}</span>` : (row.segments.length === 0 ? `<span class="why">${escapeHtml(row.status)}</span>` : '');
	return `<div class="row ${row.status}" title="${rowTitle(row, strategy)}"><span class="n">#${row.index + 1}</span><span class="bar">${bars.join('')}${note}</span></div>`;
}

/** The axis under a waterfall: a tick at 0, ¼, ½, ¾ and the end. */
function axisHtml(axisMs: number): string {
	const ticks = [0, 0.25, 0.5, 0.75, 1].map(share => `<span style="left:${share * 100}%">${escapeHtml(formatDuration(axisMs * share))}</span>`);
	return `<div class="row axis"><span class="n"></span><span class="bar">${ticks.join('')}</span></div>`;
}

function waterfallHtml(waterfall: Waterfall, axisMs: number): string {
	const wall = waterfall.wallMs === undefined ? 'did not finish' : formatDuration(waterfall.wallMs);
	const shown = waterfall.rows.length < waterfall.images ? ` (the first ${waterfall.rows.length} of ${waterfall.images} images)` : '';
	const rows = waterfall.rows.map(row => waterfallRow(row, waterfall.strategy, axisMs)).join('\n');
	return `<section class="waterfall" data-strategy="${escapeHtml(waterfall.strategy)}">
<h3>${escapeHtml(waterfall.strategy)} ×${waterfall.concurrency}: ${escapeHtml(wall)}${escapeHtml(shown)}</h3>
${rows}
${axisHtml(axisMs)}
</section>`;
}

function legendHtml(): string {
	const entries = phaseLegend().map(entry => `<span><i style="background:${entry.colour}"></i>${escapeHtml(entry.label)}</span>`);
	return `<p class="legend">${entries.join('')}<span><b class="fail">✗</b>failed</span></p>`;
}

export function tableHtml(table: ExportTable): string {
	const head = table.columns.map(column => `<th>${escapeHtml(column.label)}</th>`).join('');
	const rows = table.rows.map(row => `<tr>${row.map(cell => `<td>${cell === null ? '–' : outsideHtml(String(cell), 200)}</td>`).join('')}</tr>`);
	return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function pairsHtml(pairs: ReadonlyArray<readonly [string, string]>): string {
	return `<dl>${pairs.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${outsideHtml(value, 300)}</dd>`).join('')}</dl>`;
}

/** Colours of the phases, as classes: one rule each instead of a style on every bar. */
function phaseStyle(): string {
	return phaseLegend().map(entry => `.p-${entry.phase}{background:${entry.colour}}`).join('');
}

const style = `
body{font:14px/1.4 system-ui,sans-serif;margin:16px 24px;color:#1d232a;background:#fff}
h1{font-size:20px;margin:0}h2{font-size:17px;margin:22px 0 6px}h3{font-size:14px;margin:12px 0 4px}
.sub{color:#5c6670;margin:2px 0 10px}.verdict{font-size:22px;font-weight:600;margin:8px 0 4px;color:#0b5394}
.claim{margin:2px 0;color:#333}
.legend span{margin-right:14px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
.row{display:flex;align-items:center;height:15px}.row .n{width:48px;font-size:11px;color:#5c6670;text-align:right;padding-right:6px}
.row .bar{position:relative;flex:1;height:11px;background:#f3f5f7}
.row .bar i{position:absolute;top:0;height:11px;min-width:1px}
.row .why{position:absolute;left:4px;font-size:10px;color:${failedColour};white-space:nowrap;top:-1px}
.fail{position:absolute;top:-3px;color:${failedColour};font-size:12px}.legend .fail{position:static;margin-right:4px}
.row.axis{height:16px}.row.axis .bar{background:none;border-top:1px solid #aab}.row.axis .bar>span{position:absolute;font-size:10px;color:#5c6670;transform:translateX(-50%)}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{width:560px}.chart .note{font-size:12px;color:#5c6670}
table{border-collapse:collapse}th,td{border:1px solid #d5dae0;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:#5c6670}dd{margin:0}
`;

/**
 * The report as one HTML file: the verdict, a waterfall per strategy on one shared time axis (drawn as
 * HTML, so every row is in the DOM and its numbers are in its title), the charts (uPlot, inline), the
 * tables, the settings and the machine. Opens from file:// and asks nothing of the network. Every text
 * from elsewhere is escaped. Pure.
 */
export function reportHtml(page: ReportPage, assets: ChartAssets): string {
	const axisMs = sharedAxisMs(page.waterfalls);
	// A race of a single strategy has no verdict, as in every other output: no line stands in for one.
	const verdict = page.verdict ? [`<p class="verdict">${escapeHtml(page.verdict.text)}</p>`, ...page.verdict.claims.map(claim => `<p class="claim">${escapeHtml(claim)}</p>`)].join('\n') : '';
	const waterfalls = page.waterfalls.length === 0 ? '' : `<h2>Waterfall</h2>${legendHtml()}${page.waterfalls.map(waterfall => waterfallHtml(waterfall, axisMs)).join('\n')}`;
	const charts = page.charts.length === 0 ? '' : `<h2>${page.waterfalls.length > 0 ? 'Histograms' : 'Chart'}</h2><div class="charts">${page.charts.map((chart, at) => `<div class="chart"><div data-chart="${at}"></div>${chart.note === undefined ? '' : `<div class="note">${escapeHtml(chart.note)}</div>`}</div>`).join('')}</div>`;
	const tables = page.tables.map(({title, table}) => `<h2>${escapeHtml(title)}</h2>${tableHtml(table)}`).join('\n');
	const machine = page.machine;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(page.title)}</title>
<style>${assets.style}</style>
<style>${style}${phaseStyle()}</style>
</head><body>
<h1>${escapeHtml(page.title)}</h1>
<p class="sub">${escapeHtml(page.subtitle)}</p>
${verdict}
${waterfalls}
${charts}
${tables}
<h2>Settings</h2>
${pairsHtml(page.settings)}
<h2>Machine</h2>
${pairsHtml([['cores', String(machine.cores)], ['CPU', machine.cpu], ['memory', formatBytes(machine.memoryBytes)], ['Node', machine.node], ['OS', machine.os], ['load average (1 min)', String(machine.loadAverage)]])}
<script type="application/json" id="imgrace-charts">${scriptJson(page.charts)}</script>
<script>${assets.script.replaceAll('</script', String.raw`<\/script`)}</script>
<script>${chartsScript}</script>
</body></html>
`;
}
