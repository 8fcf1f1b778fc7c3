/** The validated configuration parse-options.ts builds from the flags, and what the entry layer reads. */

import type {WorkSettings} from '../engine/controller-types.js';
import type {StrategyName} from '../strategies/types.js';

/** The strategies to run, in order (--mode, read by parseModes in the registry). */
export type Mode = readonly StrategyName[];

export type ServerSettings = {
	readonly latencyMs: number;
	readonly jitterMs: number;
	readonly bandwidth: number;
	readonly linkBandwidth: number;
	readonly seed: number;
	readonly imageBytes: number | undefined;
};

export type RaceConfig = {
	readonly count: number;
	/** 0 = one slot per image. */
	readonly concurrency: number;
	readonly url: string | undefined;
	readonly urlsFile: string | undefined;
	readonly out: string;
	readonly mode: Mode;
	readonly json: boolean;
	readonly retries: number;
	readonly idleTimeoutMs: number;
	readonly maxTimeMs: number;
	readonly maxSize: number;
	readonly keepAlive: boolean;
	/** --work with its thumbnail settings. */
	readonly work: WorkSettings;
	readonly http: HttpFlags;
	readonly server: ServerSettings;
};

/** What the race sends and trusts: -H, --user-agent, --insecure, --cacert (read by ca-file.ts). */
export type HttpFlags = {
	/** By header name as typed; a name given twice is sent twice, in order. */
	readonly headers: Readonly<Record<string, readonly string[]>>;
	readonly userAgent: string | undefined;
	readonly insecure: boolean;
	readonly cacertFile: string | undefined;
};

export type ServeConfig = {
	readonly port: number;
	readonly server: ServerSettings;
};

/**
 * Raw flag values by long flag name (`max-size`, `keep-alive`), numbers still strings, each given at most
 * once (argv.ts refuses repeats) except the repeatable ones (-H), which come as a list.
 */
export type RawFlags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
