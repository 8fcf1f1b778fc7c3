// The App's Ink components, one a file: they render the view's plain props and hold no state of the race.
export {default as ChartView} from './chart-view.js';
export {default as CollapsedRow} from './collapsed-row.js';
export {default as Footer} from './footer.js';
export {default as Header} from './header.js';
export {default as Panel} from './panel.js';
export {default as ProgressRow} from './progress-row.js';
export {default as SavedLine} from './saved-line.js';
export {default as Summary} from './summary.js';
