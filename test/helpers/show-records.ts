import type {EngineEvent, ImagePhases, RunCosts} from '../../source/engine/events.js';
import {applyEvent, createRunRecord, type RunRecord} from '../../source/model/run-record.js';
import {roleOf} from './roles.js';

export type FakeImage = {
	readonly phases?: ImagePhases;
	/** Fail the image at this time (ms from the run's start) after starting at `startMs`. */
	readonly failAt?: number;
	readonly startMs?: number;
	readonly retries?: number;
	readonly reused?: boolean;
};

/**
 * A finished run folded from hand-made events: a done image ends at the sum of its phases, a failed one
 * at `failAt`. Times are fixed, so layouts and sums are exact.
 */
export type FakeRunOptions = {
	concurrency?: number;
	runId?: string;
	state?: 'done' | 'aborted';
	/** The work after each download (--work); download by default. */
	work?: 'download' | 'thumbnail';
	/** What the run cost, as run-finished reports it. */
	costs?: Partial<RunCosts>;
	/** Threads or processes of the run's pool (a run-workers event). */
	workers?: number;
	/** Its wall time, when longer than its images (start-up, a tail). */
	wallMs?: number;
};

export function fakeRun(strategy: string, images: readonly FakeImage[], {concurrency = 1, runId = strategy, state = 'done', work = 'download', costs = {}, workers, wallMs}: FakeRunOptions = {}): RunRecord {
	const t0 = 1000;
	const urls = images.map((_, index) => `http://127.0.0.1/${index}.jpg`);
	const record = createRunRecord({type: 'run-started', runId, at: t0, strategy, role: roleOf(strategy), concurrency, client: 'got', urls, outDir: `out/${strategy}`, work});
	if (workers !== undefined) {
		applyEvent(record, {type: 'run-workers', runId, at: t0, workers, ready: true});
	}

	let wall = 0;
	let ok = 0;
	let failed = 0;
	const events: EngineEvent[] = [];
	for (const [index, image] of images.entries()) {
		const url = urls[index]!;
		if (image.failAt !== undefined) {
			events.push({type: 'image-started', runId, at: t0 + (image.startMs ?? 0), index, url}, {type: 'image-failed', runId, at: t0 + image.failAt, index, url, code: 'ERR_IMGRACE_HTTP_STATUS', reason: 'HTTP 500', retries: image.retries ?? 0, totalMs: image.failAt - (image.startMs ?? 0)});
			wall = Math.max(wall, image.failAt);
			failed++;
			continue;
		}

		const phases = image.phases!;
		const end = Object.values(phases).reduce((sum, value) => sum + value, 0);
		events.push(
			{type: 'image-started', runId, at: t0 + phases.queuedMs, index, url},
			{type: 'image-done', runId, at: t0 + end, index, url, bytes: 1000, path: `out/${index}.jpg`, contentType: 'image/jpeg', width: 10, height: 10, ttfbMs: phases.setupMs + phases.connectMs + phases.sendMs + phases.waitMs, totalMs: end - phases.queuedMs, retries: image.retries ?? 0, phases, reusedConnection: image.reused ?? false},
		);
		wall = Math.max(wall, end);
		ok++;
	}

	for (const event of events.sort((a, b) => a.at - b.at)) {
		applyEvent(record, event);
	}

	const end = Math.max(wall, wallMs ?? 0);
	applyEvent(record, {type: state === 'done' ? 'run-finished' : 'run-aborted', runId, at: t0 + end, wallMs: end, ok, failed, bytes: ok * 1000, ...costs});
	return record;
}

export const phases = (queuedMs: number, waitMs: number, receiveMs = 10, writeMs = 2, connectMs = 0, retryMs = 0): ImagePhases => ({queuedMs, retryMs, setupMs: 0, connectMs, sendMs: 0, waitMs, receiveMs, writeMs});
