import {phaseMs, phaseNames, type PhaseName} from '../charts/phases.js';
import {redactCredentials} from '../format/safe-text.js';
import type {FailedAttempt, ImageRecord, RunRecord} from '../model/run-record.js';

/** The timings of a HAR 1.2 entry, ms; -1 where a phase does not apply or was not measured apart. */
export type HarTimings = {
	readonly blocked: number;
	readonly dns: number;
	readonly connect: number;
	readonly send: number;
	readonly wait: number;
	readonly receive: number;
	readonly ssl: number;
};

type TimingName = 'blocked' | 'connect' | 'send' | 'wait' | 'receive';

/**
 * Which HAR timing each of imgrace's phases counts towards (charts/phases.ts is the list): a new phase
 * does not type-check until it is placed here. Queueing for a slot, the retries before this attempt
 * and the client's set-up are all time before the request had a socket, which HAR calls `blocked`;
 * writing the file and the work after it happen after the response, outside the request's `time`
 * (the entry's `_imgrace` says them). DNS and TLS are inside `connect`: the engine does not time them apart.
 */
export const harTimingOf: Readonly<Record<PhaseName, TimingName | undefined>> = {
	queued: 'blocked',
	retry: 'blocked',
	setup: 'blocked',
	connect: 'connect',
	send: 'send',
	wait: 'wait',
	receive: 'receive',
	write: undefined,
	workQueued: undefined,
	thumbnail: undefined,
};

export type HarEntry = {
	readonly pageref: string;
	readonly startedDateTime: string;
	readonly time: number;
	readonly request: {
		readonly method: 'GET';
		readonly url: string;
		readonly httpVersion: string;
		readonly cookies: readonly [];
		readonly headers: readonly [];
		readonly queryString: ReadonlyArray<{readonly name: string; readonly value: string}>;
		readonly headersSize: -1;
		readonly bodySize: 0;
	};
	readonly response: {
		/** 0 for an attempt that failed (HAR viewers show it as an error), as browsers write it. */
		readonly status: number;
		readonly statusText: string;
		readonly httpVersion: string;
		readonly cookies: readonly [];
		readonly headers: readonly [];
		readonly content: {readonly size: number; readonly mimeType: string};
		readonly redirectURL: '';
		readonly headersSize: -1;
		readonly bodySize: number;
	};
	readonly cache: Record<string, never>;
	readonly timings: HarTimings;
	readonly _imgrace: {
		readonly strategy: string;
		/** Which run of this strategy (1-based), as the page's title says it. */
		readonly run: number;
		readonly runId: string;
		readonly image: number;
		readonly attempt: number;
		readonly concurrency: number;
		readonly client: string;
		readonly work: string;
		/** After the response: writing the file, and the work (--work) with its wait for a core, ms. */
		readonly writeMs?: number;
		readonly workQueuedMs?: number;
		readonly thumbnailMs?: number;
		readonly reusedConnection?: boolean;
		readonly error?: {readonly code: string; readonly reason: string};
	};
};

export type HarPage = {
	readonly startedDateTime: string;
	readonly id: string;
	readonly title: string;
	readonly pageTimings: {readonly onContentLoad: -1; readonly onLoad: number};
};

export type HarDocument = {
	readonly log: {
		readonly version: '1.2';
		readonly creator: {readonly name: 'imgrace'; readonly version: string};
		readonly pages: readonly HarPage[];
		readonly entries: readonly HarEntry[];
	};
};

export type HarOptions = {
	readonly version: string;
	/**
	 * Epoch milliseconds of the monotonic clock's zero (performance.timeOrigin of the thread whose
	 * clock the records' times are on): turns a run's start into a date. Durations never use it.
	 */
	readonly timeOrigin: number;
};

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** One attempt's place in time: from `startMs` (relative to the run's start) with its timings. */
type Attempt = {readonly startMs: number; readonly timings: HarTimings; readonly attempt: number};

function emptyTimings(): Record<TimingName, number> {
	return {blocked: 0, connect: 0, send: 0, wait: 0, receive: 0};
}

function finish(sums: Record<TimingName, number>, connected: boolean): HarTimings {
	return {
		blocked: round(Math.max(0, sums.blocked)),
		dns: -1,
		connect: connected ? round(sums.connect) : -1,
		send: round(sums.send),
		wait: round(sums.wait),
		receive: round(sums.receive),
		ssl: -1,
	};
}

/**
 * A failed attempt, from the end of the one before (or the run's start): blocked until it began, then
 * waiting for headers, then receiving until it failed. How long its connect and send took is not known.
 */
function failedTimings(failed: FailedAttempt, from: number): Attempt {
	const firstByte = failed.firstByteMs === undefined ? failed.endMs : Math.min(Math.max(failed.firstByteMs, failed.startMs), failed.endMs);
	const sums = {...emptyTimings(), blocked: failed.startMs - from, wait: firstByte - failed.startMs, receive: failed.endMs - firstByte};
	return {startMs: from, timings: finish(sums, false), attempt: failed.attempt};
}

