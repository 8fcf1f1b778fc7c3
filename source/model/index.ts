// The model: engine events folded into run records and session state, and the verdict. Pure, no I/O.
export {applyEvent, createRunRecord, imageDurations, imageTtfbs, newImage, type ImageRecord, type ImageStatus, type RunRecord, type RunState} from './run-record.js';
export {RowIndex, emptyCounts, type StatusCounts} from './row-index.js';
export type {FinishedRun, RunTotals} from './run-totals.js';
export {clampConcurrency, createSessionState, isBusy, panelState, reduceSession, type PanelState, type SessionAction, type SessionInput, type SessionOptions, type SessionState, type StrategyTrack} from './session-state.js';
export {claimSentences} from './claim.js';
export {speedupOverSequential} from './speedup.js';
export {hasRivals, latestRuns, raceVerdict, type RaceVerdict, type VerdictOptions} from './verdict.js';
export {runFigures, type RunFigures} from './run-figures.js';
export {widthLabel} from './width-label.js';
export {imagePhases, phaseKeys, runPhases, type PhaseKey, type PhaseTotals} from './image-phases.js';
export {busyThreshold, isClientBound, loopLoad, type LoopLoad} from './client-bound.js';
