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
 * One row for several images: where any of them failed, the failure mark; elsewhere the phase most
 * of them are busy in at that column (ties go to the later phase). Waiting shows only where all that
 * have begun are still queued, so a sequential bin shows its one busy image rather than the queue.
 * Blank where none has begun or all have ended.
 */
export function binCells(rows: readonly Cell[][], columns: number): Cell[] {
	const merged: Cell[] = [];
	for (let column = 0; column < columns; column++) {
		const counts = new Map<PhaseName, number>();
		let failed = false;
		for (const row of rows) {
			const cell = row[column];
			if (cell === 'failed') {
				failed = true;
			} else if (cell !== undefined) {
				counts.set(cell, (counts.get(cell) ?? 0) + 1);
			}
		}

		let best: PhaseName | undefined;
		for (const name of phaseNames) {
			const count = counts.get(name) ?? 0;
			if (name !== 'queued' && count > 0 && count >= (best === undefined ? 0 : counts.get(best)!)) {
				best = name;
			}
		}

		merged.push(failed ? 'failed' : (best ?? (counts.has('queued') ? 'queued' : undefined)));
	}

	return merged;
}
