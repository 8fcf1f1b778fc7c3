// Non-interactive output: the plain reporter (a line per image), the JSON report, and stdout/stderr writes that survive a closed pipe.
export {plainReporter, type PlainReporter, type PlainReporterOptions} from './plain-reporter.js';
export {buildJsonReport, type FailedStart, type JsonReport} from './json-report.js';
export {failedStartLine, lineForEvent, verdictLine} from './plain-lines.js';
export {stdoutClosed, writeStderr, writeStdout} from './stdout.js';
