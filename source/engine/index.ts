// The engine: downloads a URL list with the strategy it is handed (never one it looks up), writes the files, emits events. Knows no UI, no CLI flag, no server.
export {runDownloads, type ControllerOptions} from './controller.js';
export {imageBaseName, openImageJobs, type ImageJobs, type JobOutcome} from './image-jobs.js';
export {clientNames, type ClientName, type ClientSettings, type DownloadSettings, type RunContext, type RunRequest, type RunResult, type RunSpec, type Runner, type Strategy, type StrategyRole, type WorkName, type WorkSettings} from './run-spec.js';
export type {EngineEvent, EngineEventType, ErrorCode, EventListener, FailureHint, ImagePhases, RunCosts, RunTotals, StrategyName} from './events.js';
export {DownloadError, FolderError, NoRoomError} from './errors.js';
export {manifestFile, manifestName, stateFolder, type FolderGuard} from './folder-guard.js';
export {preferSmallHeap, settleHeap} from './heap.js';
export {epochNow, fromEpoch, toEpoch} from './clock.js';
