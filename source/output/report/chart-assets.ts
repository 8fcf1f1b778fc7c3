import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';

/** The chart library the page carries inline: uPlot's script and its stylesheet. */
export type ChartAssets = {readonly script: string; readonly style: string};

/**
 * uPlot, read from the installed package when a report is written (never fetched, never at start-up):
 * the page then opens offline and sends no request.
 */
export async function chartAssets(): Promise<ChartAssets> {
	const require = createRequire(import.meta.url);
	const main = require.resolve('uplot');
	const dist = main.slice(0, main.lastIndexOf('uPlot.'));
	const [script, style] = await Promise.all([readFile(`${dist}uPlot.iife.min.js`, 'utf8'), readFile(`${dist}uPlot.min.css`, 'utf8')]);
	return {script, style};
}
