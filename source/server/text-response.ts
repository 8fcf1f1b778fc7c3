import type {OutgoingHttpHeaders, ServerResponse} from 'node:http';

/** Ends `response` with a short plain-text body and its exact Content-Length. */
export function sendText(response: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
	// 204 and 304 must not carry a body.
	const body = status === 204 || status === 304 ? '' : text;
	response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers});
	response.end(body);
}
