import {once} from 'node:events';
import http from 'node:http';
import type {Socket} from 'node:net';
import {resolveOptions, type ImageServerOptions, type ServerSettings} from './options.js';
import {createRoutes} from './routes.js';

export {imageUrl} from './image-url.js';
export type {ImageServerOptions} from './options.js';

export type ImageServer = {
	/** "http://127.0.0.1:PORT" (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly options: ServerSettings;
	/** Requests received so far (all routes). */
	requestCount(): number;
	/** Connections currently open (for leak tests). */
	openConnections(): number;
	/** Connections accepted so far (for keep-alive tests). */
	connectionCount(): number;
	/** Closes the listener and destroys every open connection (stalled ones too); resolves when closed. */
	close(): Promise<void>;
};

/** Long enough for a sequential client to reuse its connection between downloads. */
const keepAliveTimeoutMs = 5000;

/**
 * Starts the embedded image server on 127.0.0.1 (routes.ts answers the requests) and resolves once it listens,
 * with the pictures of `readyImages` (the whole pool without it) painted.
 * @throws RangeError for an option out of range.
 */
export async function startImageServer(options: ImageServerOptions = {}): Promise<ImageServer> {
	const settings = resolveOptions(options);
	const routes = createRoutes(settings, options.readyImages);
	const sockets = new Set<Socket>();
	let requests = 0;
	let connections = 0;
	const server = http.createServer((request, response) => {
		requests++;
		routes(request, response);
	});
	server.keepAliveTimeout = keepAliveTimeoutMs;
	server.on('connection', socket => {
		connections++;
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});

	const port = await listen(server, settings.port);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		options: {...settings, port},
		requestCount: () => requests,
		openConnections: () => sockets.size,
		connectionCount: () => connections,
		close() {
			closing ??= closeAll(server, sockets);
			return closing;
		},
	};
}

async function listen(server: http.Server, port: number): Promise<number> {
	server.listen(port, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('Image server did not bind a TCP port');
	}

	return address.port;
}

async function closeAll(server: http.Server, sockets: ReadonlySet<Socket>): Promise<void> {
	const listenerClosed = new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
	// The listener reports closed before destroyed sockets emit 'close'; wait for those too, so
	// openConnections() is 0 once this resolves.
	const socketsClosed = [...sockets].map(async socket => {
		const closed = once(socket, 'close');
		socket.destroy();
		await closed.catch(() => undefined);
	});
	await Promise.all([listenerClosed, ...socketsClosed]);
}
