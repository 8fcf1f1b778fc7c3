import type {ServerResponse} from 'node:http';

/** Each paced write carries this much time's worth of bytes: short enough to look smooth, long enough to keep timers few. */
const chunkSeconds = 0.016;
const minChunk = 256;
const maxChunk = 16 * 1024;
/** Unpaced bodies still go out in pieces, so backpressure is respected and one response can't hog the loop. */
const unpacedChunk = 64 * 1024;
/** How far behind a link may fall (late timers) and still catch up, instead of losing that time for good. */
const linkSlackMs = 20;

/**
 * A bandwidth limit shared by every response of one server, as a virtual clock: each reservation occupies the
 * link for bytes / rate after the previous one ends, and its bytes may be written when its slot ends. Bytes are
 * thus never written ahead of the link's rate, and concurrent responses take turns chunk by chunk.
 */
export class SharedLink {
	private busyUntil = 0;

	constructor(readonly bytesPerSecond: number) {}

	/** Reserves the link for `bytes` at `now` (ms, on the caller's clock); returns when they may be written. */
	reserve(bytes: number, now: number): number {
		// A link that fell a little behind (a timer fired late) continues from where it was, so lateness doesn't
		// accumulate; one idle for longer starts fresh at `now`, so idle time never turns into a burst.
		const start = this.busyUntil >= now - linkSlackMs ? this.busyUntil : now;
		this.busyUntil = start + (bytes * 1000 / this.bytesPerSecond);
		return this.busyUntil;
	}

	/** Gives back a reservation that won't be used, if nothing was reserved after it. */
	release(bytes: number, readyAt: number): void {
		if (readyAt === this.busyUntil) {
			this.busyUntil -= bytes * 1000 / this.bytesPerSecond;
		}
	}
}

export type PaceOptions = {
	/** Bytes/second for this response alone; 0 = unlimited. */
	readonly bandwidth: number;
	/** The server-wide limit, if any. */
	readonly link: SharedLink | undefined;
};

/**
 * Writes `body[0, end)` to `response` (headers already sent), paced from the first byte: by t ms after the call at
 * most bandwidth × t bytes are written (and the link's share), so there is no initial burst and the last byte
 * leaves at about end / bandwidth. Writes are scheduled against absolute times, so late timers don't add up.
 *
 * `onDone` runs once every byte has been handed to the socket. Returns `cancel`, which stops everything
 * (call it on 'close'); nothing is written after it. `clock` is read for the time in ms (a test passes its own).
 */
export function sendPaced(response: ServerResponse, body: Buffer, end: number, options: PaceOptions, onDone: () => void, clock: () => number = () => performance.now()): () => void {
	const {bandwidth, link} = options;
	const rate = Math.min(bandwidth > 0 ? bandwidth : Number.POSITIVE_INFINITY, link ? link.bytesPerSecond : Number.POSITIVE_INFINITY);
	const chunk = Number.isFinite(rate) ? Math.min(maxChunk, Math.max(minChunk, Math.round(rate * chunkSeconds))) : unpacedChunk;
	const started = clock();
	let sent = 0;
	/** Link bytes reserved and not yet written, and when they may go. */
	let granted = 0;
	let grantedAt = 0;
	let timer: NodeJS.Timeout | undefined;
	let cancelled = false;

	const cancel = (): void => {
		if (cancelled) {
			return;
		}

		cancelled = true;
		clearTimeout(timer);
		response.off('drain', step);
		if (link && granted > 0) {
			link.release(granted, grantedAt);
		}
	};

	const finished = (): void => {
		if (!cancelled) {
			cancelled = true;
			onDone();
		}
	};

	const wakeAt = (at: number): void => {
		// Rounded up: a timer that fires early would only buy a sliver of a chunk and another wake-up.
		timer = setTimeout(step, Math.max(0, Math.ceil(at - clock())));
	};

	function step(): void {
		timer = undefined;
		while (!cancelled) {
			if (sent >= end) {
				// Nothing (left) to write; still let the headers leave before onDone acts on the socket.
				setImmediate(finished);
				return;
			}

			const now = clock();
			let allowed = end - sent;
			if (bandwidth > 0) {
				// The epsilon absorbs float error at exactly the scheduled time.
				allowed = Math.min(allowed, Math.floor((bandwidth * (now - started) / 1000) + 1e-6) - sent);
			}

			if (link) {
				if (granted === 0) {
					const want = Math.min(end - sent, chunk);
					// Reserve so that, on a free link, the slot ends just when this response's own pacing releases the chunk.
					const reserveAt = bandwidth > 0 ? started + ((sent + want) * 1000 / bandwidth) - (want * 1000 / link.bytesPerSecond) : now;
					if (reserveAt > now + 1) {
						wakeAt(reserveAt);
						return;
					}

					grantedAt = link.reserve(want, now);
					granted = want;
				}

				allowed = now >= grantedAt ? Math.min(allowed, granted) : 0;
			} else {
				allowed = Math.min(allowed, unpacedChunk);
			}

			if (allowed > 0) {
				const last = sent + allowed >= end;
				const flushed = response.write(body.subarray(sent, sent + allowed), last ? finished : undefined);
				sent += allowed;
				granted = link ? granted - allowed : 0;
				if (last) {
					return;
				}

				if (!flushed) {
					response.once('drain', step);
					return;
				}

				continue;
			}

			let next = now;
			if (bandwidth > 0) {
				const want = granted > 0 ? granted : Math.min(chunk, end - sent);
				next = Math.max(next, started + ((sent + want) * 1000 / bandwidth));
			}

			if (granted > 0) {
				next = Math.max(next, grantedAt);
			}

			wakeAt(next);
			return;
		}
	}

	step();
	return cancel;
}
