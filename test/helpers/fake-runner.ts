import {setTimeout as sleep} from 'node:timers/promises';
import type {EngineEvent, ImageErrorCode as ErrorCode, RunCosts, StrategyName} from '../../source/engine/events.js';
import type {Runner, RunResult, WorkName} from '../../source/engine/run-spec.js';
import {roleOf} from './roles.js';

export type FakeImage = {
	readonly bytes: number;
	/** Announce no Content-Length. */
	readonly unknownTotal?: boolean;
	/** Fail after the first byte with this code and reason. */
	readonly fail?: {readonly code: ErrorCode; readonly reason: string};
	/** Attempts that fail (truncated) and are retried before this one succeeds. */
	readonly retries?: number;
};

export type FakeRunnerOptions = {
	readonly images: readonly FakeImage[];
	/** Time to first byte per attempt. */
	readonly latencyMs?: number;
	/** Body bytes per second per image. */
	readonly bytesPerSecond?: number;
	/** Progress events per image per second. */
	readonly progressHz?: number;
	/** What each run reports it cost (default all 0: the fake does no work of its own to measure). */
	readonly costs?: (strategy: StrategyName) => {startupMs: number; cpuMs: number; peakRssMb: number};
	/** The run-started event's work (default absent: download). */
	readonly work?: WorkName;
	/** Every run this runner started, with its events (for assertions). */
	readonly log?: Array<{strategy: StrategyName; concurrency: number; events: EngineEvent[]; result?: RunResult}>;
};

let runs = 0;

/**
 * A Runner that emits a believable event stream on timers without any network: for state and UI
 * tests that need control over sizes, failures and timing. Honours the abort signal like the engine.
 */
export function fakeRunner(options: FakeRunnerOptions): Runner {
	const latencyMs = options.latencyMs ?? 5;
	const bytesPerSecond = options.bytesPerSecond ?? 2_000_000;
	const stepMs = 1000 / (options.progressHz ?? 50);
	return async ({strategy, asked: concurrency, signal, onEvent}) => {
		const runId = `fake-${++runs}`;
		const entry = {strategy, concurrency: strategy === 'sequential' ? 1 : concurrency, events: [] as EngineEvent[], result: undefined as RunResult | undefined};
		options.log?.push(entry);
		const emit = (event: EngineEvent) => {
			entry.events.push(event);
			onEvent(event);
		};

		// 0 asks for the strategy's own width: one slot per image, as parallel takes.
		const slots = strategy === 'sequential' ? 1 : Math.max(1, Math.min(concurrency > 0 ? concurrency : options.images.length, options.images.length));
		const urls = options.images.map((_, index) => `http://fake/${index}.jpg`);
		const started = performance.now();
		emit({type: 'run-started', runId, at: started, strategy, role: roleOf(strategy), concurrency: slots, client: 'got', urls, outDir: '/tmp/fake', work: options.work ?? 'download'});
		for (const [index, url] of urls.entries()) {
			emit({type: 'image-queued', runId, at: performance.now(), index, url});
		}

		let ok = 0;
		let failed = 0;
		let bytes = 0;
		let next = 0;
		const one = async (index: number) => {
			const image = options.images[index]!;
			const url = urls[index]!;
			const imageStart = performance.now();
			emit({type: 'image-started', runId, at: imageStart, index, url});
			const attempts = (image.retries ?? 0) + 1;
			for (let attempt = 1; attempt <= attempts; attempt++) {
				await sleep(latencyMs, undefined, {signal});
				const total = image.unknownTotal ? undefined : image.bytes;
				emit({type: 'image-first-byte', runId, at: performance.now(), index, attempt, ttfbMs: latencyMs, total, contentType: 'image/jpeg'});
				const lastAttempt = attempt === attempts;
				const target = lastAttempt && !image.fail ? image.bytes : Math.floor(image.bytes / 2);
				let transferred = 0;
				while (transferred < target) {
					await sleep(stepMs, undefined, {signal});
					transferred = Math.min(target, transferred + Math.max(1, Math.round(bytesPerSecond * stepMs / 1000)));
					emit({type: 'image-progress', runId, at: performance.now(), index, transferred, total});
				}

				if (image.fail && lastAttempt) {
					failed++;
					emit({type: 'image-failed', runId, at: performance.now(), index, url, code: image.fail.code, reason: image.fail.reason, retries: attempt - 1, totalMs: performance.now() - imageStart});
					return;
				}

				if (!lastAttempt) {
					emit({type: 'image-retried', runId, at: performance.now(), index, attempt: attempt + 1, code: 'ERR_IMGRACE_TRUNCATED', reason: 'body cut short', delayMs: 0});
					continue;
				}

				if (image.bytes === 0) {
					emit({type: 'image-progress', runId, at: performance.now(), index, transferred: 0, total: 0});
				}

				ok++;
				bytes += image.bytes;
				emit({type: 'image-done', runId, at: performance.now(), index, url, bytes: image.bytes, path: `/tmp/fake/${index}.jpg`, contentType: 'image/jpeg', width: 64, height: 48, ttfbMs: latencyMs, totalMs: performance.now() - imageStart, retries: attempt - 1});
			}
		};

		const worker = async () => {
			while (next < urls.length && !signal?.aborted) {
				const index = next++;
				try {
					await one(index);
				} catch {
					// Aborted: the run ends below.
				}
			}
		};

		await Promise.all(Array.from({length: slots}, async () => worker()));
		const wallMs = performance.now() - started;
		const aborted = signal?.aborted ?? false;
		const costs = options.costs?.(strategy) ?? {startupMs: 0, cpuMs: 0, peakRssMb: 0};
		emit({type: aborted ? 'run-aborted' : 'run-finished', runId, at: performance.now(), wallMs, ok, failed, bytes, ...costs});
		const result: RunResult = {runId, strategy, client: 'got', concurrency: slots, wallMs, ok, failed, bytes, aborted, ...costs};
		entry.result = result;
		return result;
	};
}

