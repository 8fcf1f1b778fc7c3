// Pure terminal charts for a finished race (timeline, histograms, concurrency sweep, repeated-run lines): data in, lines of at most `width` columns out; no I/O.
export {histogramBuckets, histogramLines, valueRange, type Bucket, type HistogramOptions, type ValueRange} from './histogram.js';
export {phaseLabels, phaseNames, timelineGlyphs, type ImagePhases, type PhaseName, type TimelineGlyphs} from './phases.js';
export {durationScale, meanSdText, runsLine, type DurationScale, type RunsLineOptions} from './runs-line.js';
export {sweepChartLines, type SweepChartOptions, type SweepPoint} from './sweep-chart.js';
export {idealSpeedup, stoppedPayingAt, type IdealLimits, type SweepLevel} from '../stats/sweep-math.js';
export {timelineLines, type TimelineOptions, type TimelineStrategy} from './timeline.js';
export {type TimelineImage} from './timeline-cells.js';
export {type ValueUnit} from './value-scale.js';
