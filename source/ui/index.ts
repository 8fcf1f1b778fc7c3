// The live terminal UI (Ink): runInteractive renders the App, a panel per strategy over the view's screen, until q, Ctrl+C or the caller's signal. Loaded only for a live terminal.
export {runInteractive, type InteractiveOptions, type QuitReason} from './run-interactive.js';
