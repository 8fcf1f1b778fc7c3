/**
 * The start-up scenario's floor: a worker that takes the pool's setup message, loads and makes the HTTP
 * client of its spec exactly as a pool worker does (engine/client/index.ts, bundled with the same build
 * as the pool's workers: scripts/bundle-workers.mjs), says it is ready, and does nothing else: no jobs,
 * no folder guard, no event batches. Ready ÷ empty of these workers is what loading the client alone
 * costs; a pool worker's ready ÷ these workers' is what imgrace adds to it.
 */
import {openClient} from '../source/engine/client/index.js';
import {workerPort} from '../source/executors/worker-port.js';

const port = workerPort();
port.onMessage(message => {
	if (message.type === 'setup') {
		const {spec} = message;
		void openClient({settings: spec.client, slots: spec.slots, keepAlive: spec.download.keepAlive}).then(() => {
			port.send({type: 'ready'});
		});
	} else if (message.type === 'finish' || message.type === 'abort') {
		// Leaves as a pool worker does; it never used a CPU second worth reporting.
		port.leave({type: 'usage', usage: {user: 0, system: 0, maxRssKb: 0}});
	}
});
