import type {Exchange, RequestMarks, ResponseHead, Transfer} from '../client/contract.js';
import {DownloadError} from '../errors.js';
import type {FailedAnswer} from '../events.js';
import {fileSystemReason} from '../file-io.js';
import {ImageScanner} from '../image-scan/index.js';
import {parseRetryAfter} from './retry-policy.js';
import {BodySink, memoryBound} from './body-sink.js';
import {BodyDecoder, codingsToUndo, type Flow} from './content-coding.js';
import {IdleWatch} from './idle-watch.js';
import type {AttemptTimes, ImageTask} from './job.js';

/** Progress events per image are coalesced to at most one per this many ms. */
const progressIntervalMs = 50;

/** How an attempt ended short of a saved image: the error, and what the retry loop needs to know of it. */
export type AttemptFailure = {
	readonly error: DownloadError;
	/** It went out on a kept-alive socket and no response came: the socket was stale, not the server. */
	readonly staleSocket: boolean;
	readonly answer?: FailedAnswer;
};

/** A failure that is not already imgrace's is the file's: writing it is all else an attempt does. */
export function asDownloadError(error: unknown): DownloadError {
	return error instanceof DownloadError ? error : DownloadError.cannotWrite(fileSystemReason('cannot write the file', error), error);
}

/**
 * The download core's side of one request (the client's Exchange): checks the head, feeds every chunk
 * to the decoder, the image scanner and the body sink, reports progress, watches for an idle connection,
 * and settles `done` when the body has ended and is written, or at the first failure.
 */
export class Receiver implements Exchange, Flow {
	readonly done: Promise<void>;
	readonly tempPath: string;
	readonly sink: BodySink;
	readonly scanner = new ImageScanner(memoryBound);
	/** Body bytes after any content coding was undone: what is saved. */
	transferred = 0;
	/** Bytes on the wire, checked against Content-Length. */
	private wire = 0;
	private total: number | undefined;
	private decoder: BodyDecoder | undefined;
	private transfer: Transfer | undefined;
	private marks: RequestMarks | undefined;
	private reused = false;
	private sockets = 0;
	/** The response head's status and reason phrase, once one came. */
	private status: number | undefined;
	private statusText = '';
	/** Body bytes on the wire when the attempt failed, those the client still held included. */
	private arrived: number | undefined;
	private firstByteAt = 0;
	private lastByteAt = 0;
	private lastProgress = 0;
	// Bytes in the last progress event, so a body that arrived in one chunk isn't reported twice.
	private reported = -1;
	private held = 0;
	private settled = false;
	private idle: IdleWatch;
	private resolve!: () => void;
	private reject!: (error: unknown) => void;

	constructor(private readonly task: ImageTask, private readonly attempt: number, private readonly startedAt: number) {
		this.tempPath = `${task.prefix}.imgrace-${task.runId}-${task.index}-${attempt}.part`;
		// Only work after the download (a thumbnail) reads the body: a plain download's is written as it came.
		this.sink = new BodySink(this.tempPath, this, error => {
			this.fail(asDownloadError(error));
		}, task.afterSave !== undefined);
		this.done = new Promise<void>((resolve, reject) => {
			this.resolve = resolve;
			this.reject = reject;
		});
		this.idle = new IdleWatch(task.settings.idleTimeoutMs, () => {
			this.fail(DownloadError.idleTimeout(task.settings.idleTimeoutMs, undefined));
		});
		task.stopper.onStop(() => {
			this.fail(DownloadError.aborted());
		});
		try {
			this.transfer = task.client.get(task.url, this);
		} catch (error) {
			this.fail(error instanceof DownloadError ? error : DownloadError.connection('the request could not be made', error));
		}
	}

	/** What the retry loop is told of a failure: the error, named, and whether the socket was a stale one. */
	failure(caught: unknown): AttemptFailure {
		const error = asDownloadError(caught);
		const bodyBytes = this.arrived ?? this.wire;
		// A HAR's content size is the decoded body's; without a content coding it is the body as it came.
		const contentBytes = this.decoder ? this.transferred : bodyBytes;
		const answer = this.status === undefined ? {} : {answer: {status: this.status, statusText: this.statusText, ttfbMs: this.firstByteAt - this.startedAt, bodyBytes, contentBytes}};
		return {error, staleSocket: this.reused && this.status === undefined && error.code === 'ERR_IMGRACE_CONNECTION', ...answer};
	}

	times(): AttemptTimes {
		const marks = this.marks!;
		const connectedAt = marks.connect?.endedAt ?? marks.socketAt;
		return {
			startedAt: this.startedAt,
			socketAt: marks.connect?.startedAt ?? marks.socketAt,
			connectedAt,
			sentAt: marks.sentAt,
			firstByteAt: this.firstByteAt,
			lastByteAt: this.lastByteAt,
			reusedConnection: this.reused,
		};
	}