/** n images of `bytes` each. */
export function uniformImages(count: number, bytes = 40_000): FakeImage[] {
	return Array.from({length: count}, () => ({bytes}));
}

/**
 * Builds a run's events by hand with chosen timestamps, for reducer, layout and summary tests:
 * `script.at(120).started(0)`. Every call appends to `events` and returns the script.
 */
export class EventScript {
	readonly events: EngineEvent[] = [];
	readonly runId: string;
	private now: number;
	private ok = 0;
	private failedCount = 0;
	private bytes = 0;
	private readonly startedAt: number;

	constructor(readonly strategy: StrategyName, readonly count: number, options: {runId?: string; concurrency?: number; start?: number} = {}) {
		this.runId = options.runId ?? `script-${++runs}`;
		this.now = options.start ?? 1000;
		this.startedAt = this.now;
		const urls = Array.from({length: count}, (_, index) => `http://fake/${index}.jpg`);
		this.events.push({type: 'run-started', runId: this.runId, at: this.now, strategy, role: roleOf(strategy), concurrency: options.concurrency ?? 1, client: 'got', urls, outDir: '/tmp/fake', work: 'download'});
		for (const [index, url] of urls.entries()) {
			this.events.push({type: 'image-queued', runId: this.runId, at: this.now, index, url});
		}
	}

	/** Move the clock to `ms` after the run started. */
	at(ms: number): this {
		this.now = this.startedAt + ms;
		return this;
	}

	started(index: number): this {
		this.events.push({type: 'image-started', runId: this.runId, at: this.now, index, url: `http://fake/${index}.jpg`});
		return this;
	}

	firstByte(index: number, total: number | undefined, ttfbMs = 20, attempt = 1): this {
		this.events.push({type: 'image-first-byte', runId: this.runId, at: this.now, index, attempt, ttfbMs, total, contentType: 'image/jpeg'});
		return this;
	}

	progress(index: number, transferred: number, total: number | undefined): this {
		this.events.push({type: 'image-progress', runId: this.runId, at: this.now, index, transferred, total});
		return this;
	}

	retried(index: number, attempt: number, code: ErrorCode = 'ERR_IMGRACE_TRUNCATED', reason = 'body cut short'): this {
		this.events.push({type: 'image-retried', runId: this.runId, at: this.now, index, attempt, code, reason, delayMs: 0});
		return this;
	}

	done(index: number, bytes: number, options: {ttfbMs?: number; retries?: number; width?: number; height?: number; totalMs?: number} = {}): this {
		this.ok++;
		this.bytes += bytes;
		this.events.push({
			type: 'image-done',
			runId: this.runId,
			at: this.now,
			index,
			url: `http://fake/${index}.jpg`,
			bytes,
			path: `/tmp/fake/${index}.jpg`,
			contentType: 'image/jpeg',
			width: options.width ?? 640,
			height: options.height ?? 480,
			ttfbMs: options.ttfbMs ?? 20,
			totalMs: options.totalMs ?? 0,
			retries: options.retries ?? 0,
		});
		return this;
	}

	failed(index: number, code: ErrorCode = 'ERR_IMGRACE_HTTP_STATUS', reason = 'HTTP 404 Not Found', retries = 0): this {
		this.failedCount++;
		this.events.push({type: 'image-failed', runId: this.runId, at: this.now, index, url: `http://fake/${index}.jpg`, code, reason, retries, totalMs: 0});
		return this;
	}

	/** One whole image: started, first byte, halfway, done, over [from, to] ms. */
	image(index: number, bytes: number, from: number, to: number): this {
		return this.at(from).started(index).at(from + ((to - from) / 4)).firstByte(index, bytes)
			.at((from + to) / 2).progress(index, Math.floor(bytes / 2), bytes).at(to).progress(index, bytes, bytes).done(index, bytes);
	}

	/** The run's end, with what it cost when given (a pool's start-up, its CPU and memory). */
	finished(costs: Partial<RunCosts> = {}): this {
		this.events.push({type: 'run-finished', runId: this.runId, at: this.now, wallMs: this.now - this.startedAt, ok: this.ok, failed: this.failedCount, bytes: this.bytes, ...costs});
		return this;
	}

	aborted(): this {
		this.events.push({type: 'run-aborted', runId: this.runId, at: this.now, wallMs: this.now - this.startedAt, ok: this.ok, failed: this.failedCount, bytes: this.bytes});
		return this;
	}
}
