import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {settleHeap} from '../source/engine/heap.js';

test('heap: settleHeap collects garbage now, so a run is not billed for the previous one', async () => {
	let reference: WeakRef<object> | undefined;
	(() => {
		reference = new WeakRef({rows: Array.from({length: 1000}, (_, index) => ({index}))});
	})();
	// A WeakRef's target lives at least until the end of the job that created it.
	await nextTurn();
	settleHeap();
	assert.equal(reference!.deref(), undefined);
});