	/** The final count, unless the last progress event said exactly this already. */
	reportFinal(): void {
		const {task, transferred, total} = this;
		if (this.reported !== transferred || total === undefined) {
			task.emit({type: 'image-progress', runId: task.runId, at: performance.now(), index: task.index, transferred, total: this.decoder ? transferred : (total ?? transferred)});
		}
	}

	dispose(): void {
		this.idle.stop();
		this.task.stopper.clear();
		this.decoder?.destroy();
	}

	hold(): void {
		if (this.held++ === 0) {
			this.transfer?.pause();
		}
	}

	release(): void {
		if (--this.held === 0 && !this.settled) {
			this.transfer?.resume();
		}
	}

	socket(socket: {readonly bytesRead: number}, reused: boolean): void {
		// The first request's socket says whether the image went over a kept-alive one, as the marks are the
		// first request's; a redirect's only moves the idle watch.
		if (this.sockets++ === 0) {
			this.reused = reused;
		}

		this.idle.watch(socket);
	}

	redirected(): void {
		this.idle.alive();
	}

	head(head: ResponseHead, marks: RequestMarks): void {
		const {task} = this;
		this.status = head.status;
		this.statusText = head.statusText ?? '';
		this.marks = marks;
		this.firstByteAt = performance.now();
		this.idle.alive();
		if (head.status < 200 || head.status > 299) {
			this.fail(DownloadError.httpStatus(head.status, head.statusText, parseRetryAfter(head.headers['retry-after'])));
			return;
		}

		const length = head.headers['content-length'];
		this.total = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : undefined;
		const codings = codingsToUndo(head.headers['content-encoding']);
		if (codings.length > 0) {
			this.decoder = new BodyDecoder(codings, this.receive, this.fail, this);
		}

		const contentType = head.headers['content-type'];
		task.emit({type: 'image-first-byte', runId: task.runId, at: this.firstByteAt, index: task.index, attempt: this.attempt, ttfbMs: this.firstByteAt - this.startedAt, total: this.decoder ? undefined : this.total, contentType: typeof contentType === 'string' ? contentType : undefined});
		if (this.total !== undefined && this.total > task.settings.maxSize && !this.decoder) {
			this.fail(DownloadError.tooBig(task.settings.maxSize));
		}
	}

	data(chunk: Uint8Array): void {
		// undici's parser, resumed with nothing new to read, hands over an empty chunk: holding the flow
		// for its write would pause it again before it reads the socket, and the body never moves on.
		if (this.settled || chunk.length === 0) {
			return;
		}

		this.idle.alive();
		this.wire += chunk.length;
		if (this.decoder) {
			this.decoder.write(chunk);
		} else {
			this.receive(chunk);
		}
	}

	end(): void {
		this.lastByteAt = performance.now();
		void this.finishBody();
	}

	readonly fail = (error: DownloadError) => {
		if (this.settled) {
			return;
		}

		this.settled = true;
		// A connection lost once the head of a body with a stated length came is that body cut short, said
		// with the bytes that came (those a client still held included), whichever client noticed it first.
		const received = this.wire + (this.transfer?.buffered() ?? 0);
		this.arrived = received;
		const short = (error.code === 'ERR_IMGRACE_CONNECTION' || error.code === 'ERR_IMGRACE_TRUNCATED') && this.total !== undefined && received < this.total;
		this.reject(short ? DownloadError.truncated(received, this.total, error) : error);
		this.sink.stop();
		this.transfer?.abort();
	};

	/** Bytes of the body as saved (after decoding): limit, image check, file, progress. */
	private readonly receive = (chunk: Uint8Array) => {
		if (this.settled) {
			return;
		}

		this.transferred += chunk.length;
		if (this.transferred > this.task.settings.maxSize) {
			// Stop at the limit rather than after downloading the whole oversized body.
			this.fail(DownloadError.tooBig(this.task.settings.maxSize));
			return;
		}

		try {
			this.scanner.push(chunk);
		} catch (error) {
			// Not an image: stop before anything (more) is written.
			this.fail(error as DownloadError);
			return;
		}

		this.sink.push(chunk);
		const now = performance.now();
		if (now - this.lastProgress >= progressIntervalMs) {
			this.lastProgress = now;
			this.reported = this.transferred;
			const {task} = this;
			task.emit({type: 'image-progress', runId: task.runId, at: now, index: task.index, transferred: this.transferred, total: this.decoder ? undefined : this.total});
		}
	};

	private async finishBody(): Promise<void> {
		try {
			await this.decoder?.end();
			// As got 16's strictContentLength, for every client: the bytes on the wire are what was announced.
			if (this.total !== undefined && this.wire !== this.total) {
				throw DownloadError.truncated(this.wire, this.total);
			}

			await this.sink.queuedWrites();
		} catch (error) {
			this.fail(asDownloadError(error));
			return;
		}

		if (!this.settled) {
			this.settled = true;
			this.sink.stop();
			this.resolve();
		}
	}
}
