import type {EngineEvent} from '../engine/events.js';
import type {ClientName} from '../engine/names.js';
import type {RunRecord} from '../model/run-record.js';
import type {FailedStart} from '../model/failed-start.js';
import {buildJsonReport, type JsonExtras} from './json-report.js';
import {clientBoundLine, phaseLine} from './phase-lines.js';
import {failedStartLine, lineForEvent} from './plain-lines.js';
import {writeStderr, writeStdout} from './stdout.js';

export type PlainReporterOptions = {
	/** One JSON document at the end instead of the lines. */
	readonly json: boolean;
	/** Where the images come from, for the note on stderr. */
	readonly description: string;
	/** imgrace's version, named in the JSON document. */
	readonly version: string;
	/** The HTTP client every strategy downloads through, named in the header line. */
	readonly client: ClientName;
	/** Where the lines go (textOut): stdout unless an export has it. */
	readonly out?: (text: string) => void;
};

export type PlainReporter = {
	start(): void;
	onEvent(record: RunRecord, event: EngineEvent): void;
	/** Whether onEvent prints a line for this event. */
	prints(record: RunRecord, event: EngineEvent): boolean;
	onFailedStart(failure: FailedStart): void;
	/**
	 * Where each run's time went, or the JSON document (with `extras.verdict`), once every run is over.
	 * `summarise` lists the runs the phase lines are for (default: all of `records`). The verdict's own
	 * lines are the caller's to print, once, after the results they sum up (verdictLines).
	 */
	finish(runs: ReadonlyArray<RunRecord | FailedStart>, records: readonly RunRecord[], extras?: JsonExtras & {summarise?: readonly RunRecord[]}): void;
};

/**
 * Non-interactive output: one line per finished image on stdout, or one JSON document with --json. The
 * note on where the images come from goes to stderr, and not at all with --json: the document names the
 * URLs itself, and `imgrace --json >out 2>&1` must still be one parseable document.
 */
export function plainReporter({json, description, version, client, out = writeStdout}: PlainReporterOptions): PlainReporter {
	const write = (line: string) => {
		if (!json) {
			out(`${line}\n`);
		}
	};

	return {
		start() {
			if (!json) {
				writeStderr(`imgrace: ${description}, client ${client}\n`);
			}
		},
		onEvent(record, event) {
			// With --json nothing is printed per image: don't format lines only to drop them.
			const line = json ? undefined : lineForEvent(record, event);
			if (line !== undefined) {
				write(line);
			}
		},
		prints: (record, event) => !json && lineForEvent(record, event) !== undefined,
		onFailedStart(failure) {
			write(failedStartLine(failure));
		},
		finish(runs, records, extras = {}) {
			if (!json) {
				for (const record of extras.summarise ?? records) {
					for (const line of [phaseLine(record), clientBoundLine(record, extras.loads?.get(record.runId))]) {
						if (line !== undefined) {
							write(line);
						}
					}
				}
			}

			if (json) {
				writeStdout(`${JSON.stringify(buildJsonReport(runs, version, extras), undefined, 2)}\n`);
			}
		},
	};
}
