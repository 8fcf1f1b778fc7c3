import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sharedNow} from '../source/engine/clock.js';
import type {EngineEvent} from '../source/engine/events.js';
import type {RunSpec} from '../source/engine/run-spec.js';
import {runPool} from '../source/executors/index.js';
import {withTempDir} from './helpers/events.js';
import {clientSettings, downloadSettings} from './helpers/race.js';

/**
 * A worker whose event loop blocks for good on its first job: what a thread stuck in a loop looks like
 * to the pool. (A child process hung by SIGSTOP is in executors.test.ts.)
 */
const stuck = `data:text/javascript,${encodeURIComponent(`
	import {parentPort} from 'node:worker_threads';
	parentPort.on('message', message => {
		if (message.type === 'setup') parentPort.postMessage({type: 'ready'});
		if (message.type === 'job') for (;;) {}
	});
`)}`;

test('threads: a worker blocked past --max-time and the grace is ended, its image fails as timed out, the run ends', async () => {
	await withTempDir(async folder => {
		const events: EngineEvent[] = [];
		const spec: RunSpec = {runId: 'deadline', strategy: 'threads', urls: ['http://127.0.0.1:9/0.jpg'], folder, slots: 1, download: downloadSettings({maxTimeMs: 200}), client: clientSettings(), work: {name: 'download'}, startedAt: sharedNow()};
		const folderGuard = {place: async () => undefined, claim() {}, async save() {}};
		await runPool('threads', spec, {emit: event => events.push(event), signal: new AbortController().signal, folder: folderGuard}, stuck);
		const failed = events.filter(event => event.type === 'image-failed');
		assert.equal(failed.length, 1, JSON.stringify(events));
		assert.ok(failed[0]?.type === 'image-failed' && failed[0].code === 'ERR_IMGRACE_TIMEOUT' && failed[0].index === 0, JSON.stringify(failed[0]));
		assert.ok(events.some(event => event.type === 'image-started' && event.index === 0), 'started before it failed');
	});
});
