import {phaseMs, phaseNames, type ImagePhases, type PhaseName} from './phases.js';

export type TimelineImage = {
	/** 0-based; shown 1-based, as the rows show it. */
	readonly index: number;
	/** When its first phase began, ms from its strategy's start; default endMs − the phases' sum (0 when they add up to endMs). */
	readonly startMs?: number;
	readonly endMs: number;
	readonly failed?: boolean;
	readonly phases: ImagePhases;
};

/** What a cell shows: a phase, the failure mark, or nothing (before the image began or after it ended). */
export type Cell = PhaseName | 'failed' | undefined;

export function phasesTotalMs(phases: ImagePhases): number {
	let total = 0;
	for (const name of phaseNames) {
		total += phaseMs(phases, name);
	}

	return total;
}

export function imageOriginMs(image: TimelineImage): number {
	const origin = image.startMs ?? (image.endMs - phasesTotalMs(image.phases));
	return Number.isFinite(origin) && origin > 0 ? origin : 0;
}

/**
 * The image's phases as `columns` cells, `msPerColumn` each. A phase covers the columns from its
 * rounded start to its rounded end, and a nonzero phase always gets at least one cell (pushing the
 * later ones right, or, at the right edge, the earlier ones left): a 2 ms connect in a 10 s chart still
 * shows. Zero-length phases take no cell. A failed image ends in the failure mark.
 */
export function imageCells(image: TimelineImage, msPerColumn: number, columns: number): Cell[] {
	const cells: Cell[] = Array.from({length: columns}, () => undefined);
	if (columns <= 0) {
		return cells;
	}

	const origin = imageOriginMs(image);
	const start = Math.min(columns - 1, Math.round(origin / msPerColumn));
	const spans: Array<{name: PhaseName; end: number}> = [];
	let elapsed = origin;
	let previous = start;
	for (const name of phaseNames) {
		const ms = phaseMs(image.phases, name);
		if (ms === 0) {
			continue;
		}

		elapsed += ms;
		previous = Math.max(previous + 1, Math.round(elapsed / msPerColumn));
		spans.push({name, end: previous});
	}

	// Pushed past the edge: pull back from the right, each span still at least one cell where there is room.
	let limit = columns;
	for (let index = spans.length - 1; index >= 0; index--) {
		const span = spans[index]!;
		span.end = Math.max(0, Math.min(span.end, limit));
		limit = Math.max(0, span.end - 1);
	}

	let from = Math.min(start, spans[0] ? Math.max(0, spans[0].end - 1) : start);
	for (const span of spans) {
		for (let column = from; column < span.end; column++) {
			cells[column] = span.name;
		}

		from = Math.max(from, span.end);
	}

	if (image.failed) {
		const last = spans.at(-1)?.end ?? start + 1;
		cells[Math.max(0, Math.min(columns - 1, last - 1))] = 'failed';
	}

	return cells;
}

/**
 * One row for several images, each column the phase they spent most of its time in, their ms summed
 * (queued only where none of them did anything else, so a sequential bin shows its one busy image
 * rather than the queue); the failure mark in the column where one of them failed. Blank where none
 * has begun or all have ended. By time, not by the images' own cells: those give every short phase a
 * cell of its own, so an image of 200 ms in a column of 175 ms took five, and a bin of a sequential
 * run read as one long "write" (1 ms each) where its images were receiving.
 */
export function binCells(images: readonly TimelineImage[], msPerColumn: number, columns: number): Cell[] {
	if (columns <= 0 || !(msPerColumn > 0)) {
		return Array.from({length: Math.max(0, columns)}, () => undefined);
	}

	// Per phase, the ms spent in each column: a column's share of an interval's ends added directly, the
	// whole columns between them through a difference array, so an image costs O(phases), not O(columns)
	// (10,000 images of a parallel run each span the whole chart, redrawn while the run goes on).
	const ends = phaseNames.map(() => new Float64Array(columns));
	const whole = phaseNames.map(() => new Float64Array(columns + 1));
	const failedAt = new Set<number>();
	const column = (ms: number) => Math.max(0, Math.min(columns - 1, Math.floor(ms / msPerColumn)));
	for (const image of images) {
		let from = imageOriginMs(image);
		for (const [phase, name] of phaseNames.entries()) {
			const to = from + phaseMs(image.phases, name);
			if (to > from) {
				const [first, last] = [column(from), column(to)];
				if (first === last) {
					ends[phase]![first]! += to - from;
				} else {
					ends[phase]![first]! += ((first + 1) * msPerColumn) - from;
					ends[phase]![last]! += Math.max(0, to - (last * msPerColumn));
					whole[phase]![first + 1]! += 1;
					whole[phase]![last]! -= 1;
				}
			}

			from = to;
		}

		if (image.failed) {
			failedAt.add(column(Math.max(0, from - (msPerColumn / 2))));
		}
	}

	const running = phaseNames.map(() => 0);
	const queued = phaseNames.indexOf('queued');
	return Array.from({length: columns}, (_, index): Cell => {
		let best = -1;
		let bestMs = 0;
		let anyQueued = false;
		for (let phase = 0; phase < phaseNames.length; phase++) {
			running[phase]! += whole[phase]![index]!;
			const ms = ends[phase]![index]! + (running[phase]! * msPerColumn);
			if (ms <= 0) {
				continue;
			}

			if (phase === queued) {
				anyQueued = true;
			} else if (ms > bestMs) {
				[best, bestMs] = [phase, ms];
			}
		}

		if (failedAt.has(index)) {
			return 'failed';
		}

		return best >= 0 ? phaseNames[best] : (anyQueued ? 'queued' : undefined);
	});
}
