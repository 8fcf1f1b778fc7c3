// The live session behind the Ink UI: when frames are published, and which runs come next.
export {createFrameScheduler, defaultFps, publishGapMs, type FrameScheduler, type FrameSchedulerOptions} from './frame-scheduler.js';
export {createRerunQueue, type RerunQueue} from './rerun-queue.js';
export {labelsForWork, registryLabels} from './strategy-labels.js';
