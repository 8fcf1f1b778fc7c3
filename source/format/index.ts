// Formatting for the terminal: bytes, durations, speeds, plurals, glyphs, bars, spinners, outside text made safe to show. Pure string work; imports nothing else of imgrace.
export {formatBytes, formatDuration, formatLatency, formatRatio, formatSpeed} from './format.js';
export {formatBytesFast, formatSpeedFast} from './fast-bytes.js';
export {fitText} from './fit-text.js';
export {asciiGlyphs, chooseGlyphs, glyphs, localeIsUtf8, unicodeGlyphs, type Glyphs} from './glyphs.js';
export {plural} from './plural.js';
export {progressBar, progressRatio, type ProgressBarOptions} from './progress-bar.js';
export {displayText, redactCredentials, safeText} from './safe-text.js';
export {spinnerFrame, spinnerFrames, spinnerIntervalMs, spinnerOf} from './spinner.js';
