import type {StrategyRole} from '../engine/names.js';
import {formatDuration, formatRatio} from '../format/format.js';
import {plural} from '../format/plural.js';
import type {StrategySide} from './verdict-sides.js';
import {busyCores, coresUsed, one} from './verdict-why.js';
import {widthLabel} from './width-label.js';

/**
 * The seed's claim, "network-bound work wants threads; computational work wants processes", tested
 * on one race: at most two sentences, each from the race's own figures, each only where the race has
 * the runs to say it. Which strategy stands for what comes from its role, never its name.
 */

/** Faster by less than this is "no faster": single runs on a shared machine are that noisy. */
const noiseRatio = 1.1;

function fastest(sides: readonly StrategySide[], time: (side: StrategySide) => number): StrategySide | undefined {
	return sides.reduce<StrategySide | undefined>((best, side) => (best === undefined || time(side) < time(best) ? side : best), undefined);
}

/** "parallel×8", "sequential": each strategy with its width, as the verdict names it. */
const named = (side: StrategySide) => widthLabel(side.strategy, side.role, side.concurrency);

const hasRole = (...roles: StrategyRole[]) => (side: StrategySide) => roles.includes(side.role);

/**
 * How long a run took over its downloads: a download race is its downloads, so its wall time (less the
 * workers' start-up, `started`); with work after each download, the time any download was in flight
 * (which begins once the workers are up).
 */
function downloadTime(side: StrategySide, started = false): number {
	return side.work === 'download' ? side.wall!.mean - (started ? side.startupMs : 0) : side.downloadSpanMs;
}

/** More of a pool's downloading than this share happened before its last worker was up: its start-up overlapped the work. */
const startOverlapShare = 0.25;

/** Whether a pooled run downloaded much while its workers were still starting (its downloads' time, less the time after start-up). */
function startOverlapped(side: StrategySide): boolean {
	return side.work === 'download' && side.startupMs > 0 && side.downloadSpanMs - downloadTime(side, true) > startOverlapShare * side.downloadSpanMs;
}

/**
 * "Waiting on the network: overlapping the downloads made them 7.9× faster (parallel); threads did as
 * well once started (460ms to start)." Needs a one-at-a-time run to measure against; the overlap is
 * the one-thread kind's (the event loop's) where one ran, which threads are then held against.
 */
function waitingSentence(sides: readonly StrategySide[], pair: readonly StrategySide[]): string | undefined {
	const base = sides.find(hasRole('one-at-a-time'));
	const others = sides.filter(side => side !== base);
	const oneThread = others.filter(hasRole('event-loop', 'pipeline'));
	const best = fastest(oneThread.length > 0 ? oneThread : others, side => downloadTime(side));
	// One image at a time (a race of one image: every width is 1), nothing overlapped: no test of the claim.
	if (!base || !best || downloadTime(best) <= 0 || best.concurrency <= 1) {
		return undefined;
	}

	const speed = downloadTime(base) / downloadTime(best);
	const main = speed >= noiseRatio
		? `overlapping the downloads made them ${formatRatio(speed)} faster (${named(best)})`
		: `overlapping the downloads did not make them faster (${base.strategy} ${formatDuration(downloadTime(base))} vs ${best.strategy} ${formatDuration(downloadTime(best))})`;
	const threads = best.role === 'workers' ? undefined : fastest(others.filter(hasRole('workers')), side => downloadTime(side, true));
	let clause = '';
	if (threads && startOverlapped(threads)) {
		// Its workers came up one after another, each downloading as it did: "once started" would time
		// only the tail after the last (40 processes on 2 cores: 2.31 s to start, a run of 2.31 s).
		const slower = downloadTime(threads) / downloadTime(best);
		const start = `downloading while its workers started, ${formatDuration(threads.startupMs)} until all were up`;
		clause = slower <= noiseRatio ? `; ${named(threads)} did as well (${start})` : `; ${named(threads)} took ${formatRatio(slower)} as long (${start})`;
	} else if (threads) {
		const slower = downloadTime(threads, true) / downloadTime(best);
		const start = threads.startupMs > 0 ? ` (${formatDuration(threads.startupMs)} to start)` : '';
		clause = slower <= noiseRatio ? `; ${named(threads)} did as well once started${start}` : `; ${named(threads)} took ${formatRatio(slower)} as long even once started${start}`;
	}

	// Between the same two runs, over the same times, the verdict has said it already.
	const same = pair.includes(base) && pair.includes(best) && base.work === 'download';
	return same && clause === '' ? undefined : `Waiting on the network: ${main}${clause}.`;
}

/**
 * "Computing: 2 cores made it 1.9× faster than one thread (pipeline kept 1.7 cores busy, parallel
 * 1.0)." Only with work after the downloads, and an event-loop run (one thread computing) to hold
 * the runs that compute on more against.
 */
function computingSentence(sides: readonly StrategySide[], cores: number): string | undefined {
	const loop = sides.find(hasRole('event-loop'));
	const best = fastest(sides.filter(hasRole('workers', 'pipeline')), side => side.wall!.mean);
	if (!loop || !best || loop.work === 'download') {
		return undefined;
	}

	const speed = loop.wall!.mean / best.wall!.mean;
	const [mine, theirs] = [busyCores(best), busyCores(loop)];
	const n = coresUsed(best, cores);
	if (speed < noiseRatio) {
		return `Computing: ${named(best)} on ${plural(n, 'core')} was no faster than ${named(loop)} on one thread (${best.strategy} ${formatDuration(best.wall!.mean)} vs ${loop.strategy} ${formatDuration(loop.wall!.mean)}).`;
	}

	if (mine === undefined || theirs === undefined) {
		return `Computing: ${named(best)} was ${formatRatio(speed)} faster than ${named(loop)} on one thread.`;
	}

	return mine >= noiseRatio && mine >= theirs * 1.2
		? `Computing: ${plural(n, 'core')} made it ${formatRatio(speed)} faster than one thread (${named(best)} kept ${one(mine)} cores busy, ${named(loop)} ${one(theirs)}).`
		: `Computing: ${named(best)} was ${formatRatio(speed)} faster than ${named(loop)} on one thread, with ${one(mine)} cores busy against ${one(theirs)}.`;
}

/**
 * At most two sentences on the seed's claim, from `sides` that all ran to the end (the verdict's).
 * `pair` is the verdict's winner and runner-up: a sentence that would only repeat the verdict is left out.
 */
export function claimSentences(sides: readonly StrategySide[], cores: number, pair: readonly StrategySide[] = []): string[] {
	return [waitingSentence(sides, pair), computingSentence(sides, cores)].filter(sentence => sentence !== undefined);
}
