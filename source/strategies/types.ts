// The Strategy contract a strategy file implements, defined beside the controller that runs it
// (engine/strategy-contract.ts: the engine must not import this folder).
export type {ImageJob, JobOutcome, RemoteRunSettings, RunPlan, Strategy} from '../engine/strategy-contract.js';
export type {StrategyName} from '../engine/events.js';
