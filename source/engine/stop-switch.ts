/**
 * The stop signal of one download. An AbortController per image (and an 'abort' listener on the
 * run's signal for each) costs tens of microseconds in EventTarget machinery, which at thousands of
 * images a second shows in the profile; a download needs only this: a reason, set once, and one
 * listener at a time (the attempt or the backoff wait in flight).
 */
export class StopSwitch<Reason extends string> {
	#reason: Reason | undefined;
	#listener: (() => void) | undefined;

	/** Why it was stopped; undefined while running. */
	get reason(): Reason | undefined {
		return this.#reason;
	}

	get stopped(): boolean {
		return this.#reason !== undefined;
	}

	/** Stops with `reason` (the first reason wins) and calls the listener, if any, once. */
	stop(reason: Reason): void {
		if (this.#reason !== undefined) {
			return;
		}

		this.#reason = reason;
		const listener = this.#listener;
		this.#listener = undefined;
		listener?.();
	}

	/** Calls `listener` when stopped (replacing any previous one); check `stopped` first. */
	onStop(listener: () => void): void {
		this.#listener = listener;
	}

	/** Forgets the listener. */
	clear(): void {
		this.#listener = undefined;
	}
}
