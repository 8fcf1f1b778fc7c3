// Strategies: the ways of scheduling the race's downloads, one file each, listed by the registry.
export {perCoreSlots, perImageSlots} from './slots.js';
export {findStrategy, followsConcurrency, modeChoices, parseModes, registerStrategy, strategies, strategyNamed, strategyNames, takesOneSlot} from './registry.js';
export {runInProcess} from './in-process.js';
export type {ImageJob, JobOutcome, RemoteRunSettings, RunPlan, Strategy, StrategyName} from './types.js';
