import assert from 'node:assert/strict';
import test from 'node:test';

type Performance = Pick<typeof globalThis.performance, 'now' | 'timeOrigin' | 'eventLoopUtilization'>;
// A build input, not part of the package: reached by path, as npm run build bundles it.
const {performance: threadPerformance} = await import(new URL('../../scripts/thread-performance.mjs', import.meta.url).href) as {performance: Performance};

test('a worker file\'s performance.now() counts ms on the clock Node\'s does, never backwards; the rest is read from Node\'s', async () => {
	const ours = [threadPerformance.now()];
	const nodes = [performance.now()];
	for (const wait of [5, 20, 60]) {
		await new Promise(resolve => {
			setTimeout(resolve, wait);
		});
		ours.push(threadPerformance.now());
		nodes.push(performance.now());
	}

	for (let index = 1; index < ours.length; index++) {
		const elapsed = ours[index]! - ours[index - 1]!;
		assert.ok(elapsed > 0, 'it moves on');
		assert.ok(Math.abs(elapsed - (nodes[index]! - nodes[index - 1]!)) < 2, `${elapsed} ms against Node's ${nodes[index]! - nodes[index - 1]!}`);
	}

	assert.ok(ours[0]! >= 0 && !Number.isInteger(ours[1]! - ours[0]!), 'from its start, below the millisecond');
	assert.equal(threadPerformance.timeOrigin, performance.timeOrigin);
	assert.equal(typeof threadPerformance.eventLoopUtilization().utilization, 'number', 'a method of Node\'s, called on Node\'s');
});
