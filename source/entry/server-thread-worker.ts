import {parentPort, workerData} from 'node:worker_threads';
import {paintedImages, startImageServer, type ImageServer, type ImageServerOptions} from '../server/index.js';

// The embedded server's own thread (server-thread.ts): start, say where it listens, close on request.
const port = parentPort!;
let server: ImageServer;
try {
	server = await startImageServer(workerData as ImageServerOptions);
} catch (error) {
	port.postMessage({type: 'failed', message: (error as Error).message});
	process.exit(1);
}

port.on('message', () => {
	void server.close().then(() => {
		port.close();
	});
});
port.postMessage({type: 'listening', url: server.url, painted: paintedImages()});
