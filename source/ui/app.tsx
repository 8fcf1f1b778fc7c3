import {Box, Text, useApp, useInput, useStdin, useWindowSize} from 'ink';
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {glyphs} from '../format/glyphs.js';
import {panelGap} from '../view/arrangement.js';
import {footerConcurrency} from '../view/footer-keys.js';
import {savedLine} from '../view/saved-line.js';
import {buildScreen} from '../view/screen.js';
import type {StrategyView} from '../view/snapshot.js';
import {buildSummary, pendingStrategies, summaryInputs, type SummaryInput, type SummaryView} from '../view/summary.js';
import ChartView from './components/chart-view.js';
import Footer from './components/footer.js';
import GalleryView from './components/gallery-view.js';
import Panel from './components/panel.js';
import SavedLine from './components/saved-line.js';
import Summary from './components/summary.js';
import useChartView from './hooks/use-chart-view.js';
import useGallery from './hooks/use-gallery.js';
import useLiveSession, {type LiveSessionOptions} from './hooks/use-live-session.js';
import useSnapshot from './hooks/use-snapshot.js';

/**
 * Why the app quit: 'quit' for q, the end of a keyboard-less race or quitSignal (whose owner knows
 * which signal it was); 'interrupted' for Ctrl+C, which in raw mode arrives as input instead of
 * SIGINT but must still tell a script it was interrupted. The entry layer turns it into an exit code.
 */
export type QuitReason = 'quit' | 'interrupted';

export type AppProps = LiveSessionOptions & {
	/** Called once the app has quit and the in-flight run has ended. */
	readonly onQuit?: (reason: QuitReason) => void;
	/** Quit as if q were pressed when this fires (signals outside raw mode). */
	readonly quitSignal?: AbortSignal;
	/**
	 * Quit by itself once the launch runs are over. Defaults to true when there is no keyboard (raw
	 * mode unsupported), where nobody could press q.
	 */
	readonly exitWhenDone?: boolean;
};

/** ink-picture's settings: it looks for layout changes less often than its default 16 ms; previews are ours to keep. */
const pictureConfig = {pollIntervalMs: 100, cacheSize: 0};

/**
 * The summary, built again only when what it reads changed (a strategy's latest finished run or
 * history, a strategy leaving it to run again, or the session quitting): it walks every image of those runs.
 */
function useSummary(views: readonly StrategyView[], settled: boolean): SummaryView | undefined {
	const memo = useRef<{readonly inputs: readonly SummaryInput[]; readonly pending: string; readonly settled: boolean; readonly summary: SummaryView | undefined} | undefined>(undefined);
	const inputs = summaryInputs(views);
	const pending = pendingStrategies(views);
	const previous = memo.current;
	const same = previous?.pending === pending.join() && previous.settled === settled && previous.inputs.length === inputs.length && inputs.every((input, at) => {
		const before = previous.inputs[at]!;
		return input.strategy === before.strategy && input.lastComplete === before.lastComplete && input.history === before.history;
	});
	if (same) {
		return previous.summary;
	}

	const summary = buildSummary(inputs, undefined, pending, settled);
	memo.current = {inputs, pending: pending.join(), settled, summary};
	return summary;
}

