// The engine: downloads a URL list with the strategy it is handed (never one it looks up), writes the files, emits events. Knows no UI, no CLI flag, no server.
export {defaultSettings, imageBaseName, runDownloads, type DownloadSettings, type RunOptions, type RunResult, type Runner} from './controller.js';
export type {ImageJob, JobOutcome, RemoteRunSettings, RunPlan, Strategy} from './strategy-contract.js';
export type {EngineEvent, EngineEventType, ErrorCode, EventListener, FailureHint, RunTotals, StrategyName} from './events.js';
export {DownloadError} from './errors.js';
export {createHttpClient, defaultUserAgent, type HttpClient, type HttpOptions, type TransportName} from './http-client.js';
export {OutputFolderError, manifestFile, manifestName, stateFolder} from './folder-guard.js';
export {preferSmallHeap, settleHeap} from './heap.js';
