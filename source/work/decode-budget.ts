import os from 'node:os';
import {setTimeout as sleep} from 'node:timers/promises';
import {getEnvironmentData, isMainThread, setEnvironmentData, threadId} from 'node:worker_threads';
import {ThumbnailError} from './thumbnail-error.js';

/**
 * How many bytes of decoding may be in memory at once. `acquire` waits (a queue, not a failure) until
 * `bytes` fit beside the decodes already running, and resolves with the function that gives them back;
 * a decode larger than the whole budget waits until it can run alone. Shared by every thread that holds
 * the same `shared` buffer: post it to a worker and attach it there with `attachDecodeBudget`.
 */
export type DecodeBudget = {
	readonly bytes: number;
	readonly shared: SharedArrayBuffer;
	acquire(bytes: number, signal?: Pick<AbortSignal, 'aborted'>): Promise<() => void>;
	/** Bytes held right now, by every thread. */
	inUse(): number;
};

/** Holders at once: more decodes than this wait like any other. Each slot is [thread id + 1, KiB]. */
const slots = 64;
const lock = 0;
const changes = 1;
const firstSlot = 2;
const pollMs = 50;
const environmentKey = 'imgrace:decode-budget';

/** Atomics.waitAsync (Node 16+), which the ES2023 library this project compiles against does not declare yet. */
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) => {async: false; value: string} | {async: true; value: Promise<string>};
const waitAsync = (Atomics as unknown as {waitAsync: WaitAsync}).waitAsync;

/**
 * A quarter of the machine's memory, at most 1 GiB: room for a few full-size decodes beside the rest of a
 * run. Asked when a budget is made, not at load: a worker that only downloads never loads node:os.
 */
function defaultDecodeBudgetBytes(): number {
	return Math.min(1024 ** 3, Math.floor(os.totalmem() / 4));
}

/** A new budget of `bytes`, for this thread and any thread it is posted to. */
export function createDecodeBudget(bytes = defaultDecodeBudgetBytes()): DecodeBudget {
	const shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (firstSlot + (2 * slots) + 1));
	const words = new Int32Array(shared);
	words[words.length - 1] = Math.max(1, Math.floor(bytes / 1024));
	return attachDecodeBudget(shared);
}

/** The budget whose state is `shared` (from createDecodeBudget, posted to this thread). */
export function attachDecodeBudget(shared: SharedArrayBuffer): DecodeBudget {
	const words = new Int32Array(shared);
	const limit = words[words.length - 1]!;
	const owner = threadId + 1;
	const withLock = <T>(fn: () => T): T => {
		// Held for a few loads and stores only, so a spin is enough (and Atomics.wait is barred on the main thread).
		// The lock holds its holder's id: a thread ended inside it (a pool thread terminated mid-decode, as a
		// rerun does) has it given back by releaseThread, instead of leaving every other thread spinning.
		while (Atomics.compareExchange(words, lock, 0, owner) !== 0) {
			// Spin.
		}

		try {
			return fn();
		} finally {
			Atomics.store(words, lock, 0);
		}
	};

	const used = () => {
		let total = 0;
		for (let slot = 0; slot < slots; slot++) {
			total += Atomics.load(words, firstSlot + (2 * slot) + 1);
		}

		return total;
	};

	/** A slot for `kib` if they fit beside what is held (all of the budget fits only when nothing is). */
	const take = (kib: number): number | undefined => withLock(() => {
		if (used() + kib > limit) {
			return undefined;
		}

		for (let slot = 0; slot < slots; slot++) {
			const at = firstSlot + (2 * slot);
			if (Atomics.load(words, at) === 0) {
				Atomics.store(words, at, owner);
				Atomics.store(words, at + 1, kib);
				return slot;
			}
		}

		return undefined;
	});

	const give = (slot: number) => {
		withLock(() => {
			Atomics.store(words, firstSlot + (2 * slot), 0);
			Atomics.store(words, firstSlot + (2 * slot) + 1, 0);
		});
		Atomics.add(words, changes, 1);
		Atomics.notify(words, changes);
	};

	return {
		bytes: limit * 1024,
		shared,
		inUse: () => used() * 1024,
		async acquire(bytes, signal) {
			const kib = Math.min(limit, Math.max(1, Math.ceil(bytes / 1024)));
			for (;;) {
				if (signal?.aborted) {
					throw new ThumbnailError('ERR_IMGRACE_ABORTED', 'aborted');
				}

				const seen = Atomics.load(words, changes);
				const slot = take(kib);
				if (slot !== undefined) {
					let given = false;
					return () => {
						if (!given) {
							given = true;
							give(slot);
						}
					};
				}

				// Woken by a release, or after a poll interval to look at the abort again. The timer also
				// keeps the thread alive: a pending waitAsync alone does not, and a worker would just end.
				const waited = waitAsync(words, changes, seen, pollMs);
				await (waited.async ? Promise.race([waited.value, sleep(pollMs)]) : sleep(0));
			}
		},
	};
}

/** Give back what a thread that ended without releasing still held (a worker killed mid-decode): its slots, and the lock. */
function releaseThread(budget: DecodeBudget, id: number): void {
	const words = new Int32Array(budget.shared);
	let freed = Atomics.compareExchange(words, lock, id + 1, 0) === id + 1;
	for (let slot = 0; slot < slots; slot++) {
		const at = firstSlot + (2 * slot);
		if (Atomics.compareExchange(words, at, id + 1, 0) === id + 1) {
			Atomics.store(words, at + 1, 0);
			freed = true;
		}
	}

	if (freed) {
		Atomics.add(words, changes, 1);
		Atomics.notify(words, changes);
	}
}

let processBudget: DecodeBudget | undefined;

/**
 * The process's budget, shared by the main thread and every worker thread started after this module
 * loaded (through worker_threads' environment data, which workers inherit), so six threads decoding at
 * once stay within one budget. A worker that ends holding a share gives it back (the main thread sees
 * its exit). Child processes have their own.
 */
export function processDecodeBudget(): DecodeBudget {
	if (processBudget === undefined) {
		const inherited = isMainThread ? undefined : getEnvironmentData(environmentKey);
		processBudget = inherited instanceof SharedArrayBuffer ? attachDecodeBudget(inherited) : createDecodeBudget();
		shareWithWorkers(processBudget);
	}

	return processBudget;
}

function shareWithWorkers(budget: DecodeBudget): void {
	setEnvironmentData(environmentKey, budget.shared);
	process.on('worker', worker => {
		const {threadId: id} = worker;
		worker.once('exit', () => {
			releaseThread(budget, id);
		});
	});
}
