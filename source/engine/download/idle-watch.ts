/**
 * The idle timeout (--timeout): an attempt fails when nothing arrived for that long. Body bytes and
 * each redirect's answer say so as they come (a chain of slow redirects is no stall); before the
 * body, the socket's byte count does (headers that trickle in are data too), read when the timer
 * fires. The timer wakes four times per timeout rather than being reset on every chunk, so a failure
 * is reported at most a quarter of the timeout late.
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
	}

	stop(): void {
		clearTimeout(this.timer);
	}

	// A new timer each time rather than refresh(): the same cost at four wake-ups per timeout, and node:test's
	// MockTimers, which tests drive this with, do not implement refresh().
	private arm(): NodeJS.Timeout {
		return setTimeout(this.check, Math.max(1, this.timeoutMs / 4));
	}

	private readonly check = () => {
		const now = this.clock();
		const read = this.socket?.bytesRead ?? 0;
		if (read !== this.bytesRead) {
			this.bytesRead = read;
			this.lastAliveAt = now;
		}

		if (now - this.lastAliveAt >= this.timeoutMs) {
			this.onIdle();
		} else {
			this.timer = this.arm();
		}
	};
}
