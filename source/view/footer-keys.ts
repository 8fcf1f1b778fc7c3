import {glyphs} from '../format/glyphs.js';
import type {SessionSnapshot} from './snapshot.js';

/** One key of the footer and what it does: "p parallel", "+/- ×8". */
export type FooterKey = {readonly key: string; readonly label: string};

export type FooterInput = {
	/** Each strategy's rerun key and name, in panel order (from the registry). */
	readonly strategies: ReadonlyArray<{readonly key: string; readonly name: string}>;
	/** Concurrency asked of the next run (footerConcurrency); 0 shows as auto. */
	readonly concurrency: number;
	readonly imageCount: number;
	/** Text after the keys ("quitting…"), counted against the width. */
	readonly status: string | undefined;
	readonly width: number;
	/** A chart is shown in place of the panels: the footer says how to get back. */
	readonly chart?: boolean;
};

/**
 * The width the footer says +/- starts from: the one asked for, or, with none asked, the one every
 * strategy whose width follows it takes by its own rule (--mode both: parallel's, one per image);
 * 0 when those differ (threads one per image, processes one per core), which the footer shows as auto.
 */
export function footerConcurrency(snapshot: Pick<SessionSnapshot, 'concurrency' | 'imageCount' | 'strategies'>): number {
	if (snapshot.concurrency > 0) {
		return snapshot.concurrency;
	}

	const widths = new Set(snapshot.strategies.filter(view => view.label.followsConcurrency).map(view => view.label.slots(0, snapshot.imageCount)));
	return widths.size === 1 ? [...widths][0]! : 0;
}

/** Spaces between two keys, and between the last key and the status. */
export const keyGap = 2;

/** Columns the footer's line takes: each key, a space and its label, then the status, with keyGap between them and none after the last. */
export function footerWidth(keys: readonly FooterKey[], status: string | undefined): number {
	const parts = [...keys.map(entry => `${entry.key} ${entry.label}`), ...(status ? [status] : [])];
	return parts.reduce((total, part) => total + [...part].length, 0) + (keyGap * Math.max(0, parts.length - 1));
}

function fits(keys: readonly FooterKey[], input: FooterInput): boolean {
	return footerWidth(keys, input.status) <= input.width;
}

/**
 * The footer's keys for the width: every strategy's key with its name while they fit ("s sequential
 * p parallel r both …"); otherwise the rerun keys together in panel order ("s p T k rerun r all …"),
 * so four strategies still fit 80 columns and none of the keys is cut off; on a narrower terminal
 * the chart keys together too ("t/h/g charts"). The chart keys come after quit: a footer too short
 * loses them, never quit; on a chart's screen, where that is still too wide (60 columns), "esc back"
 * comes first. Keys that still do not fit are left out whole, never cut. Pure.
 */
export function footerKeys(input: FooterInput): FooterKey[] {
	const {strategies, concurrency, imageCount} = input;
	const rest: FooterKey[] = [
		{key: 'r', label: strategies.length === 2 ? 'both' : 'all'},
		// 0: no width asked yet, so each strategy takes its own (the panel titles show it).
		{key: '+/-', label: concurrency > 0 ? `${glyphs.times}${concurrency}${concurrency >= imageCount ? ' (max)' : ''}` : `${glyphs.times}auto`},
		{key: 'q', label: 'quit'},
	];
	const back: FooterKey[] = input.chart ? [{key: 'esc', label: 'back'}] : [];
	const charts: FooterKey[] = [{key: 't', label: 'timeline'}, {key: 'h', label: 'histogram'}, {key: 'g', label: 'images'}, ...back];
	const named = [...strategies.map(strategy => ({key: strategy.key, label: strategy.name})), ...rest, ...charts];
	if (fits(named, input) || strategies.length === 0) {
		return named;
	}

	const grouped = [{key: strategies.map(strategy => strategy.key).join(' '), label: 'rerun'}, ...rest];
	const all = [...grouped, ...charts];
	if (fits(all, input)) {
		return all;
	}

	const compact = [...grouped, {key: 't/h/g', label: 'charts'}, ...back];
	// A chart on screen and no room for every key: the way back first, so a short footer loses chart keys, never it.
	return wholeKeys(fits(compact, input) || !input.chart ? compact : [...back, ...grouped, {key: 't/h/g', label: 'charts'}], input);
}

/** Keys a footer keeps however narrow: the way out, and on a chart's screen the way back. */
const kept = new Set(['q', 'esc']);

/**
 * The keys that fit whole, the last ones left out first but never quit or back: one cut mid-word
 * ("t/h/g ch…") tells nothing, and a footer without "q quit" leaves a user guessing how to leave.
 */
function wholeKeys(keys: readonly FooterKey[], input: FooterInput): FooterKey[] {
	const shown = [...keys];
	for (let at = shown.length - 1; at >= 0 && !fits(shown, input); at--) {
		if (!kept.has(shown[at]!.key)) {
			shown.splice(at, 1);
		}
	}

	return shown;
}
