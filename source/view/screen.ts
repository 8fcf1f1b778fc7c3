import type {SlotCap, StrategyName} from '../engine/events.js';
import {formatDuration} from '../format/format.js';
import {glyphs} from '../format/glyphs.js';
import {plural} from '../format/plural.js';
import {displayText} from '../format/safe-text.js';
import type {PanelState} from '../model/session-state.js';
import type {Arrangement} from './arrangement.js';
import {rowColumns, type RowColumns} from './row-columns.js';
import {hiddenLine, rowCells, type RowCells} from './row-view.js';
import {windowRanked} from './row-window.js';
import {planScreen} from './screen-plan.js';
import {fitNote} from './panel-header.js';
import type {ImageView, SessionSnapshot, StrategyView} from './snapshot.js';
import {summaryForms, summaryHeight, summaryVariants, type SummaryVariant, type SummaryView} from './summary.js';

export type TerminalSize = {readonly columns: number; readonly rows: number};

export type RowView = RowCells & {readonly key: number};

export type PanelView = {
	readonly strategy: StrategyName;
	/** "Sequential ×1", "Parallel ×8". */
	readonly title: string;
	readonly state: PanelState;
	/** Live elapsed time while running, the wall time once ended; '' before. */
	readonly elapsed: string;
	/** "7/10", with failures: "7/10 · 1 failed". '' without a run. */
	readonly progress: string;
	/** "next ×9" when +/- changed the concurrency of the strategy's next run; cut to the room the rest of the header leaves, or none. */
	readonly note: string | undefined;
	readonly width: number;
	readonly columns: RowColumns;
	/** Finished rows collapsed above the rows. */
	readonly before: string | undefined;
	readonly rows: readonly RowView[];
	/** In-flight and queued rows collapsed below the rows. */
	readonly after: string | undefined;
	/** Shown instead of rows when the strategy has not run. */
	readonly empty: string | undefined;
};

export type ScreenView = {
	readonly arrangement: Arrangement;
	/** The panel indexes on each line of panels, top to bottom. */
	readonly lines: readonly (readonly number[])[];
	readonly columns: number;
	/** One per strategy, in order. */
	readonly panels: readonly PanelView[];
	readonly summary: {readonly view: SummaryView; readonly variant: SummaryVariant; readonly whole: boolean} | undefined;
	/** Lines of panels and summary plus the footer line(s); below the terminal height. */
	readonly height: number;
};

/**
 * Lines under the panels and summary: the footer (on the final frame, the line the shell prompt
 * will take), plus one for an error.
 */
export function footerLines(snapshot: SessionSnapshot): number {
	return 1 + (snapshot.error ? 1 : 0);
}

/** Rows of images not in flight do not change with time: format them once per image version. */
/** A limit that lowered a run's width, as a panel's note names it: "open-file limit: ×32 of 100". */
const capLabels: Readonly<Record<SlotCap['limit'], string>> = {'open files': 'open-file limit', memory: 'memory', 'address space': 'address space', cores: 'cores', processes: 'process limit'};

const settledRows = new WeakMap<ImageView, {readonly columns: RowColumns; readonly row: RowView}>();

function sameColumns(a: RowColumns, b: RowColumns): boolean {
	return a.index === b.index && a.bar === b.bar && a.bytes === b.bytes && a.speed === b.speed && a.time === b.time
		&& a.retry === b.retry && a.dims === b.dims && a.ttfb === b.ttfb;
}

function rowView(image: ImageView, columns: RowColumns, runElapsed: number): RowView {
	if (image.status === 'running') {
		return {key: image.index, ...rowCells(image, columns, runElapsed)};
	}

	const cached = settledRows.get(image);
	if (cached && sameColumns(cached.columns, columns)) {
		return cached.row;
	}

	const row = {key: image.index, ...rowCells(image, columns, runElapsed)};
	settledRows.set(image, {columns, row});
	return row;
}

/**
 * The run a panel shows: the latest, unless the panel is about a run that has no record yet (waiting,
 * handed to the runner, aborted before it started), whose place the last run's rows must not take.
 */
function shownRun(view: StrategyView): StrategyView['run'] {
	return view.run?.state === view.state ? view.run : undefined;
}

/** What a panel without a run says. */
function emptyLine(view: StrategyView, snapshot: SessionSnapshot): string {
	if (view.state === 'waiting') {
		return `${plural(snapshot.imageCount, 'image')} queued`;
	}

	if (view.state === 'running') {
		return `starting${glyphs.ellipsis}`;
	}

	if (view.state === 'aborted') {
		return 'aborted before it started';
	}

	if (view.startError !== undefined) {
		return `${glyphs.failed} not started: ${displayText(view.startError, 300)}`;
	}

	return snapshot.quitting ? 'not run' : `not run yet ${glyphs.separator} press ${view.label.key}`;
}

