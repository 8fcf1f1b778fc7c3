import assert from 'node:assert/strict';
import {test} from 'node:test';
import {IdleWatch} from '../source/engine/download/idle-watch.js';
import {fakeTime, type FakeTime} from './helpers/fake-time.js';

// The idle timeout's watch on a fake clock: when it gives up, to the millisecond. faults.test.ts checks a
// stalled download fails with it end to end.

/** A watch with a 400 ms timeout on the fake clock, and when (if ever) it fired. */
function watch(time: FakeTime): {idle: IdleWatch; firedAt: () => number[]} {
	const fired: number[] = [];
	const idle = new IdleWatch(400, () => fired.push(time.now()), time.now);
	return {idle, firedAt: () => fired};
}

test('idle timeout: nothing for the whole timeout fails the attempt then, once', t => {
	const time = fakeTime(t);
	const {firedAt} = watch(time);
	time.advance(399);
	assert.deepEqual(firedAt(), []);
	time.advance(1);
	assert.deepEqual(firedAt(), [400]);
	time.advance(2000);
	assert.deepEqual(firedAt(), [400], 'it does not fire again');
});

test('idle timeout: body bytes restart it, and it fires the timeout after the last of them, on time', t => {
	const time = fakeTime(t);
	const {idle, firedAt} = watch(time);
	time.advance(250);
	idle.alive();
	time.advance(399);
	assert.deepEqual(firedAt(), [], 'not within 400 ms of the last bytes');
	time.advance(1);
	assert.deepEqual(firedAt(), [650], '400 ms after the last bytes, not at the next of its quarter-timeout wake-ups');
});

/**
 * A watch on a socket that has read 120 bytes; at `at` ms its count reads `counted`, and when `handed` the
 * body's bytes are handed over then as well. When the watch fires (once the server has gone quiet).
 */
function socketCase(t: Parameters<typeof fakeTime>[0], {at, counted, handed}: {at: number; counted: number; handed: boolean}): number[] {
	const time = fakeTime(t);
	const {idle, firedAt} = watch(time);
	const socket = {bytesRead: 120};
	idle.watch(socket);
	time.advance(at);
	socket.bytesRead = counted;
	if (handed) {
		idle.alive();
	}

	time.advance(2000);
	return firedAt();
}

test('idle timeout: body bytes the socket has also counted do not move the last sign of life past them', t => {
	// The body's first bytes, read off the socket and handed over at once: the wake-up at 100 sees the same count.
	assert.deepEqual(socketCase(t, {at: 50, counted: 3120, handed: true}), [450]);
});

test('idle timeout: before the body, bytes the socket reads keep it alive too', t => {
	// Headers trickling in at 350: seen when the watch next wakes, at 400, and 400 ms on from there.
	assert.deepEqual(socketCase(t, {at: 350, counted: 180, handed: false}), [800]);
});

test('idle timeout: a stopped watch never fires', t => {
	const time = fakeTime(t);
	const {idle, firedAt} = watch(time);
	time.advance(200);
	idle.stop();
	time.advance(2000);
	assert.deepEqual(firedAt(), []);
});
