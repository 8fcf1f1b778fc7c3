/**
 * The embedded server's defaults, the one place they are written: the server, `imgrace serve` and anything that
 * describes them read this object (source/defaults.ts can take it over by re-exporting it from here).
 */
export const serverDefaults = {
	/** 0 = an ephemeral port. */
	port: 0,
	/** Delay before the response headers, per request. */
	latencyMs: 350,
	/** Latency is uniform in [latency - jitter, latency + jitter], never below 0. */
	jitterMs: 50,
	/** Bytes/second per connection (decimal: 1 MB/s = 1_000_000); 0 = unlimited. */
	bandwidth: 1_000_000,
	/** Bytes/second shared by all responses together; 0 = unlimited. */
	linkBandwidth: 0,
	/** Makes /image/<n> deterministic. */
	seed: 1,
} as const;
