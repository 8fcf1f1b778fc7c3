import type {DownloadError} from '../errors.js';
import type {ClientName} from '../names.js';
import type {ClientSettings, RunContext} from '../run-spec.js';

/**
 * What the download core needs of an HTTP client, whichever it is (got, undici): one GET at a time,
 * reported through an Exchange. A client follows redirects and maps its own errors to imgrace's codes at
 * its edge; everything else (status codes, content codings, lengths, image checks, timeouts, retries) is
 * the download core's, the same for every client.
 */
export type HttpClient = {
	readonly name: ClientName;
	/** Start a GET of `url`; the exchange hears what happens to it until the transfer ends or is aborted. */
	get(url: string, exchange: Exchange): Transfer;
	/** Close pooled connections: a finished run leaves none open. */
	close(): void;
};

/** The run's name resolution (tests), in-process only, and how the client's pool is sized. */
export type ClientOptions = Pick<RunContext, 'lookup'> & {
	readonly settings: ClientSettings;
	/** Requests at once: the pool's connection limit. */
	readonly slots: number;
	readonly keepAlive: boolean;
};

/** The final response's head, after any redirect. */
export type ResponseHead = {
	readonly status: number;
	readonly statusText: string | undefined;
	/** Lower-case names. */
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
};

/**
 * When one request passed each of its stages, as performance.now() readings of the thread that made it,
 * for the image's phases (events.ts ImagePhases). For a redirected request, the first request's.
 */
export type RequestMarks = {
	/** The request had its socket: a kept-alive one, or a new one once connected. */
	readonly socketAt: number;
	/** A new connection: when the client began it (name lookup included) and when it was ready (TLS included). */
	readonly connect: {readonly startedAt: number; readonly endedAt: number} | undefined;
	/** The request was written to the socket. */
	readonly sentAt: number;
};

/**
 * The download core's side of one request. A client calls these in this order (`socket` and `redirected`
 * once per redirect followed); `fail` may come at any time, once.
 */
export type Exchange = {
	/**
	 * A request of the chain, the first or a redirect's, was given `socket` (read for the idle timeout's
	 * byte count); `reused`: kept alive from an earlier request.
	 */
	socket(socket: {readonly bytesRead: number}, reused: boolean): void;
	/** A redirect's answer came: the server is there, whatever the idle timer thought; the next request follows. */
	redirected(): void;
	/** The final response's head (any status), with the request's marks. */
	head(head: ResponseHead, marks: RequestMarks): void;
	/** Body bytes as they came over the wire (no content coding undone). */
	data(chunk: Uint8Array): void;
	end(): void;
	/** The request failed, said in imgrace's words. */
	fail(error: DownloadError): void;
};

/** The download core's handle on a transfer in flight. */
export type Transfer = {
	/** Hold the body back while its writes catch up (and let it come again). */
	pause(): void;
	resume(): void;
	/**
	 * Body bytes that came in but are still held inside the client, not handed over (a paused stream's
	 * buffers): a body cut short is said with them, as they did arrive.
	 */
	buffered(): number;
	/** End the request now, its socket destroyed; the exchange hears nothing more. */
	abort(): void;
};

/** Redirects a client follows before failing with ERR_IMGRACE_REDIRECTS (got's default, given to both). */
export const maxRedirects = 10;

/**
 * The largest response head (status line and headers) either client takes, given to both: Node's own
 * default for node:http, which got's requests would otherwise have from --max-http-header-size and undici's
 * by reading node:http (scripts/dependency-patches.mjs). A larger head is "not a valid HTTP response".
 */
export const responseHeadLimit = 16 * 1024;
