// The App's React hooks: one live session (frame scheduler and rerun queue) per App, and the snapshot it publishes.
export {default as useChartView, type ChartState, type ChartView} from './use-chart-view.js';
export {default as useLiveSession, type LiveSessionOptions} from './use-live-session.js';
export {default as useSnapshot} from './use-snapshot.js';
