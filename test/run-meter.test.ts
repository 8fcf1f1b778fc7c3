import assert from 'node:assert/strict';
import {test} from 'node:test';
import {meterRun} from '../source/engine/run-meter.js';
import {fakeTime} from './helpers/fake-time.js';

const mb = 1024 * 1024;

// The run meter's RSS sampling on a fake clock: which peaks a run's figures catch, sample by sample.
test('run meter: RSS is sampled every 50 ms and at the end; the peak is reported above the run\'s start', t => {
	const time = fakeTime(t, ['setInterval']);
	let rss = 100 * mb;
	const read = t.mock.method(process.memoryUsage, 'rss', () => rss);
	const meter = meterRun();
	assert.equal(read.mock.callCount(), 1, 'the start is read once');

	// A spike that is over before the first sample is due is not seen...
	rss = 900 * mb;
	time.advance(49);
	rss = 150 * mb;
	time.advance(1);
	assert.equal(read.mock.callCount(), 2, 'sampled at 50 ms');
	// ...one that lasts across a sample is.
	rss = 300 * mb;
	time.advance(50);
	rss = 120 * mb;
	time.advance(200);
	assert.equal(read.mock.callCount(), 7, 'sampled at 100, 150, 200, 250 and 300 ms');

	// A sample taken on request counts too, as does the one at the end.
	rss = 350 * mb;
	meter.sample();
	rss = 110 * mb;
	const costs = meter.finish();
	assert.equal(costs.peakRssMb, 250);
	assert.equal(costs.startupMs, 0);
	const calls = read.mock.callCount();
	time.advance(500);
	assert.equal(read.mock.callCount(), calls, 'no sampling after the end');
});

test('run meter: a peak at the very end is caught by the last sample', t => {
	fakeTime(t, ['setInterval']);
	let rss = 100 * mb;
	t.mock.method(process.memoryUsage, 'rss', () => rss);
	const meter = meterRun();
	rss = 164 * mb;
	assert.equal(meter.finish().peakRssMb, 64);
});
