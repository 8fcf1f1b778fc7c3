import {useCallback, useRef, useState} from 'react';
import type {RunRecord} from '../../model/run-record.js';
import {histogramInput} from '../../view/histogram-view.js';
import {histogramScreen} from '../../view/histogram-screen.js';
import {footerLines, type TerminalSize} from '../../view/screen.js';
import type {SessionSnapshot} from '../../view/snapshot.js';
import {timelineScreen} from '../../view/timeline-screen.js';

/** Which chart is shown in place of the panels, and which page of it. */
export type ChartState = {readonly kind: 'timeline' | 'histogram'; readonly page: number} | undefined;

export type ChartView = {
	readonly chart: ChartState;
	/** The shown chart's lines for this snapshot and size; undefined with the panels shown. */
	readonly lines: readonly string[] | undefined;
	/** t toggles the timeline; h the histograms, then their next page, and back after the last. */
	readonly press: (key: 't' | 'h') => void;
	/** Esc: back to the panels. */
	readonly close: () => void;
};

function latestRecords(snapshot: SessionSnapshot): RunRecord[] {
	const records: RunRecord[] = [];
	for (const view of snapshot.strategies) {
		if (view.record) {
			records.push(view.record);
		}
	}

	return records;
}

/**
 * The chart keys' state, and the chart's lines built from the latest run of each strategy, live:
 * built again on every frame while a chart is shown (they walk every image), never while not.
 */
export default function useChartView(snapshot: SessionSnapshot, size: TerminalSize): ChartView {
	const [chart, setChart] = useState<ChartState>(undefined);
	const pages = useRef(1);
	const press = useCallback((key: 't' | 'h') => {
		setChart(current => {
			if (key === 't') {
				return current?.kind === 'timeline' ? undefined : {kind: 'timeline', page: 0};
			}

			if (current?.kind !== 'histogram') {
				return {kind: 'histogram', page: 0};
			}

			return current.page + 1 < pages.current ? {kind: 'histogram', page: current.page + 1} : undefined;
		});
	}, []);
	const close = useCallback(() => {
		setChart(undefined);
	}, []);

	let lines: string[] | undefined;
	if (chart) {
		// Below the terminal's height, as the panels are: the footer keeps its line(s).
		const height = Math.max(1, size.rows - 1 - footerLines(snapshot));
		const records = latestRecords(snapshot);
		if (chart.kind === 'timeline') {
			lines = timelineScreen(records, {columns: size.columns, height, now: snapshot.now});
		} else {
			const screen = histogramScreen(histogramInput(records), {columns: size.columns, height, page: chart.page});
			pages.current = screen.pages;
			lines = [...screen.lines];
		}
	}

	return {chart, lines, press, close};
}
