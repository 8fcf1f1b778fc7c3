/** Settle with `work`, or reject with the signal's reason as soon as it fires (the work is abandoned). */
export async function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) {
		return work;
	}

	// Abandoned work may still fail (a mkdir that meets EEXIST after a Ctrl+C): never an unhandled rejection.
	work.catch(() => undefined);
	signal.throwIfAborted();
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => {
			reject(signal.reason as Error);
		};

		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort!);
	}
}
