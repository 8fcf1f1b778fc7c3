import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import type {ServerResponse} from 'node:http';
import {test} from 'node:test';
import {sendPaced, SharedLink} from '../source/server/pacing.js';
import {fakeTime, type FakeTime} from './helpers/fake-time.js';

// The pacing of the embedded server on a fake clock: what it writes when, to the millisecond, whatever
// the machine's speed. image-server.test.ts checks the same knobs end to end over HTTP, with lower bounds.

/** What sendPaced writes to: records each write's time and size; `refuse` makes writes report a full buffer. */
class FakeResponse extends EventEmitter {
	readonly writes: Array<{at: number; bytes: number}> = [];
	refuse = false;

	constructor(private readonly clock: () => number) {
		super();
	}

	get written(): number {
		return this.writes.reduce((sum, write) => sum + write.bytes, 0);
	}

	/** When the last byte was handed over. */
	get endedAt(): number | undefined {
		return this.writes.at(-1)?.at;
	}

	write(chunk: Buffer, callback?: () => void): boolean {
		this.writes.push({at: this.clock(), bytes: chunk.length});
		if (callback) {
			queueMicrotask(callback);
		}

		return !this.refuse;
	}
}

/** Starts sending `bytes` to a fresh FakeResponse on the fake clock. */
function send(time: FakeTime, bytes: number, bandwidth: number, link?: SharedLink): {response: FakeResponse; cancel: () => void} {
	const response = new FakeResponse(time.now);
	const cancel = sendPaced(response as unknown as ServerResponse, Buffer.alloc(bytes), bytes, {bandwidth, link}, () => undefined, time.now);
	return {response, cancel};
}

/** Advances `ms` a millisecond at a time, calling `check` with the clock after each. */
function each(time: FakeTime, ms: number, check: (now: number) => void): void {
	for (let step = 0; step < ms; step++) {
		time.advance(1);
		check(time.now());
	}
}

test('pacing: a body leaves at its bandwidth from the first byte, no burst, the last byte at size / bandwidth', t => {
	const time = fakeTime(t);
	const {response} = send(time, 100_000, 500_000);
	assert.equal(response.written, 0, 'nothing at t = 0: no initial burst');
	each(time, 300, now => {
		// Never ahead of 500 bytes a millisecond, and never more than one 16 ms chunk behind.
		assert.ok(response.written <= 500 * now, `${response.written} bytes by ${now} ms`);
		assert.ok(response.written >= Math.min(100_000, (500 * now) - 8000), `only ${response.written} bytes by ${now} ms`);
	});
	assert.equal(response.written, 100_000);
	assert.equal(response.endedAt, 200, '100 kB at 500 kB/s');
	assert.ok(response.writes.length >= 12 && response.writes.length <= 14, `${response.writes.length} writes of about 16 ms each`);
});

test('pacing: concurrent responses share the link turn by turn, never above its rate', t => {
	const time = fakeTime(t);
	const link = new SharedLink(1_000_000);
	const responses = Array.from({length: 5}, () => send(time, 50_000, 0, link).response);
	const total = () => responses.reduce((sum, response) => sum + response.written, 0);
	each(time, 400, now => {
		assert.ok(total() <= 1000 * now, `${total()} bytes by ${now} ms over a 1 MB/s link`);
	});
	assert.ok(responses.every(response => response.written === 50_000));
	assert.equal(Math.max(...responses.map(response => response.endedAt!)), 250, '5 × 50 kB over 1 MB/s');
	// Turn by turn, not one after another: each starts within the first round of chunks and ends in the last.
	assert.ok(responses.every(response => response.writes[0]!.at <= 80), responses.map(response => response.writes[0]!.at).join(', '));
	assert.ok(responses.every(response => response.endedAt! >= 200), responses.map(response => response.endedAt).join(', '));
});

test('pacing: with a link and a per-response limit, the tighter one decides', t => {
	const time = fakeTime(t);
	const link = new SharedLink(1_000_000);
	// Two at 250 kB/s fit in the 1 MB/s link: each takes 50 kB / 250 kB/s.
	const two = [0, 1].map(() => send(time, 50_000, 250_000, link).response);
	time.advance(300);
	assert.deepEqual(two.map(response => [response.written, response.endedAt]), [[50_000, 200], [50_000, 200]]);

	// Eight would want 2 MB/s: the link decides, 400 kB / 1 MB/s, after the first 16 ms chunk each one's own pace allows.
	const eight = Array.from({length: 8}, () => send(time, 50_000, 250_000, link).response);
	time.advance(600);
	assert.ok(eight.every(response => response.written === 50_000));
	const last = Math.max(...eight.map(response => response.endedAt!)) - 300;
	assert.ok(last >= 400 && last <= 416, `the last of eight ended ${last} ms in`);
});

test('pacing: a full socket buffer holds the body until it drains; cancel stops it and gives its link slot back', t => {
	const time = fakeTime(t);
	const {response, cancel} = send(time, 100_000, 1_000_000);
	response.refuse = true;
	time.advance(20);
	const held = response.written;
	assert.ok(held > 0);
	time.advance(100);
	assert.equal(response.written, held, 'nothing written while the buffer is full');
	response.refuse = false;
	response.emit('drain');
	assert.ok(response.written > held, 'drain resumes at once with what the rate allows by now');
	cancel();
	const atCancel = response.written;
	time.advance(200);
	assert.equal(response.written, atCancel, 'nothing after cancel');

	const link = new SharedLink(1_000_000);
	const first = send(time, 50_000, 0, link);
	first.cancel();
	const second = send(time, 16_000, 0, link).response;
	time.advance(16);
	assert.equal(second.endedAt, time.now(), 'the cancelled reservation did not hold the link');
});

test('shared link: late by a little, it catches up; idle for longer, it starts fresh instead of bursting', () => {
	const link = new SharedLink(1_000_000);
	assert.equal(link.reserve(16_000, 0), 16);
	// The next chunk asked for 10 ms late (a late timer): it continues from 16, so the lateness is made up.
	assert.equal(link.reserve(16_000, 26), 32);
	// Asked for long after the link went idle: from now, so the idle time is not spent as a burst.
	assert.equal(link.reserve(16_000, 100), 116);
	link.release(16_000, 116);
	assert.equal(link.reserve(1000, 100), 101, 'a released slot is free again');
	link.release(1000, 50);
	assert.equal(link.reserve(1000, 100), 102, 'a slot that is not the last one stays reserved');
});
