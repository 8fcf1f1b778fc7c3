import {formatDuration} from '../format/format.js';
import {plural} from '../format/plural.js';
import type {StrategySide} from './verdict-sides.js';

/**
 * Why the winner won, in the race's own figures, or nothing when they do not show it. Each reason
 * must be true of these runs whatever they were: never text that would be said whatever happened.
 */

/** Downloads in flight at once, on average over the time any was: the images' download time over its span. */
export function overlap(side: StrategySide): number | undefined {
	return side.downloadSpanMs > 0 ? side.downloadSumMs / side.downloadSpanMs : undefined;
}

/** Cores kept busy on average: CPU time over wall time. */
export function busyCores(side: StrategySide): number | undefined {
	return side.cpuMs === undefined || !side.wall || side.wall.mean <= 0 ? undefined : side.cpuMs / side.wall.mean;
}

/** Cores the side's work could spread over: its pool's threads or processes, at most the machine's. */
export function coresUsed(side: StrategySide, cores: number): number {
	return Math.min(side.workers ?? cores, cores);
}

export const one = (value: number) => value.toFixed(1);

/** More than this many at once on average is overlapping; less than this many times the other's is no difference. */
const overlapping = 1.5;
const clearly = 1.25;
/** Shorter by less than this is not shorter: single runs on a shared machine are that noisy. */
const shorter = 1.1;

/** More downloads at once, when that made the downloading itself take less time (not when each was only stretched). */
function overlapReason(winner: StrategySide, against: StrategySide): string | undefined {
	const [mine, theirs] = [overlap(winner), overlap(against)];
	if (mine === undefined || theirs === undefined || mine < overlapping || mine < theirs * clearly || winner.downloadSpanMs * shorter > against.downloadSpanMs) {
		return undefined;
	}

	return `downloads overlapped (${one(mine)} at a time against ${one(theirs)})`;
}

function coresReason(winner: StrategySide, against: StrategySide, cores: number): string | undefined {
	const [mine, theirs] = [busyCores(winner), busyCores(against)];
	// Download work's CPU is the client's own: more of it busy says nothing about why a run was faster.
	if (winner.work === 'download' || mine === undefined || theirs === undefined || mine < 1.1 || mine < theirs * clearly) {
		return undefined;
	}

	return `${winner.work}s on ${plural(coresUsed(winner, cores), 'core')} (${one(mine)} busy against ${one(theirs)})`;
}

/** The loser's start-up, when it makes up most of what it lost by. */
function startupReason(winner: StrategySide, against: StrategySide): string | undefined {
	const lost = (against.wall?.mean ?? 0) - (winner.wall?.mean ?? 0);
	const extra = against.startupMs - winner.startupMs;
	if (lost <= 0 || extra < lost / 2) {
		return undefined;
	}

	return `${against.strategy} took ${formatDuration(against.startupMs)} to start`;
}

/** "downloads overlapped (7.6 at a time against 1.0), thumbnails on 2 cores (1.7 busy against 1.0)", or undefined. */
export function whyFaster(winner: StrategySide, against: StrategySide, cores: number): string | undefined {
	const reasons = [overlapReason(winner, against), coresReason(winner, against, cores), startupReason(winner, against)].filter(reason => reason !== undefined);
	return reasons.length === 0 ? undefined : reasons.slice(0, 2).join(', ');
}
