// The entry layer: binds a runner to a race's config (image source, output folder, download settings, the display gate), folds runs into records, owns signals and exit codes. cli.tsx and bench/engine-worker.ts both start races through it.
export {bindRunner, type RunnerBinding} from './bind-runner.js';
export {exitCodeFor, exitCodes, quitExitCode, signalExitCodes} from './exit-codes.js';
export {chooseHeap} from './heap-policy.js';
export {resolveSource, type ImageSource} from './image-source.js';
export {runMain} from './main.js';
export {openRace, type OpenRace} from './open-race.js';
export {isInteractive, race} from './race.js';
export {runServe} from './serve.js';
export {runStrategies, type RaceRun, type RunListener, type StrategyRuns} from './run-strategies.js';
export {listenForSignals, underSignals} from './signals.js';
