/** The validated configuration parse-options.ts builds from the flags, and what the entry layer reads. */

import type {ClientSettings, DownloadSettings, StrategyName, WorkSettings} from '../engine/run-spec.js';

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

/** Every setting of a race, defaults applied: nothing downstream fills a default in again. */
export type RaceConfig = {
	readonly count: number;
	/** Slots asked for (--concurrency); 0: each strategy's own default. */
	readonly asked: number;
	readonly url: string | undefined;
	readonly urlsFile: string | undefined;
	readonly out: string;
	readonly mode: Mode;
	readonly json: boolean;
	readonly download: DownloadSettings;
	readonly client: ClientFlags;
	/** --work with its thumbnail settings. */
	readonly work: WorkSettings;
	readonly server: ServerSettings;
};

/**
 * The client and what it sends and trusts: --client, -H, --user-agent, --insecure, and --cacert's file
 * (read by ca-file.ts, when the race opens, into the engine's ClientSettings).
 */
export type ClientFlags = Omit<ClientSettings, 'ca'> & {readonly cacertFile: string | undefined};

export type ServeConfig = {
	readonly port: number;
	readonly server: ServerSettings;
};

/**
 * Raw flag values by long flag name (`max-size`, `keep-alive`), numbers still strings, each given at most
 * once (argv.ts refuses repeats) except the repeatable ones (-H), which come as a list.
 */
export type RawFlags = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
