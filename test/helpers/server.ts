import {startImageServer, type ImageServer, type ImageServerOptions} from '../../source/server/image-server.js';

/**
 * Runs `fn` against an embedded image server on an ephemeral 127.0.0.1 port and always closes it afterwards,
 * even if `fn` throws. Options are passed through (the port is always ephemeral).
 */
export async function withServer<T>(options: ImageServerOptions, fn: (server: ImageServer) => Promise<T>): Promise<T> {
	const server = await startImageServer({...options, port: 0});
	try {
		return await fn(server);
	} finally {
		await server.close();
	}
}
