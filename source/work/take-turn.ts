/** Work waiting for its next turn on this thread, first come first served. */
const waiting: Array<() => void> = [];
let scheduled = false;

function next(): void {
	waiting.shift()?.();
	scheduled = waiting.length > 0;
	if (scheduled) {
		setImmediate(next);
	}
}

/**
 * Resolves at a later turn of the event loop, letting one waiting piece of work go per turn. With
 * twelve thumbnails on one thread, a plain setImmediate each would run all twelve pieces back to back
 * before the loop polls again, so a SIGTERM (or a worker's message) would wait for all of them; one
 * piece per turn lets the loop poll between any two pieces.
 */
export async function takeTurn(): Promise<void> {
	return new Promise(resolve => {
		waiting.push(resolve);
		if (!scheduled) {
			scheduled = true;
			setImmediate(next);
		}
	});
}
