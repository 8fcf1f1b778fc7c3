import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type {EngineEvent} from '../../source/engine/events.js';

type EventMatch = (event: EngineEvent) => boolean;

/**
 * Collects every engine event of a run, in order. `seen` resolves at the first event that matches (one
 * already collected included), or after `timeoutMs` without one: the test's assertions then say what is missing.
 */
export function eventLog(): {events: EngineEvent[]; onEvent: (event: EngineEvent) => void; seen: (match: EventMatch, timeoutMs?: number) => Promise<void>} {
	const events: EngineEvent[] = [];
	const waiting = new Set<{match: EventMatch; resolve: () => void}>();
	return {
		events,
		onEvent(event) {
			events.push(event);
			for (const waiter of waiting) {
				if (waiter.match(event)) {
					waiting.delete(waiter);
					waiter.resolve();
				}
			}
		},
		async seen(match, timeoutMs = 20_000) {
			if (events.some(event => match(event))) {
				return;
			}

			await new Promise<void>(resolve => {
				const waiter = {match, resolve};
				waiting.add(waiter);
				setTimeout(() => {
					waiting.delete(waiter);
					resolve();
				}, timeoutMs).unref();
			});
		},
	};
}

/**
 * Per image: queued → started → (first-byte → progress* → (retried → first-byte …)*) → work* → done|failed
 * (work: a pipeline's image waiting for a core, then working),
 * all after run-started and before run-finished/run-aborted, timestamps between theirs and never going
 * backwards within one image, nor from one run-level event to the next. Across images the times are
 * when things happened: a worker's events arrive a little late, after another image's later ones.
 */
export function assertValidOrder(events: readonly EngineEvent[]): void {
	assert.equal(events[0]?.type, 'run-started', 'first event is run-started');
	const last = events.at(-1)!;
	assert.ok(last.type === 'run-finished' || last.type === 'run-aborted', `last event is ${last.type}`);
	let runAt = -Infinity;
	const imageAt = new Map<number, number>();
	const phase = new Map<number, string>();
	for (const event of events) {
		assert.ok(event.at >= events[0]!.at && event.at <= last.at, `${event.type} outside the run's times`);
		assert.equal(event.runId, events[0]!.runId);
		if (!('index' in event)) {
			assert.ok(event.at >= runAt, `time went backwards at ${event.type}`);
			runAt = event.at;
			continue;
		}

		assert.ok(event.at >= (imageAt.get(event.index) ?? -Infinity), `image ${event.index}: time went backwards at ${event.type}`);
		imageAt.set(event.index, event.at);

		const before = phase.get(event.index);
		const allowed: Record<string, Array<string | undefined>> = {
			'image-queued': [undefined],
			'image-started': ['image-queued'],
			'image-first-byte': ['image-started', 'image-retried'],
			'image-progress': ['image-first-byte', 'image-progress'],
			// An HTTP error status fails an attempt before any body, so retries can follow retries.
			'image-retried': ['image-started', 'image-first-byte', 'image-progress', 'image-retried'],
			'image-work': ['image-progress', 'image-work'],
			'image-done': ['image-progress', 'image-work'],
			'image-failed': ['image-started', 'image-first-byte', 'image-progress', 'image-retried', 'image-work'],
		};
		assert.ok(allowed[event.type]!.includes(before), `image ${event.index}: ${event.type} after ${before ?? 'nothing'}`);
		phase.set(event.index, event.type);
	}
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'imgrace-test-'));
	try {
		return await fn(dir);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

/**
 * Every file below dir (relative paths), hidden temp files included; not the manifest in which a run
 * records the names it wrote (file-owner.ts), which is bookkeeping rather than a result.
 */
export async function listFiles(dir: string): Promise<string[]> {
	try {
		const entries = await readdir(dir, {recursive: true, withFileTypes: true});
		return entries.filter(entry => entry.isFile() && entry.name !== '.imgrace-manifest.json').map(entry => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
	} catch {
		return [];
	}
}

/** Fetch a URL with plain node:http (not got) and hash the body: what the server really served. */
export async function fetchHash(url: string): Promise<{sha256: string; bytes: number}> {
	return new Promise((resolve, reject) => {
		http.get(url, {agent: false}, response => {
			const hash = createHash('sha256');
			let bytes = 0;
			response.on('data', (chunk: Buffer) => {
				hash.update(chunk);
				bytes += chunk.length;
			});
			response.on('end', () => {
				resolve({sha256: hash.digest('hex'), bytes});
			});
			response.on('error', reject);
		}).on('error', reject);
	});
}

/** The whole body of a URL, fetched with plain node:http. */
export async function fetchBody(url: string): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		http.get(url, {agent: false}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				resolve(Buffer.concat(chunks));
			});
			response.on('error', reject);
		}).on('error', reject);
	});
}

export function sha256(buffer: Uint8Array): string {
	return createHash('sha256').update(buffer).digest('hex');
}
