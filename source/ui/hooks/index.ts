// The App's React hooks: one live session (frame scheduler and rerun queue) per App, and the snapshot it publishes.
export {default as useLiveSession, type LiveSessionOptions} from './use-live-session.js';
export {default as useSnapshot} from './use-snapshot.js';
