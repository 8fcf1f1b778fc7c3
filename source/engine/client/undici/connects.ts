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
	private cancel: ((error: Error) => void) | undefined;

	constructor(private readonly pending: Set<PendingConnect>) {
		super();
		pending.add(this);
		// undici destroys it with its reason, and the connect's own error reaches undici by its callback:
		// this stand-in's error is no one's news.
		this.on('error', () => undefined);
	}

	/** The connect began with this socket, whose destruction ends it. */
	started(socket: Socket): void {
		this.cancel = error => socket.destroy(error);
	}

	/** The connect began, and `cancel` ends it (a tunnel's CONNECT, by its signal). */
	cancelWith(cancel: (error: Error) => void): void {
		this.cancel = cancel;
	}

	/** The attempt is over, connected or failed: nothing left to cancel. */
	ended(): void {
		this.cancel = undefined;
		this.pending.delete(this);
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
		this.cancel?.(error ?? new Error('connection attempt cancelled'));
		callback(error);
	}
}

/**
 * A connector undici's proxy agents made, made cancellable. Their tunnel connect (for an https URL) sends
 * its CONNECT with the signal of the options it is given (proxy-agent.js), which undici's pools never
 * give it, and returns no socket: a proxy that never answered held the pool's connection, and a retry
 * waited behind it. A plain connector (a forwarding proxy's) returns its socket, destroyed as well.
 */
export function cancellableTunnel(connect: (options: object, callback: (...args: never[]) => void) => unknown, pending: Set<PendingConnect>) {
	return (options: object, callback: (...args: never[]) => void): PendingConnect => {
		const attempt = new PendingConnect(pending);
		const controller = new AbortController();
		attempt.cancelWith(error => {
			controller.abort(error);
		});
		const made = connect({...options, signal: controller.signal}, (...args: never[]) => {
			attempt.ended();
			callback(...args);
		});
		if (made instanceof Duplex) {
			attempt.cancelWith(error => {
				controller.abort(error);
				made.destroy(error);
			});
		}

		return attempt;
	};
}
