import path from 'node:path';
import {remoteGuard, type FolderGuard} from '../engine/folder-guard.js';
import {openImageJobs, type ImageJobs} from '../engine/image-jobs.js';
import {imageWork} from '../work/image-work.js';
import {EventBatch} from './event-batch.js';
import type {ToWorker, WorkerUsage} from './protocol.js';
import {workerPort} from './worker-port.js';

/**
 * One worker of a pool: builds the run's jobs from the spec with the same job builder as the main
 * thread (engine/image-jobs.ts), takes one image at a time, sends its events back in batches, and
 * leaves on `finish`, `abort` or (a child process) when the parent goes away or a signal arrives,
 * always after the image in flight has stopped and removed its temp file.
 */
const port = workerPort();
const batch = new EventBatch(message => {
	port.send(message);
});
const stop = new AbortController();
let jobs: ImageJobs | undefined;
let busy = false;
let leaving = false;
let left = false;
let nextPlace = 0;
const placing = new Map<number, (refusal: string | undefined) => void>();

/** The main thread's folder guard, reached through messages for names that existed at the start. */
function remoteFolder(folder: string, existing: readonly string[]): FolderGuard {
	return remoteGuard(path.join(folder, path.sep), new Set(existing), async (temp, name) => new Promise(resolve => {
		const id = nextPlace++;
		placing.set(id, resolve);
		port.send({type: 'place', id, temp, name});
	}), batch.claim);
}

async function setUp(message: Extract<ToWorker, {type: 'setup'}>): Promise<void> {
	const {spec} = message;
	jobs = await openImageJobs(spec, {emit: batch.push, signal: stop.signal, folder: remoteFolder(spec.folder, message.existing)}, imageWork(spec.work));
	if (leaving) {
		leave();
		return;
	}

	port.send({type: 'ready'});
}

async function run(index: number): Promise<void> {
	busy = true;
	const outcome = await jobs!.run(index);
	busy = false;
	batch.flush(outcome);
	if (leaving) {
		leave();
	}
}

/** Stop whatever is in flight; leave as soon as it has cleaned up. */
function finish(abort: boolean): void {
	leaving = true;
	if (abort) {
		stop.abort();
	}

	if (!busy && jobs) {
		leave();
	}
}

function leave(): void {
	if (left) {
		return;
	}

	left = true;
	batch.flush();
	jobs?.close();
	port.leave({type: 'usage', usage: usage()});
}

port.onMessage(message => {
	switch (message.type) {
		case 'setup': {
			void setUp(message);
			break;
		}

		case 'job': {
			void run(message.index);
			break;
		}

		case 'placed': {
			placing.get(message.id)?.(message.refusal);
			placing.delete(message.id);
			break;
		}

		case 'finish':
		case 'abort': {
			finish(message.type === 'abort');
			break;
		}
	}
});
port.onLost(signal => {
	// A signal is not the pool's word to stop: unless told, the pool would take this child's exit for a
	// normal one, and the image in hand (or just given) would never settle. Under Ctrl+C the parent
	// stops too and lets it pass.
	if (signal !== undefined) {
		port.send({type: 'signalled', signal});
	}

	finish(true);
});

/** This thread's CPU time: only its own where Node can say so (process.threadCpuUsage, Node ≥ 22.19). */
function cpuNow(): NodeJS.CpuUsage {
	return port.kind === 'thread' && typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
}

/**
 * CPU since this worker's first line (module loading included: start-up is part of the run), and for
 * a child process its peak RSS; a thread shares its process's memory, which the pool measures.
 */
function usage(): WorkerUsage {
	// Both counters start with the thread or process itself: no baseline to subtract.
	const cpu = cpuNow();
	return {user: cpu.user, system: cpu.system, maxRssKb: port.kind === 'process' ? process.resourceUsage().maxRSS : 0};
}
