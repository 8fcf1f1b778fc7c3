import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {imageAtWidth, type ImageFormat} from './images/index.js';

/** A server on 127.0.0.1 of two pictures, at once, with no latency or pacing. */
export type LapServer = {
	/** One URL per picture and format, `count` of them in turn: …/0.jpg, …/1.png, … */
	urls(count: number): string[];
	close(): Promise<void>;
};

const formats: readonly ImageFormat[] = ['jpeg', 'png'];

/**
 * For the warm-up lap before a race (entry/warm-up-lap.ts): a JPEG and a PNG painted as the embedded
 * server paints its own (a few tens of KB, so a body comes in several reads and each format's checks
 * run), and nothing to wait for, so the lap never touches the race's own server or endpoint.
 */
export async function startLapServer(): Promise<LapServer> {
	const pictures = formats.map(format => ({type: `image/${format}`, body: imageAtWidth(1, format, 0, 320).body}));
	const server = http.createServer((request, response) => {
		const {type, body} = pictures[Number(request.url?.endsWith('.png'))]!;
		response.writeHead(200, {'content-type': type, 'content-length': body.length});
		response.end(body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		urls: count => Array.from({length: count}, (_, index) => `${base}/${index}.${index % 2 === 0 ? 'jpg' : 'png'}`),
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
