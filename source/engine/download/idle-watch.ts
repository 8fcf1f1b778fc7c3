/**
 * The idle timeout (--timeout): an attempt fails when nothing arrived for that long. Body bytes say
 * so as they come; before the body, the socket's byte count does (headers that trickle in are data
 * too), read when the timer fires. The timer wakes four times per timeout rather than being reset on
 * every chunk, so a failure is reported at most a quarter of the timeout late.
 */
export class IdleWatch {
	private lastAliveAt = performance.now();
	private socket: {readonly bytesRead: number} | undefined;
	private bytesRead = 0;
	private readonly timer: NodeJS.Timeout;

	constructor(private readonly timeoutMs: number, private readonly onIdle: () => void) {
		this.timer = setTimeout(this.check, Math.max(1, timeoutMs / 4));
	}

	watch(socket: {readonly bytesRead: number}): void {
		this.socket = socket;
		this.bytesRead = socket.bytesRead;
	}

	alive(): void {
		this.lastAliveAt = performance.now();
	}

	stop(): void {
		clearTimeout(this.timer);
	}

	private readonly check = () => {
		const now = performance.now();
		const read = this.socket?.bytesRead ?? 0;
		if (read !== this.bytesRead) {
			this.bytesRead = read;
			this.lastAliveAt = now;
		}

		if (now - this.lastAliveAt >= this.timeoutMs) {
			this.onIdle();
		} else {
			this.timer.refresh();
		}
	};
}
