import type {ClientRequest} from 'node:http';
import type {Socket} from 'node:net';
import {DownloadError} from '../errors.js';
import type {ImageInfo} from '../image-check.js';
import {ImageScanner} from '../image-scan/index.js';
import type {ResponseHead, TransportRequest as Request} from '../transport/contract.js';
import {BodySink, memoryBound} from './body-sink.js';
import type {DownloadJob, Saved} from './job.js';

/** Progress events per image are coalesced to at most one per this many ms. */
const progressIntervalMs = 50;

/**
 * One HTTP attempt: receive the body (body-sink.ts), check that it is a complete image, and rename it
 * into place. On any failure the temp file is removed.
 */
export async function attemptOnce(job: DownloadJob, attempt: number): Promise<Saved> {
	const startedAt = performance.now();
	if (job.stopper.stopped) {
		throw DownloadError.aborted();
	}

	// No per-request options: everything is bound once per run in the transport (http-client.ts).
	const request = job.request(job.url);
	const guard = new AttemptGuard(request, job);
	const receiver = new Receiver(request, job, attempt, startedAt, guard);
	try {
		await receiver.done;
		const {transferred, total} = receiver;
		// Both transports already fail a short body (got 16's strictContentLength); this stays so that a
		// complete-looking body is never kept whatever the client's settings.
		if (total !== undefined && transferred !== total) {
			throw DownloadError.truncated(transferred, total);
		}

		// Complete and an image, or it is not kept: a cut-off body is ERR_IMGRACE_TRUNCATED (retryable)
		// even where no Content-Length said how long it should have been.
		const info = receiver.scanner.finish();
		await receiver.sink.complete();
		receiver.reportFinal();
		const path = await publish(job, receiver, info, guard);
		return {...info, bytes: transferred, path, ttfbMs: receiver.ttfbMs, times: receiver.times()};
	} catch (error) {
		// An idle timeout ends this attempt only (retryable); the image's own stops are named by the caller.
		if (guard.idleTimedOut && !job.stopper.stopped) {
			throw DownloadError.idleTimeout(job.settings.idleTimeoutMs, error);
		}

		throw error;
	} finally {
		guard.dispose();
		await receiver.sink.cleanup();
	}
}

/** Give the temp file its final name, unless the image was stopped or the folder refuses the name. */
async function publish(job: DownloadJob, receiver: Receiver, info: ImageInfo, guard: AttemptGuard): Promise<string> {
	// The run may have been stopped while the last bytes were written; don't publish then.
	if (guard.stopped) {
		throw DownloadError.aborted();
	}

	const finalName = `${job.baseName}.${info.extension}`;
	const refusal = await job.folder.place(receiver.tempPath, finalName);
	if (refusal !== undefined) {
		throw DownloadError.cannotWrite(refusal);
	}

	receiver.sink.moved();
	return `${job.outDir}${finalName}`;
}

/**
 * Ends an attempt by destroying its request: when the image stops (run aborted, --max-time) or when
 * no byte arrived for the idle timeout, which ends this attempt only, not the image. (Cheaper than an
 * AbortController per attempt handed to got, which merges it into a fresh options object and listens.)
 */
class AttemptGuard {
	stopped = false;
	idleTimedOut = false;
	private readonly idle: NodeJS.Timeout;

	constructor(private readonly request: Request, private readonly job: DownloadJob) {
		job.stopper.onStop(this.stop);
		this.idle = setTimeout(() => {
			this.idleTimedOut = true;
			this.stop();
		}, job.settings.idleTimeoutMs);
	}

	/** Bytes arrived: the idle timeout starts over. */
	alive(): void {
		this.idle.refresh();
	}

	dispose(): void {
		clearTimeout(this.idle);
		this.job.stopper.clear();
	}

	private readonly stop = () => {
		if (!this.stopped) {
			this.stopped = true;
			this.request.destroy(DownloadError.aborted());
		}
	};
}

/**
 * Reads one response: checks its headers, feeds every chunk to the image scanner and the body sink,
 * reports progress, and settles `done` when the body has ended and is written, or at the first failure.
 *
 * The body is read from 'data' events rather than `for await`: the async iterator costs a promise and
 * a 'readable' round trip per chunk, which at thousands of images a second shows in the profile.
 */
class Receiver {
	readonly done: Promise<void>;
	readonly tempPath: string;
	readonly sink: BodySink;
	readonly scanner = new ImageScanner(memoryBound);
	transferred = 0;
	total: number | undefined;
	ttfbMs = 0;
	private connectedAt: number | undefined;
	private reusedConnection = false;
	private firstByteAt = 0;
	private lastByteAt = 0;
	private lastProgress = 0;
	// Bytes in the last progress event, so a body that arrived in one chunk isn't reported twice.
	private reported = -1;
	private settled = false;
	private ended = false;
	private resolve!: () => void;
	private reject!: (error: unknown) => void;

