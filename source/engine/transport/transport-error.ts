import type {IncomingHttpHeaders} from 'node:http';

/** The part of a response an error carries: what classify-error.ts reads (status, Retry-After, Location, codings). */
export type ErrorResponse = {
	readonly statusCode: number;
	readonly statusMessage?: string;
	readonly headers: IncomingHttpHeaders;
	readonly rawHeaders: readonly string[];
};

/**
 * A failure of the node transport, in the vocabulary got's errors use (the same `code`s, a
 * 'ReadError' name for failures reading the body, the response attached), so that one classifier
 * (classify-error.ts) turns either transport's failure into the same DownloadError.
 */
export class TransportError extends Error {
	readonly response: ErrorResponse | undefined;
	/** How much of the body had arrived (decoded bytes), and of how much, where a length was announced. */
	readonly progress: {readonly transferred: number; readonly total: number | undefined} | undefined;

	constructor(
		readonly code: string,
		message: string,
		details: {response?: ErrorResponse; progress?: {transferred: number; total: number | undefined}; cause?: unknown} = {},
		override readonly name = 'RequestError',
	) {
		super(message, details.cause === undefined ? undefined : {cause: details.cause});
		this.response = details.response;
		this.progress = details.progress;
	}
}
