// The embedded random-image server on 127.0.0.1, a library: start and stop it, build its URLs (with fault knobs). `imgrace serve` is wired in entry/serve.ts.
export {startImageServer, type ImageServer} from './image-server.js';
export {imageUrl} from './image-url.js';
export {paintedImages} from './images/index.js';
export {maxSize, type Failures, type Faults, type Shaping} from './faults.js';
export type {ImageServerOptions, ServerSettings} from './options.js';
export {serverDefaults} from './server-defaults.js';
