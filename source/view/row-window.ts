import type {ImageStatus} from '../model/image-record.js';

/** The fields of an image windowing looks at. */
export type WindowedImage = {
	readonly index: number;
	readonly status: ImageStatus;
	/** When it finished (run-relative ms), for "most recent first". */
	readonly endMs: number | undefined;
	/** When it started; aborted rows that never started matter least. */
	readonly startMs?: number | undefined;
};

/** Rows collapsed into one line, by status. */
export type HiddenCounts = {
	readonly done: number;
	readonly failed: number;
	readonly aborted: number;
	readonly running: number;
	readonly queued: number;
};

const noneHidden: HiddenCounts = {done: 0, failed: 0, aborted: 0, running: 0, queued: 0};

export function hiddenTotal(counts: HiddenCounts): number {
	return counts.done + counts.failed + counts.aborted + counts.running + counts.queued;
}

/** Done and failed rows collapse above the window; in-flight, queued and aborted ones below it. */
function isFinished(status: ImageStatus): boolean {
	return status === 'done' || status === 'failed';
}

/** Rows ranked best first (see windowRanked), the shown ones sorted back into index order. */
export type RankedWindow<T extends WindowedImage> = {
	/** The rows shown, ascending by index. */
	readonly visible: readonly T[];
	/** Finished rows not shown: one line above the rows. */
	readonly before: HiddenCounts | undefined;
	/** In-flight and queued rows not shown: one line below the rows. */
	readonly after: HiddenCounts | undefined;
	/** Lines the window takes (rows plus collapsed lines); never more than the budget. */
	readonly lines: number;
};

function countHidden(counts: HiddenCounts, shown: readonly WindowedImage[], finished: boolean): HiddenCounts | undefined {
	const hidden = {...noneHidden};
	for (const status of ['done', 'failed', 'aborted', 'running', 'queued'] as const) {
		if (isFinished(status) === finished) {
			hidden[status] = counts[status];
		}
	}

	for (const image of shown) {
		if (isFinished(image.status) === finished) {
			hidden[image.status]--;
		}
	}

	return hiddenTotal(hidden) > 0 ? hidden : undefined;
}

/**
 * Which rows of a run fit in `budget` lines. All of them when they fit; otherwise the best ranked
 * first (RowIndex ranks in-flight rows first, then the most recently finished, failures before
 * successes, then those an abort cut short, then the next queued, then those an abort kept from
 * starting), with the rest collapsed into a count above (done, failed) and below (in flight, queued,
 * aborted). `ranked` may stop after the most rows a screen could show; `counts` are the run's images
 * by status and `total` their number. O(ranked rows).
 */
export function windowRanked<T extends WindowedImage>(ranked: readonly T[], counts: HiddenCounts, total: number, budget: number): RankedWindow<T> {
	const lines = Math.max(0, Math.floor(budget));
	const byIndex = (a: T, b: T) => a.index - b.index;
	if (total <= lines && ranked.length >= total) {
		return {visible: ranked.slice(0, total).sort(byIndex), before: undefined, after: undefined, lines: total};
	}

	if (lines === 0) {
		return {visible: [], before: undefined, after: undefined, lines: 0};
	}

	// Every line given is used (a line left blank is one the summary could have had): rows and the
	// collapsed lines they need, or with one line and both kinds hidden, one line that counts everything.
	for (let reserve = 0; reserve <= Math.min(2, lines); reserve++) {
		const shown = ranked.slice(0, lines - reserve);
		const before = countHidden(counts, shown, true);
		const after = countHidden(counts, shown, false);
		const needed = (before ? 1 : 0) + (after ? 1 : 0);
		if (needed <= reserve) {
			return {visible: shown.sort(byIndex), before, after, lines: shown.length + needed};
		}
	}

	return {visible: [], before: {...counts}, after: undefined, lines: 1};
}
