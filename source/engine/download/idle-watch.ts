/**
 * The idle timeout (--timeout): an attempt fails when nothing arrived for that long. Body bytes and
 * each redirect's answer say so as they come (a chain of slow redirects is no stall), and the failure
 * comes that long after the last of them, on time. Before the body, the socket's byte count does
 * (headers that trickle in are data too), read when the timer wakes: four times per timeout rather than
 * on every chunk, so a failure after such bytes is at most a quarter of the timeout late.
 */
export class IdleWatch {
	private lastAliveAt: number;
	private socket: {readonly bytesRead: number} | undefined;
	private bytesRead = 0;
	private timer: NodeJS.Timeout;

	/** `clock` is read for the time in ms (a test passes its own). */
	constructor(private readonly timeoutMs: number, private readonly onIdle: () => void, private readonly clock: () => number = () => performance.now()) {
		this.lastAliveAt = clock();
		this.timer = this.arm();
	}

	watch(socket: {readonly bytesRead: number}): void {
		this.socket = socket;
		this.bytesRead = socket.bytesRead;
	}

	alive(): void {
		this.lastAliveAt = this.clock();
		// The socket's count so far holds these bytes: seen at the next wake-up, it would move the last sign
		// of life to then, a quarter of the timeout later (a stalled body failed 1.25-1.5 timeouts after its
		// last bytes).
		if (this.socket) {
			this.bytesRead = this.socket.bytesRead;
		}
	}

	stop(): void {
		clearTimeout(this.timer);
	}

	// A new timer each time rather than refresh(): the same cost at four wake-ups per timeout, and node:test's
	// MockTimers, which tests drive this with, do not implement refresh().
	private arm(delay = this.timeoutMs / 4): NodeJS.Timeout {
		return setTimeout(this.check, Math.max(1, delay));
	}

	private readonly check = () => {
		const now = this.clock();
		const read = this.socket?.bytesRead ?? 0;
		if (read !== this.bytesRead) {
			this.bytesRead = read;
			this.lastAliveAt = now;
		}

		const left = this.lastAliveAt + this.timeoutMs - now;
		if (left <= 0) {
			this.onIdle();
		} else {
			// The last wake-up of a quiet timeout lands on its end, not up to a quarter past it.
			this.timer = this.arm(Math.min(left, this.timeoutMs / 4));
		}
	};
}
