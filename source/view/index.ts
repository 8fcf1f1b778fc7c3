// The view: what the live screen shows, as pure functions of the model and the terminal size.
export {arrangementFor, panelGap, panelLines, panelsPerLine, type Arrangement} from './arrangement.js';
export {footerConcurrency, footerKeys, footerWidth, keyGap, type FooterInput, type FooterKey} from './footer-keys.js';
export {histogramScreen, type HistogramScreen, type HistogramScreenOptions} from './histogram-screen.js';
export {histogramInput, type HistogramSeries} from './histogram-view.js';
export {fitNote, headerWidth, type HeaderParts} from './panel-header.js';
export {rowColumns, rowFieldWidths, type RowColumns} from './row-columns.js';
export {hiddenLine, rowCells, shortReason, type RowCells, type RowTone} from './row-view.js';
export {hiddenTotal, windowRanked, type HiddenCounts, type RankedWindow, type WindowedImage} from './row-window.js';
export {savedLine} from './saved-line.js';
export {buildScreen, footerLines, type PanelView, type RowView, type ScreenView, type TerminalSize} from './screen.js';
export {planScreen, type PanelDemand, type ScreenPlan, type ScreenPlanInput} from './screen-plan.js';
export {Snapshotter, defaultMaxRows, type ImageView, type RunView, type SessionSnapshot, type StrategyLabel, type StrategyLabels, type StrategyView} from './snapshot.js';
export {fitTitle, summaryLayout, type SummaryLayout} from './summary-layout.js';
export {buildSummary, comparableWallTimes, formatMeanSd, summaryHeight, summaryInputs, summaryVariants, summaryVerdict, variantRows, verdictLines, type SummaryInput, type SummaryRow, type SummaryVariant, type SummaryView} from './summary.js';
export {summaryVerdictLines, type VerdictLines, type VerdictRoom} from './summary-verdict.js';
export {histogramText, timelineText, type ChartSize} from './race-charts.js';
export {timelineScreen, type TimelineScreenOptions} from './timeline-screen.js';
export {timelineInput, type TimelineInputOptions} from './timeline-view.js';
