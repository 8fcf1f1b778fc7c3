// Non-interactive output: the plain reporter (a line per image), the JSON report, and stdout/stderr writes that survive a closed pipe.
export {plainReporter, type PlainReporter, type PlainReporterOptions} from './plain-reporter.js';
export {buildJsonReport, verdictJson, verdictOfRuns, type FailedStart, type JsonReport, type VerdictJson} from './json-report.js';
export {failedStartLine, lineForEvent, verdictLines} from './plain-lines.js';
export {stdoutClosed, writeStderr, writeStdout} from './stdout.js';