	constructor(private readonly request: Request, private readonly job: DownloadJob, private readonly attempt: number, private readonly startedAt: number, private readonly guard: AttemptGuard) {
		this.tempPath = `${job.outDir}.imgrace-${job.runId}-${job.index}-${attempt}.part`;
		this.sink = new BodySink(this.tempPath, request, this.fail);
		this.done = new Promise<void>((resolve, reject) => {
			this.resolve = resolve;
			this.reject = reject;
		});
		request.once('request', this.onRequest);
		request.once('response', this.onResponse);
		request.on('data', this.onData);
		request.once('end', this.onEnd);
		request.once('error', this.fail);
		request.once('close', this.onClose);
	}

	times() {
		const {startedAt, firstByteAt, lastByteAt, reusedConnection} = this;
		return {startedAt, connectedAt: this.connectedAt ?? startedAt, firstByteAt, lastByteAt, reusedConnection};
	}

	/** The final count, unless the last progress event said exactly this already. */
	reportFinal(): void {
		const {job, transferred, total} = this;
		if (this.reported !== transferred || total === undefined) {
			job.emit({type: 'image-progress', runId: job.runId, at: performance.now(), index: job.index, transferred, total: total ?? transferred});
		}
	}

	/** Stops at once (as leaving a for-await loop would): no more bytes for a failed attempt. */
	private readonly fail = (error: unknown) => {
		if (!this.settled) {
			this.settled = true;
			this.sink.stop();
			this.request.destroy();
			this.reject(error);
		}
	};

	private readonly finish = () => {
		if (!this.settled) {
			this.settled = true;
			this.sink.stop();
			this.resolve();
		}
	};

	/**
	 * When the socket is connected, for the connect phase. A kept-alive socket is connected already
	 * (Node marks `reusedSocket` as it hands it over); a proxy agent hands over a connected one too.
	 */
	private readonly onRequest = (clientRequest: ClientRequest) => {
		if (clientRequest.reusedSocket) {
			this.reusedConnection = true;
			return;
		}

		clientRequest.once('socket', (socket: Socket & {encrypted?: boolean}) => {
			const connected = () => {
				this.connectedAt = performance.now();
			};

			if (!socket.connecting) {
				connected();
			} else {
				socket.once(socket.encrypted ? 'secureConnect' : 'connect', connected);
			}
		});
	};

	private readonly onResponse = (response: ResponseHead) => {
		const {job} = this;
		this.firstByteAt = performance.now();
		this.ttfbMs = this.firstByteAt - this.startedAt;
		const length = response.headers['content-length'];
		this.total = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : undefined;
		const contentType = response.headers['content-type'];
		job.emit({type: 'image-first-byte', runId: job.runId, at: performance.now(), index: job.index, attempt: this.attempt, ttfbMs: this.ttfbMs, total: this.total, contentType: typeof contentType === 'string' ? contentType : undefined});
		if (this.total !== undefined && this.total > job.settings.maxSize) {
			this.request.destroy(DownloadError.tooBig(job.settings.maxSize));
		}
	};

	private readonly onData = (chunk: Uint8Array) => {
		if (this.settled) {
			return;
		}

		this.guard.alive();
		this.transferred += chunk.length;
		if (this.transferred > this.job.settings.maxSize) {
			// Stop at the limit rather than after downloading the whole oversized body.
			this.fail(DownloadError.tooBig(this.job.settings.maxSize));
			return;
		}

		try {
			this.scanner.push(chunk);
		} catch (error) {
			// Not an image: stop before anything (more) is written.
			this.fail(error);
			return;
		}

		this.sink.push(chunk);
		const now = performance.now();
		if (now - this.lastProgress >= progressIntervalMs) {
			this.lastProgress = now;
			this.reported = this.transferred;
			this.job.emit({type: 'image-progress', runId: this.job.runId, at: now, index: this.job.index, transferred: this.transferred, total: this.total});
		}
	};

	private readonly onEnd = () => {
		this.ended = true;
		this.lastByteAt = performance.now();
		const writes = this.sink.queuedWrites();
		if (writes) {
			writes.then(this.finish, this.fail);
		} else {
			this.finish();
		}
	};

	private readonly onClose = () => {
		if (!this.ended) {
			this.fail(Object.assign(new Error('Premature close'), {code: 'ERR_STREAM_PREMATURE_CLOSE'}));
		}
	};
}
