import assert from 'node:assert/strict';
import test from 'node:test';

type Performance = Pick<typeof globalThis.performance, 'now' | 'timeOrigin' | 'eventLoopUtilization'>;
// A build input, not part of the package: reached by path, as npm run build bundles it.
const {performance: threadPerformance} = await import(new URL('../../scripts/thread-performance.mjs', import.meta.url).href) as {performance: Performance};

/** One reading of ours, bracketed by two of Node's: a preemption between them widens the bracket, never breaks it. */
function reading() {
	const before = performance.now();
	const ours = threadPerformance.now();
	const after = performance.now();
	return {before, ours, after};
}

test('a worker file\'s performance.now() counts ms on the clock Node\'s does, never backwards; the rest is read from Node\'s', async () => {
	const readings = [reading()];
	for (const wait of [5, 20, 60]) {
		await new Promise(resolve => {
			setTimeout(resolve, wait);
		});
		readings.push(reading());
	}

	for (let index = 1; index < readings.length; index++) {
		const [last, next] = [readings[index - 1]!, readings[index]!];
		const elapsed = next.ours - last.ours;
		// Between the nearest and the farthest of Node's readings around the two (and a µs for rounding).
		const [least, most] = [next.before - last.after, next.after - last.before];
		assert.ok(elapsed >= least - 0.001 && elapsed <= most + 0.001, `${elapsed} ms where Node's clock says ${least}-${most}`);
	}

	assert.ok(readings[0]!.ours >= 0 && !Number.isInteger(readings[1]!.ours - readings[0]!.ours), 'from its start, below the millisecond');
	assert.equal(threadPerformance.timeOrigin, performance.timeOrigin);
	assert.equal(typeof threadPerformance.eventLoopUtilization().utilization, 'number', 'a method of Node\'s, called on Node\'s');
});
