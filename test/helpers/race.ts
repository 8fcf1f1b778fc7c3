import assert from 'node:assert/strict';
import type {LookupFunction} from 'node:net';
import {runDownloads} from '../../source/engine/controller.js';
import type {EngineEvent, EventListener} from '../../source/engine/events.js';
import type {Machine} from '../../source/engine/machine.js';
import type {ClientName, ClientSettings, DownloadSettings, RunResult, Strategy, WorkSettings} from '../../source/engine/run-spec.js';
import {downloadDefaults} from '../../source/defaults.js';
import {imageUrl} from '../../source/server/image-server.js';
import {builtInStrategies, createRegistry, type Registry} from '../../source/strategies/index.js';

/** A registry of the built-in strategies and any a test adds, as the entry layer builds its own. */
export function testRegistry(extra: readonly Strategy[] = []): Registry {
	return createRegistry([...builtInStrategies, ...extra]);
}

const builtIn = testRegistry();

/** The download settings a race gets from the command line with no flags, changed by `overrides`. */
export function downloadSettings(overrides: Partial<DownloadSettings> = {}): DownloadSettings {
	const {retries, idleTimeoutMs, maxTimeMs, maxSize, keepAlive, maxRetryDelayMs} = downloadDefaults;
	return {retries, idleTimeoutMs, maxTimeMs, maxSize, keepAlive, maxRetryDelayMs, ...overrides};
}

/** What every request sends and trusts with no flags, on `name`, changed by `overrides`. */
export function clientSettings(name: ClientName = 'got', overrides: Partial<Omit<ClientSettings, 'name'>> = {}): ClientSettings {
	return {name, headers: {}, userAgent: downloadDefaults.userAgent, insecure: false, ca: undefined, ...overrides};
}

/** What a test sends and trusts, as a user would say it with -H, --user-agent, --insecure and --cacert. */
export type HttpOptions = {
	readonly headers?: Readonly<Record<string, string | readonly string[]>>;
	readonly userAgent?: string;
	readonly insecure?: boolean;
	readonly ca?: string;
};

export type TestRace = Partial<DownloadSettings> & {
	/** A built-in strategy's name, or a strategy of the test's own. */
	readonly strategy: string | Strategy;
	/** Slots asked for; 0 (the default): the strategy's own width. */
	readonly asked?: number;
	readonly urls: readonly string[];
	readonly folder: string;
	readonly onEvent: EventListener;
	readonly signal?: AbortSignal;
	readonly client?: ClientName;
	readonly http?: HttpOptions;
	readonly work?: WorkSettings;
	readonly lookup?: LookupFunction;
	readonly openFileLimit?: number;
	/** The machine the run plans its width for (a strategy's room); this one when left out. */
	readonly machine?: Machine;
};

/** One run through the controller, as the entry layer starts one, with the defaults for all the test leaves out. */
export async function race(options: TestRace): Promise<RunResult> {
	const {strategy, asked = 0, urls, folder, onEvent, signal, client, http, work, lookup, openFileLimit, machine, ...download} = options;
	return runDownloads(typeof strategy === 'string' ? builtIn.named(strategy) : strategy, {
		asked,
		urls,
		folder,
		download: downloadSettings(download),
		client: clientSettings(client, {
			...http,
			headers: Object.fromEntries(Object.entries(http?.headers ?? {}).map(([name, value]) => [name, typeof value === 'string' ? [value] : value])),
		}),
		work: work ?? {name: 'download'},
	}, {
		emit: onEvent,
		...(signal ? {signal} : {}),
		...(lookup ? {lookup} : {}),
		...(openFileLimit === undefined ? {} : {openFileLimit}),
		...(machine === undefined ? {} : {machine}),
	});
}

/**
 * A race of three images on `serverUrl`: the first fails (404), the second fails once (503) and is retried,
 * the third is plain. Asserts what every strategy reports alike of them; returns the run's events.
 */
export async function raceFailedAndRetried(serverUrl: string, options: Omit<TestRace, 'urls' | 'onEvent'>): Promise<EngineEvent[]> {
	const events: EngineEvent[] = [];
	const urls = [imageUrl(serverUrl, 0, {status: 404}), imageUrl(serverUrl, 1, {status: 503, failFirst: 1}), imageUrl(serverUrl, 2)];
	const result = await race({...options, urls, onEvent: event => events.push(event)});
	assert.deepEqual([result.ok, result.failed], [2, 1]);
	const failed = events.find(event => event.type === 'image-failed');
	assert.ok(failed?.type === 'image-failed' && failed.index === 0 && failed.code === 'ERR_IMGRACE_HTTP_STATUS' && /404/.test(failed.reason), JSON.stringify(failed));
	const retried = events.find(event => event.type === 'image-retried');
	assert.ok(retried?.type === 'image-retried' && retried.index === 1 && retried.attempt === 2, JSON.stringify(retried));
	const second = events.find(event => event.type === 'image-done' && event.index === 1);
	assert.equal(second?.type === 'image-done' ? second.retries : undefined, 1);
	return events;
}
