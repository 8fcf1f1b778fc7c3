import type {ImageRecord, ImageStatus} from './image-record.js';

/** Images of a run by status. */
export type StatusCounts = {
	queued: number;
	running: number;
	done: number;
	failed: number;
	aborted: number;
};

export function emptyCounts(): StatusCounts {
	return {queued: 0, running: 0, done: 0, failed: 0, aborted: 0};
}

/** Finished in ascending (endMs, index) order: the most recent is last. */
function finishedBefore(a: ImageRecord, b: ImageRecord): boolean {
	const aEnd = a.endMs ?? Number.NEGATIVE_INFINITY;
	const bEnd = b.endMs ?? Number.NEGATIVE_INFINITY;
	return aEnd < bEnd || (aEnd === bEnd && a.index < b.index);
}

/**
 * Which images of a run deserve a row, kept up to date as statuses change so that ranking the top
 * rows costs O(rows shown + images in flight) instead of sorting every image: the in-flight set, the
 * finished images in finishing order (failures apart), a cursor on the first queued image, and the
 * counts by status. Owned by its run record, whose fold (applyEvent) tells it about every status
 * change (`moved`); anything unusual (an abort, a status going backwards) rebuilds it from the images
 * once, on next use. Until first used it only marks itself stale, so runs nobody shows pay nothing.
 */
export class RowIndex {
	readonly counts: StatusCounts = emptyCounts();
	private readonly running = new Set<number>();
	private readonly done: number[] = [];
	private readonly failed: number[] = [];
	/** Aborted after they started (index order). */
	private readonly interrupted: number[] = [];
	/** Aborted before they started (index order). */
	private readonly notStarted: number[] = [];
	private queuedCursor = 0;
	private stale = true;

	constructor(private readonly images: readonly ImageRecord[]) {}

	/** Aborted images that never started. */
	get neverStarted(): number {
		this.refresh();
		return this.notStarted.length;
	}

	/** Image `index` went from status `from` to its current status. */
	moved(index: number, from: ImageStatus): void {
		if (this.stale) {
			return;
		}

		const image = this.images[index];
		if (!image || image.status === from) {
			return;
		}

		const to = image.status;
		const ordinary = (from === 'queued' || from === 'running') && to !== 'queued' && to !== 'aborted';
		if (!ordinary) {
			this.stale = true;
			return;
		}

		this.counts[from]--;
		this.counts[to]++;
		if (from === 'running') {
			this.running.delete(index);
		}

		if (to === 'running') {
			this.running.add(index);
		} else {
			insertSorted(to === 'failed' ? this.failed : this.done, image, this.images);
		}
	}

	/** Many images changed at once (run aborted): rebuild on next use. */
	invalidate(): void {
		this.stale = true;
	}

	/** The `limit` images most deserving a row, best first (see windowRanked in view/row-window.ts). */
	ranked(limit: number): ImageRecord[] {
		this.refresh();
		const images = this.images;
		const result: ImageRecord[] = [];
		if (limit <= 0) {
			return result;
		}

		const running = [...this.running];
		if (running.length > 1) {
			running.sort((a, b) => a - b);
		}

		for (const index of running) {
			if (result.length >= limit) {
				return result;
			}

			result.push(images[index]!);
		}

		for (const list of [this.failed, this.done]) {
			for (let at = list.length - 1; at >= 0 && result.length < limit; at--) {
				result.push(images[list[at]!]!);
			}
		}

		for (const index of this.interrupted) {
			if (result.length >= limit) {
				return result;
			}

			result.push(images[index]!);
		}

		while (this.queuedCursor < images.length && images[this.queuedCursor]!.status !== 'queued') {
			this.queuedCursor++;
		}

		for (let index = this.queuedCursor; index < images.length && result.length < limit; index++) {
			const image = images[index]!;
			if (image.status === 'queued') {
				result.push(image);
			}
		}

		for (const index of this.notStarted) {
			if (result.length >= limit) {
				return result;
			}

			result.push(images[index]!);
		}

		return result;
	}

	private refresh(): void {
		if (!this.stale) {
			return;
		}

		this.stale = false;
		Object.assign(this.counts, emptyCounts());
		this.running.clear();
		this.done.length = 0;
		this.failed.length = 0;
		this.interrupted.length = 0;
		this.notStarted.length = 0;
		this.queuedCursor = 0;
		const finished: ImageRecord[] = [];
		for (const image of this.images) {
			this.counts[image.status]++;
			switch (image.status) {
				case 'running': {
					this.running.add(image.index);
					break;
				}

				case 'aborted': {
					(image.startMs === undefined ? this.notStarted : this.interrupted).push(image.index);
					break;
				}

				case 'done':
				case 'failed': {
					finished.push(image);
					break;
				}

				default:
			}
		}

		finished.sort((a, b) => (finishedBefore(a, b) ? -1 : (finishedBefore(b, a) ? 1 : 0)));
		for (const image of finished) {
			(image.status === 'failed' ? this.failed : this.done).push(image.index);
		}
	}
}

/** Append in order; an image finishing out of order (rare) is inserted where it belongs. */
function insertSorted(list: number[], image: ImageRecord, images: readonly ImageRecord[]): void {
	let at = list.length;
	while (at > 0 && finishedBefore(image, images[list[at - 1]!]!)) {
		at--;
	}

	if (at === list.length) {
		list.push(image.index);
	} else {
		list.splice(at, 0, image.index);
	}
}
