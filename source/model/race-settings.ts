import {formatBytes} from '../format/format.js';

/**
 * One setting that makes two races the same race: its name in an export's `settings` (written by
 * output/race-export.ts) and its value in words, for the line that says how a baseline differs.
 */
type Compared = {readonly name: string; readonly words: (value: unknown) => string};

const flag = (name: string, show: (value: unknown) => string = String) => (value: unknown) => (value === null ? `no ${name}` : `${name} ${show(value)}`);
const rate = (value: unknown) => (value === 0 ? 'unlimited' : `${formatBytes(Number(value))}/s`);

function workWords(value: unknown): string {
	const work = (typeof value === 'object' && value !== null ? value : {}) as {name?: unknown; size?: unknown; repeat?: unknown};
	return work.name === 'thumbnail' ? `--work thumbnail --thumb-size ${String(work.size)} --thumb-repeat ${String(work.repeat)}` : `--work ${String(work.name)}`;
}

/**
 * What --baseline holds equal, by name, in the order a difference is reported: the same images from the
 * same source (the embedded server's settings, or the URL list's fingerprint), the same strategies at
 * the same width, the same client settings and the same work. runs and warmup are not here: a different
 * number of runs is a bigger or smaller sample of the same race. A new setting that changes what a race
 * measures is one line here plus its field in the export.
 */
export const comparedSettings: readonly Compared[] = [
	{name: 'source', words: value => (value === 'embedded' ? 'images from the embedded server' : `images from --${String(value)}`)},
	{name: 'images', words: value => `${String(value)} images`},
	{name: 'sourceFingerprint', words: flag('URL list')},
	{name: 'mode', words: flag('--mode', value => (Array.isArray(value) ? value.join(',') : String(value)))},
	{name: 'concurrency', words: value => (value === 0 ? 'the default concurrency' : `--concurrency ${String(value)}`)},
	{name: 'keepAlive', words: value => (value === false ? '--no-keep-alive' : 'keep-alive')},
	{name: 'client', words: value => `--client ${String(value)}`},
	{name: 'work', words: workWords},
	{name: 'latencyMs', words: flag('--latency', value => `${String(value)} ms`)},
	{name: 'jitterMs', words: flag('--jitter', value => `${String(value)} ms`)},
	{name: 'bandwidth', words: flag('--bandwidth', rate)},
	{name: 'linkBandwidth', words: flag('--link-bandwidth', rate)},
	{name: 'seed', words: flag('--seed')},
	{name: 'imageBytes', words: value => (value === null ? 'images of any size' : `--size ${formatBytes(Number(value))}`)},
];

/** JSON text with keys sorted: two values read from different files compare by content. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_, inner: unknown) => (typeof inner === 'object' && inner !== null && !Array.isArray(inner)
		? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
		: inner));
}

export type SettingDifferences = {
	/** "the baseline has 4 images, this race 8 images": one phrase per setting that differs. */
	readonly differences: readonly string[];
	/** Compared settings the baseline does not record (an older export): they cannot be checked. */
	readonly unrecorded: readonly string[];
};

/**
 * Which of the compared settings differ between a baseline's recorded `settings` and this race's. When the
 * image source differs only that is said: the server's settings follow from it.
 */
export function settingDifferences(baseline: Readonly<Record<string, unknown>>, race: Readonly<Record<string, unknown>>): SettingDifferences {
	const unrecorded = comparedSettings.filter(setting => !Object.hasOwn(baseline, setting.name)).map(setting => setting.name);
	const differing = comparedSettings.filter(setting => Object.hasOwn(baseline, setting.name) && canonical(baseline[setting.name]) !== canonical(race[setting.name] ?? null));
	const reported = differing.some(setting => setting.name === 'source') ? differing.filter(setting => setting.name === 'source') : differing;
	return {
		differences: reported.map(setting => `the baseline has ${setting.words(baseline[setting.name])}, this race ${setting.words(race[setting.name] ?? null)}`),
		unrecorded,
	};
}
