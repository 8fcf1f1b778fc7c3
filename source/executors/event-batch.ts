import {clockOrigin} from '../engine/clock.js';
import type {EngineEvent} from '../engine/events.js';
import type {Claim} from '../engine/folder-guard.js';
import type {JobOutcome} from '../engine/image-jobs.js';
import type {FromWorker} from './protocol.js';

/**
 * A worker's outgoing events, sent as one message per event-loop turn rather than one per event:
 * every message is a structured clone plus a wake-up of the main thread. Progress is already
 * coalesced per image by the download (one per 50 ms); here a progress event that a newer one of
 * the same image overtakes within the batch is dropped, so a batch never carries stale byte counts.
 */
export class EventBatch {
	readonly #send: (message: FromWorker) => void;
	#events: EngineEvent[] = [];
	#claims: Claim[] = [];
	#scheduled: NodeJS.Immediate | undefined;

	constructor(send: (message: FromWorker) => void) {
		this.#send = send;
	}

	push = (event: EngineEvent): void => {
		const last = this.#events.at(-1);
		if (event.type === 'image-progress' && last?.type === 'image-progress' && last.index === event.index) {
			this.#events[this.#events.length - 1] = event;
		} else {
			this.#events.push(event);
		}

		this.#scheduled ??= setImmediate(() => {
			this.flush();
		});
	};

	/** A file the run wrote, for the main thread's folder guard (manifest). */
	claim = (claim: Claim): void => {
		this.#claims.push(claim);
	};

	/** Send what is pending now; with `outcome` the message also ends the job and asks for the next. */
	flush(outcome?: JobOutcome): void {
		if (this.#scheduled) {
			clearImmediate(this.#scheduled);
			this.#scheduled = undefined;
		}

		if (this.#events.length === 0 && this.#claims.length === 0 && outcome === undefined) {
			return;
		}

		const message: FromWorker = {type: 'batch', timeOrigin: clockOrigin, events: this.#events, claims: this.#claims, ...(outcome ? {outcome} : {})};
		this.#events = [];
		this.#claims = [];
		this.#send(message);
	}
}