function panelView(view: StrategyView, snapshot: SessionSnapshot, width: number, bodyLines: number): PanelView {
	const run = shownRun(view);
	const imageCount = run?.imageCount ?? snapshot.imageCount;
	const columns = rowColumns(width, imageCount);
	const {label} = view;
	const concurrency = run?.concurrency ?? label.slots(snapshot.concurrency, imageCount);
	const title = `${label.title} ${glyphs.times}${concurrency}`;
	// A limit of the machine lowering the width is worth saying where the width is shown.
	const capped = run?.cappedBy === undefined ? undefined : `${capLabels[run.cappedBy.limit]}: ${glyphs.times}${run.concurrency} of ${run.cappedFrom}`;
	const asked = snapshot.concurrency > 0 ? snapshot.concurrency : undefined;
	const next = label.followsConcurrency && run && asked !== undefined && asked !== run.concurrency && asked !== run.cappedFrom ? `next ${glyphs.times}${asked}` : undefined;
	// Until every worker has loaded its code the run waits on them, not on the network: say so.
	const starting = run?.state === 'running' && run.workers && !run.workers.ready ? `starting ${plural(run.workers.count, 'worker')}${glyphs.ellipsis}` : undefined;
	const note = [starting, capped, next].filter(part => part !== undefined).join(', ') || undefined;
	if (!run) {
		return {
			strategy: view.strategy,
			title,
			state: view.state,
			elapsed: '',
			progress: '',
			note: fitNote(note, {title, state: view.state, elapsed: '', progress: ''}, width),
			width,
			columns,
			before: undefined,
			rows: [],
			after: undefined,
			empty: bodyLines > 0 ? emptyLine(view, snapshot) : undefined,
		};
	}

	const runElapsed = run.state === 'running' ? snapshot.now - run.startedAt : (run.wallMs ?? 0);
	const window = windowRanked(run.ranked, run.counts, run.imageCount, bodyLines);
	const rows: RowView[] = window.visible.map(image => rowView(image, columns, runElapsed));
	const finished = run.ok + run.failed;
	const aborted = run.state === 'aborted' ? run.imageCount - finished : 0;
	const elapsed = view.state === 'waiting' ? '' : formatDuration(runElapsed);
	const progress = `${finished}/${run.imageCount}${run.failed > 0 ? ` ${glyphs.separator} ${run.failed} failed` : ''}${aborted > 0 ? ` ${glyphs.separator} ${aborted} aborted` : ''}`;
	return {
		strategy: view.strategy,
		title,
		state: view.state,
		elapsed,
		progress,
		note: fitNote(note, {title, state: view.state, elapsed, progress}, width),
		width,
		columns,
		before: window.before ? hiddenLine(window.before, 'before') : undefined,
		rows,
		after: window.after ? hiddenLine(window.after, 'after') : undefined,
		empty: undefined,
	};
}

/** Lines a panel would like: every row, but after an abort the never-started ones as one count. */
function usefulRows(view: StrategyView): number {
	const run = shownRun(view);
	if (!run) {
		return 1;
	}

	if (run.state !== 'aborted') {
		return run.imageCount;
	}

	const started = run.imageCount - run.neverStarted;
	return started === run.imageCount ? started : started + 1;
}

/**
 * Everything the screen shows, laid out for the terminal size: which rows of each panel, whether
 * and how much summary. Pure.
 */
export function buildScreen(snapshot: SessionSnapshot, summary: SummaryView | undefined, size: TerminalSize): ScreenView {
	const views = snapshot.strategies;
	// The costs variant only where a strategy started workers; the busy panel's rows come first while one runs.
	const busy = views.some(view => view.state === 'running');
	const variants = summary ? summaryVariants.filter(variant => variant !== 'costs' || (summary.costRows.length > 0 && !busy)) : [];
	const forms = summaryForms(variants, !views.some(view => view.state === 'running' || view.state === 'waiting'));
	const plan = planScreen({
		columns: size.columns,
		rows: size.rows,
		summaryHeights: summary ? forms.map(form => summaryHeight(summary, form.variant, size.columns, form.whole)) : [],
		footerLines: footerLines(snapshot),
		panels: views.map(view => ({rows: usefulRows(view), busy: view.state === 'running', settled: view.state === 'done' || view.state === 'aborted'})),
	});
	const form = plan.summaryVariant === undefined ? undefined : forms[plan.summaryVariant];
	return {
		arrangement: plan.arrangement,
		lines: plan.lines,
		columns: size.columns,
		panels: views.map((view, at) => panelView(view, snapshot, plan.panelWidths[at]!, plan.bodyLines[at]!)),
		summary: summary && form ? {view: summary, ...form} : undefined,
		height: plan.height,
	};
}
