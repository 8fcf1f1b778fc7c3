/**
 * The global `performance` of a pool worker's file (bundle-workers.mjs injects it: every `performance`
 * the bundled code reads, imgrace's, got's and undici's, is this one). Reading Node's own global the first
 * time loads node:perf_hooks and ten internal modules (its timing, observer and histogram parts), which
 * a worker paid for at its start, before it could say it was ready. Its now() counts in ms from this
 * file's start on the monotonic clock process.hrtime reads, the clock Node's now() reads too: a thread's
 * durations are its own differences of it, and engine/clock.ts finds its origin on the machine's clock
 * from it as from Node's. What else is read of it is read from Node's, loaded then.
 */
const {hrtime} = globalThis.process;
const start = hrtime();

function now() {
	const [seconds, nanoseconds] = hrtime(start);
	return (seconds * 1e3) + (nanoseconds / 1e6);
}

const node = () => globalThis.performance;
export const performance = Object.create(new Proxy({}, {
	get(_, name) {
		const value = node()[name];
		return typeof value === 'function' ? value.bind(node()) : value;
	},
}), {now: {value: now, enumerable: true}});
