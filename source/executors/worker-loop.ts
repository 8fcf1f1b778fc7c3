import type {AfterSave, StopReason} from '../engine/download/index.js';
import {remoteGuard, type FolderGuard} from '../engine/folder-guard.js';
import {createHttpClient, type HttpClient} from '../engine/http-client.js';
import {StopSwitch} from '../engine/stop-switch.js';
import {downloadInWorker} from './download-adapter.js';
import {EventBatch} from './event-batch.js';
import type {ToWorker, WorkerSetup, WorkerUsage} from './protocol.js';
import {workerPort} from './worker-port.js';
import {imageWork} from '../work/image-work.js';

/**
 * One worker of a pool: takes one image at a time from the main thread, downloads it with the
 * engine's own code, sends its events back in batches, and leaves on `finish`, `abort` or (a child
 * process) when the parent goes away or a signal arrives, always after the image in flight has
 * stopped and removed its temp file.
 */
const port = workerPort();
const batch = new EventBatch(message => {
	port.send(message);
});
let setup: WorkerSetup | undefined;
let client: HttpClient | undefined;
let inFlight: StopSwitch<StopReason> | undefined;
let leaving = false;
let left = false;
let nextPlace = 0;
const placing = new Map<number, (refusal: string | undefined) => void>();

/** The main thread's folder guard, reached through messages for names that existed at the start. */
function remoteFolder({outDir, existing}: WorkerSetup): FolderGuard {
	return remoteGuard(outDir, new Set(existing), async (temp, name) => new Promise(resolve => {
		const id = nextPlace++;
		placing.set(id, resolve);
		port.send({type: 'place', id, temp, name});
	}), batch.claim);
}

let folder: FolderGuard | undefined;

async function run(job: Extract<ToWorker, {type: 'job'}>): Promise<void> {
	const stopper = new StopSwitch<StopReason>();
	inFlight = stopper;
	if (leaving) {
		stopper.stop('run-aborted');
	}

	const outcome = await downloadInWorker({
		runId: setup!.runId,
		index: job.index,
		url: job.url,
		outDir: setup!.outDir,
		baseName: job.baseName,
		client: client!,
		settings: setup!.settings,
		stopper,
		emit: batch.push,
		folder: folder!,
		...runWork(setup!),
	});
	inFlight = undefined;
	batch.flush(outcome);
	if (leaving) {
		leave();
	}
}

/** The run's start on this worker's clock, and the work after each download, from the plain setup. */
function runWork({runStartedAtEpoch, work}: WorkerSetup): {runStartedAt?: number; afterSave?: AfterSave} {
	const afterSave = imageWork(work);
	return {
		...(runStartedAtEpoch === undefined ? {} : {runStartedAt: runStartedAtEpoch - performance.timeOrigin}),
		...(afterSave ? {afterSave} : {}),
	};
}

/** Stop whatever is in flight; leave as soon as it has cleaned up. */
function stop(): void {
	leaving = true;
	if (inFlight) {
		inFlight.stop('run-aborted');
	} else {
		leave();
	}
}

function leave(): void {
	if (left) {
		return;
	}

	left = true;
	batch.flush();
	client?.destroy();
	port.leave({type: 'usage', usage: usage()});
}

port.onMessage(message => {
	switch (message.type) {
		case 'setup': {
			setup = message.setup;
			folder = remoteFolder(setup);
			client = createHttpClient({slots: 1, keepAlive: setup.settings.keepAlive, http: setup.http, transport: 'node'});
			port.send({type: 'ready'});
			break;
		}

		case 'job': {
			void run(message);
			break;
		}

		case 'placed': {
			placing.get(message.id)?.(message.refusal);
			placing.delete(message.id);
			break;
		}

		case 'finish':
		case 'abort': {
			stop();
			break;
		}
	}
});
port.onLost(stop);

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