/** The attempt that counted, from the end of the last failed one (or the run's start): the engine's phases, mapped. */
function doneTimings(image: ImageRecord, from: number): Attempt | undefined {
	const phases = image.phases;
	if (!phases) {
		return undefined;
	}

	const sums = emptyTimings();
	for (const name of phaseNames) {
		const timing = harTimingOf[name];
		if (timing) {
			sums[timing] += phaseMs(phases, name);
		}
	}

	sums.blocked -= from;
	return {startMs: from, timings: finish(sums, phaseMs(phases, 'connect') > 0), attempt: image.retries + 1};
}

/** Every attempt of an image that ended, in order, each starting where the one before ended. */
export function imageAttempts(image: ImageRecord): Attempt[] {
	if (image.status !== 'done' && image.status !== 'failed') {
		return [];
	}

	const attempts: Attempt[] = [];
	let from = 0;
	for (const failed of image.failedAttempts ?? []) {
		attempts.push(failedTimings(failed, from));
		from = failed.endMs;
	}

	const done = image.status === 'done' ? doneTimings(image, from) : undefined;
	if (done) {
		attempts.push(done);
	}

	return attempts;
}

/** The entry's `time`: the sum of its timings that were measured (HAR: -1 means not applicable). */
export function harTime(timings: HarTimings): number {
	return round(Object.values(timings).reduce((total, value) => total + Math.max(0, value), 0));
}

function queryString(url: string): Array<{name: string; value: string}> {
	try {
		return [...new URL(url).searchParams].map(([name, value]) => ({name, value}));
	} catch {
		return [];
	}
}

function entry(record: RunRecord, run: number, page: string, image: ImageRecord, attempt: Attempt, options: HarOptions): HarEntry {
	const phases = image.phases;
	const last = image.status === 'done' && attempt.attempt === image.retries + 1;
	const failed = last ? undefined : image.failedAttempts?.find(each => each.attempt === attempt.attempt);
	// As it went out: a fragment is never sent (the browser's panel shows none).
	const url = redactCredentials(image.url.replace(/#.*$/s, ''));
	// A failed attempt's answer has the bytes that came before it failed, as a browser's HAR counts them.
	const bytes = last ? image.bytes ?? 0 : failed?.contentBytes ?? 0;
	const after = last && phases ? {
		writeMs: round(phases.writeMs),
		...(phases.workQueuedMs === undefined ? {} : {workQueuedMs: round(phases.workQueuedMs)}),
		...(phases.thumbnailMs === undefined ? {} : {thumbnailMs: round(phases.thumbnailMs)}),
		...(image.reusedConnection === undefined ? {} : {reusedConnection: image.reusedConnection}),
	} : {};
	return {
		pageref: page,
		startedDateTime: new Date(options.timeOrigin + record.startedAt + attempt.startMs).toISOString(),
		time: harTime(attempt.timings),
		request: {method: 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: queryString(url), headersSize: -1, bodySize: 0},
		response: {
			// A done image was a 2xx answer (the engine keeps no finer status); a failed attempt has the
			// status of the answer that came, as a browser's panel shows a 404, and 0 when none came.
			status: last ? 200 : failed?.status ?? 0,
			statusText: last ? 'OK' : failed?.statusText ?? '',
			httpVersion: last || failed?.status !== undefined ? 'HTTP/1.1' : '',
			cookies: [],
			headers: [],
			content: {size: bytes, mimeType: (last ? image.contentType : undefined) ?? 'x-unknown'},
			redirectURL: '',
			headersSize: -1,
			// -1 (not known) only where no answer came.
			bodySize: last ? bytes : failed?.bodyBytes ?? -1,
		},
		cache: {},
		timings: attempt.timings,
		_imgrace: {
			strategy: record.strategy,
			run,
			runId: record.runId,
			image: image.index,
			attempt: attempt.attempt,
			concurrency: record.concurrency,
			client: record.client,
			work: record.work,
			...after,
			...(failed ? {error: {code: failed.code, reason: failed.reason}} : {}),
		},
	};
}

/**
 * The race as HAR 1.2: a page per run ("parallel ×6, run 1"), an entry per image and attempt, each
 * attempt starting where the one before it ended, so an image's entries cover its time from the run's
 * start. Images still queued, running or aborted have none. Pure.
 */
export function harDocument(records: readonly RunRecord[], options: HarOptions): HarDocument {
	const pages: HarPage[] = [];
	const entries: HarEntry[] = [];
	const runs = new Map<string, number>();
	for (const record of records) {
		const run = (runs.get(record.strategy) ?? 0) + 1;
		runs.set(record.strategy, run);
		const id = `${record.strategy}-${run}`;
		pages.push({
			startedDateTime: new Date(options.timeOrigin + record.startedAt).toISOString(),
			id,
			title: `${record.strategy} ×${record.concurrency}, run ${run}`,
			pageTimings: {onContentLoad: -1, onLoad: round(record.wallMs ?? -1)},
		});
		for (const image of record.images) {
			for (const attempt of imageAttempts(image)) {
				entries.push(entry(record, run, id, image, attempt, options));
			}
		}
	}

	return {log: {version: '1.2', creator: {name: 'imgrace', version: options.version}, pages, entries}};
}