/** The race: a panel per strategy, the summary once two have a result, and the keys. */
export default function App({runner, registry, imageCount, mode, asked, work, client, onQuit, quitSignal, exitWhenDone, fps}: AppProps) {
	const {exit} = useApp();
	// Ink reports stdin.isTTY as is: undefined for a pipe, which useInput would take as active.
	const isRawModeSupported = useStdin().isRawModeSupported === true;
	const {store, session} = useLiveSession({runner, registry, imageCount, mode, asked, work, client, fps});
	const snapshot = useSnapshot(store);
	const size = useWindowSize();
	const charts = useChartView(snapshot, size);
	const gallery = useGallery(snapshot, size);
	const [final, setFinal] = useState(false);
	const quitting = useRef(false);
	const reason = useRef<QuitReason>('quit');

	const quit = useCallback((why: QuitReason = 'quit') => {
		if (quitting.current) {
			return;
		}

		quitting.current = true;
		reason.current = why;
		// The last frame stays on screen after the app: it is the race's, with its summary, not a chart's.
		charts.close();
		gallery.close();
		void session.quit().then(() => {
			store.flush();
			setFinal(true);
		});
	}, [session, store, charts.close, gallery.close]);

	useEffect(() => {
		if (final) {
			onQuit?.(reason.current);
			exit();
		}
	}, [final, exit, onQuit]);

	useEffect(() => {
		if (!quitSignal) {
			return;
		}

		if (quitSignal.aborted) {
			quit();
			return;
		}

		// The signal's owner knows which signal it was and reports it itself.
		const onAbort = () => {
			quit();
		};

		quitSignal.addEventListener('abort', onAbort, {once: true});
		return () => {
			quitSignal.removeEventListener('abort', onAbort);
		};
	}, [quitSignal, quit]);

	const autoExit = exitWhenDone ?? !isRawModeSupported;
	useEffect(() => {
		if (autoExit) {
			void session.idle().then(() => {
				quit();
			});
		}
	}, [autoExit, session, quit]);

	// The session's strategies are fixed for its lifetime: so are their keys.
	const [footerKeys] = useState(() => store.getSnapshot().strategies.map(view => ({key: view.label.key, name: view.strategy})));
	const rerunKeys = useMemo(() => new Map(footerKeys.map(entry => [entry.key, entry.name])), [footerKeys]);
	const onKey = useCallback((key: string) => {
		if (key === 'q') {
			quit('quit');
		} else if (quitting.current) {
			// Only quitting is left to do.
		} else if (key === 't' || key === 'h') {
			gallery.close();
			charts.press(key);
		} else if (key === 'g') {
			charts.close();
			gallery.press();
		} else if (key === 'r') {
			session.run(store.getSnapshot().strategies.map(view => view.strategy));
		} else if (rerunKeys.has(key)) {
			session.run([rerunKeys.get(key)!]);
		} else if (key === '+' || key === '=') {
			session.stepConcurrency(1, footerConcurrency(store.getSnapshot()));
		} else if (key === '-' || key === '_') {
			session.stepConcurrency(-1, footerConcurrency(store.getSnapshot()));
		}
	}, [quit, session, store, rerunKeys, charts.press, charts.close, gallery.press, gallery.close]);

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			quit('interrupted');
			return;
		}

		if (key.escape) {
			charts.close();
			gallery.close();
			return;
		}

		if (key.ctrl || key.meta) {
			return;
		}

		// Keys typed faster than a read arrive together ("++p"): take them one by one.
		for (const character of input) {
			onKey(character);
		}
	}, {isActive: isRawModeSupported});

	const summary = useSummary(snapshot.strategies, snapshot.quitting);
	const width = size.columns;
	// A chart takes the place of the panels and the summary: their layout is not built meanwhile.
	const screen = charts.lines || gallery.open ? undefined : buildScreen(snapshot, summary, size);
	let panels: React.ReactNode = null;
	if (screen?.arrangement === 'grid') {
		panels = (
			<Box flexDirection="column">
				{screen.lines.map(line => (
					<Box key={line[0]} flexDirection="row" columnGap={panelGap}>
						{line.map(at => <Panel key={screen.panels[at]!.strategy} panel={screen.panels[at]!}/>)}
					</Box>
				))}
			</Box>
		);
	} else if (screen) {
		panels = (
			<Box flexDirection={screen.arrangement === 'side-by-side' ? 'row' : 'column'} columnGap={screen.arrangement === 'side-by-side' ? panelGap : 0}>
				{screen.panels.map(panel => <Panel key={panel.strategy} panel={panel}/>)}
			</Box>
		);
	}

	const galleryView = gallery.screen ? <GalleryView screen={gallery.screen} pictures={gallery.pictures} previews={gallery.previews} busy={gallery.busy} ascii={!glyphs.unicode} width={width}/> : null;
	// Mounted from the first g on, open or not: it asks the terminal what it can draw once, not at every g.
	const Pictures = gallery.pictures?.InkPictureProvider;
	return (
		// As wide as the terminal and clipped to it: on a resize Ink draws this tree once more before it
		// re-renders at the new size, and lines of the old width would wrap into rows it never erases.
		<Box flexDirection="column" width="100%" overflowX="hidden">
			{charts.lines ? <ChartView lines={charts.lines} width={width}/> : (gallery.open ? null : panels)}
			{Pictures ? <Pictures config={pictureConfig}>{galleryView}</Pictures> : galleryView}
			{screen?.summary ? <Summary view={screen.summary.view} variant={screen.summary.variant} whole={screen.summary.whole} width={width}/> : null}
			{snapshot.error ? (
				<Box width={width} height={1} overflow="hidden">
					<Text color="red" wrap="truncate-end">{`error: ${snapshot.error}`}</Text>
				</Box>
			) : null}
			{final ? <SavedLine text={savedLine(snapshot, width)} width={width}/> : <Footer strategies={footerKeys} concurrency={footerConcurrency(snapshot)} imageCount={snapshot.imageCount} status={snapshot.quitting ? `quitting${glyphs.ellipsis}` : undefined} width={width} chart={charts.chart !== undefined || gallery.open}/>}
		</Box>
	);
}
