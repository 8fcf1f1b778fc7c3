// The contract a strategy file implements, defined beside the controller that runs it
// (engine/run-spec.ts: the engine must not import this folder).
export type {RunContext, RunSpec, Strategy, StrategyName, StrategyRole, WorkName} from '../engine/run-spec.js';
