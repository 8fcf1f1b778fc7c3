import http from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * Runs `fn` against a plain HTTP server on an ephemeral 127.0.0.1 port that answers `/<name>` with
 * `files[name]` (and a matching Content-Length), for bodies the embedded image server does not make
 * (TIFF, AVIF, HEIC, a JPEG with bytes after it). Always closed afterwards.
 */
export async function withBytesServer<T>(files: Readonly<Record<string, Uint8Array>>, fn: (base: string) => Promise<T>): Promise<T> {
	const server = http.createServer((request, response) => {
		const body = files[(request.url ?? '/').slice(1).split('?')[0]!];
		if (body === undefined) {
			response.writeHead(404).end();
			return;
		}

		response.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': body.length});
		response.end(body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	try {
		return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	} finally {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	}
}
