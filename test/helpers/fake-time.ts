import {performance} from 'node:perf_hooks';
import type {TestContext} from 'node:test';

/** Taken before any test mocks setImmediate: a turn of the real event loop, I/O included. */
const realImmediate = globalThis.setImmediate;
const nextTurn = async () => new Promise<void>(resolve => {
	realImmediate(resolve);
});

type MockedApi = 'setTimeout' | 'setInterval' | 'setImmediate';

export type FakeTime = {
	/** The fake clock in ms, for the code's `clock`/`now` parameter (MockTimers leaves performance.now() alone). */
	readonly now: () => number;
	/** Moves the clock and the mocked timers `ms` forward, a millisecond at a time: each timer fires at its own time as the clock reads it. */
	advance(ms: number): void;
	/** As `advance`, letting promise callbacks and queued microtasks run after each millisecond. */
	advanceAsync(ms: number): Promise<void>;
};

/**
 * node:test's MockTimers for this test (undone when it ends) plus a clock that moves with them. The timers only move
 * when the test says so: time is what the test is about, never how fast the machine is. Sockets and files are not
 * timers: real I/O still runs, on the real event loop (`settled` and `stillNot` wait for it without timers).
 */
export function fakeTime(t: TestContext, apis: readonly MockedApi[] = ['setTimeout']): FakeTime {
	t.mock.timers.enable({apis: [...apis], now: 0});
	let now = 0;
	return {
		now: () => now,
		advance(ms) {
			for (let step = 0; step < ms; step++) {
				now++;
				t.mock.timers.tick(1);
			}
		},
		async advanceAsync(ms) {
			for (let step = 0; step < ms; step++) {
				now++;
				t.mock.timers.tick(1);
				await Promise.resolve();
			}
		},
	};
}

/** Turns of the real event loop until `check` holds; throws (naming `what`) if it still fails after `patienceMs` of real time. */
export async function settled(check: () => boolean, what: string, patienceMs = 10_000): Promise<void> {
	const giveUpAt = performance.now() + patienceMs;
	while (!check()) {
		if (performance.now() > giveUpAt) {
			throw new Error(`waited ${patienceMs} ms for ${what}`);
		}

		await nextTurn();
	}
}

/**
 * Turns of the real event loop for `ms` of real time, throwing (naming `what`) if `check` ever holds: gives I/O that
 * should not happen yet (a response before its fake delay is up) the chance to show. A slow machine can only make
 * this pass where it should fail, never the other way round; the test that follows it proves the thing does happen.
 */
export async function stillNot(check: () => boolean, what: string, ms = 30): Promise<void> {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		if (check()) {
			throw new Error(`${what} happened too soon`);
		}

		await nextTurn();
	}
}
