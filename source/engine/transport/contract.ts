import type {AgentOptions, ClientRequest, IncomingHttpHeaders} from 'node:http';
import type {LookupFunction} from 'node:net';

/** What the attempt reads of a response: the final one, after redirects and any decoding. */
export type ResponseHead = {
	readonly statusCode?: number;
	readonly headers: IncomingHttpHeaders;
};

/**
 * One GET as the download core sees it, whichever transport made it (a got stream satisfies it as
 * it is). 'request' gives each ClientRequest as it is sent (connect timing, reused socket);
 * 'response' the final 2xx response's head, once; then 'data' chunks, and 'end' or 'error'; 'close'
 * last. `destroy(error)` ends it with that error; `pause`/`resume` are the body's backpressure.
 */
export type TransportRequest = {
	once(event: 'request', listener: (request: ClientRequest) => void): unknown;
	once(event: 'response', listener: (response: ResponseHead) => void): unknown;
	once(event: 'end' | 'close', listener: () => void): unknown;
	once(event: 'error', listener: (error: Error) => void): unknown;
	on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
	destroy(error?: Error): unknown;
	pause(): unknown;
	resume(): unknown;
};

/** Which implementation sends the requests (http-client.ts says when each is used). */
export type TransportName = 'got' | 'node';

/** What every transport is given: the run's settings, bound once. */
export type TransportSetup = {
	readonly agentOptions: AgentOptions;
	/** Lower-cased names; a user's -H already merged over imgrace's own. */
	readonly headers: Readonly<Record<string, string | string[]>>;
	/** Certificate checks when the user changed them (--insecure, --cacert); Node's defaults otherwise. */
	readonly tls?: {readonly rejectUnauthorized: boolean; readonly ca?: readonly string[]};
	readonly dnsLookup?: LookupFunction;
	/** A proxy variable is set: each URL (and each redirect) picks its agent through proxy-from-env. */
	readonly useProxies: boolean;
};

export type Transport = {
	readonly request: (url: string) => TransportRequest;
	/** Closes pooled sockets so a finished run leaves no connection open. */
	destroy(): void;
};

/** Redirects followed before ERR_TOO_MANY_REDIRECTS (got's setting, given to both transports). */
export const maxRedirects = 10;
