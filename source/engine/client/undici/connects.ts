import {Duplex} from 'node:stream';
import type {Socket} from 'node:net';

/**
 * A connection under way, as undici sees it until its socket exists. undici can end a connect that no
 * request waits for any more (its one request aborted: the idle timeout, --max-time, a stopped run) only
 * through the stream its connector returns (client.js connect, kCancelConnect), and its destroy() at the
 * run's end leaves a connect in progress alone. imgrace's connector makes the socket a turn later
 * (sockets.ts connectTimes), so it returned nothing: a TLS handshake that never came held its pool's
 * connection for good, a retry waited behind it, and the open socket kept the process alive. This
 * stands in for the socket: destroyed, it stops the connect before it starts or destroys the socket.
 */
export class PendingConnect extends Duplex {
	private socket: Socket | undefined;

	constructor(private readonly pending: Set<PendingConnect>) {
		super();
		pending.add(this);
		// undici destroys it with its reason, and the connect's own error reaches undici by its callback:
		// this stand-in's error is no one's news.
		this.on('error', () => undefined);
	}

	/** The connect began with this socket (undefined: the attempt is over, connected or failed). */
	started(socket: Socket | undefined): void {
		this.socket = socket;
		if (socket === undefined) {
			this.pending.delete(this);
		}
	}

	override _read(): void {
		// Nothing is ever read from a stand-in.
	}

	override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
		callback();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		this.pending.delete(this);
		// With an error, so that the connector calls back and undici's attempt ends (undici ignores it once
		// it cancelled the attempt itself).
		this.socket?.destroy(error ?? new Error('connection attempt cancelled'));
		callback(error);
	}
}
