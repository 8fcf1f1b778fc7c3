import path from 'node:path';
import {fitText} from '../format/fit-text.js';
import {formatBytes} from '../format/format.js';
import type {Glyphs} from '../format/glyphs.js';
import {displayText} from '../format/safe-text.js';
import type {ImageRecord, RunRecord} from '../model/run-record.js';
import {thumbnailName} from '../work/place-thumbnail.js';

/** A picture a cell shows: the saved file, and which of the image's pictures it is. */
export type GalleryPicture = {
	/** Identifies the picture across frames and runs: run, image, original or thumbnail. */
	readonly key: string;
	readonly file: string;
	readonly kind: 'original' | 'thumbnail';
	/** Shown in the picture's place while it is drawn: the caption's number ("#3"), never the key. */
	readonly alt: string;
};

/** One image of one run: its caption, and its pictures or, failed, its reason. */
export type GalleryCell = {
	readonly index: number;
	/** Under the picture, fitted to the cell: "#3 72.5 kB", then "800×600". */
	readonly caption: readonly [string, string];
	/** The original, then its thumbnail when --work thumbnail made one; none for an image not saved. */
	readonly pictures: readonly GalleryPicture[];
	/** In place of a picture: a failed image's reason (sanitized), "not yet", "aborted"; lines that fit. */
	readonly text: readonly string[];
	readonly failed: boolean;
};

export type GallerySection = {
	/** "Sequential · out/sequential · 4 images", fitted to the width. */
	readonly title: string;
	/** This page's rows of this strategy's cells. */
	readonly rows: ReadonlyArray<readonly GalleryCell[]>;
};

/** The gallery's geometry: every cell alike. */
export type GalleryGeometry = {
	/** Columns and rows of one picture. */
	readonly pictureWidth: number;
	readonly pictureHeight: number;
	/** Columns of a cell: one picture, or a picture and its thumbnail side by side. */
	readonly cellWidth: number;
	/** Cells in a row of the grid. */
	readonly perRow: number;
};

export type GalleryScreen = GalleryGeometry & {
	/** "Images · page 1/2 · g next page · esc back"; on the last page "g back". */
	readonly heading: string;
	readonly sections: readonly GallerySection[];
	readonly page: number;
	readonly pages: number;
};

export type GalleryInput = {
	/** The latest run of each strategy, in panel order, with the title the panel shows. */
	readonly runs: ReadonlyArray<{readonly title: string; readonly record: RunRecord}>;
	readonly columns: number;
	/** Lines the gallery may take. */
	readonly height: number;
	readonly page: number;
	readonly glyphs: Glyphs;
};

/** Columns between two cells. */
export const cellGap = 1;

/** Lines of a caption, under each picture. */
export const captionLines = 2;

/**
 * The size of a picture for the terminal: about 2:1 columns to rows (a cell is about twice as tall as
 * it is wide, so the picture comes out about square), smaller on a small terminal.
 */
export function galleryGeometry(columns: number, height: number, thumbnails: boolean): GalleryGeometry {
	const pictureHeight = Math.max(2, Math.min(7, Math.floor((height - 4) / 2)));
	const pictureWidth = Math.max(4, Math.min(pictureHeight * 2 + 2, Math.floor((columns - cellGap) / (thumbnails ? 2 : 1)) - cellGap));
	const cellWidth = thumbnails ? (pictureWidth * 2) + 1 : pictureWidth;
	return {pictureWidth, pictureHeight, cellWidth, perRow: Math.max(1, Math.floor((columns + cellGap) / (cellWidth + cellGap)))};
}

/** The thumbnail --work thumbnail wrote beside a saved image, when it made one. */
export function thumbnailOf(record: Pick<RunRecord, 'work'>, image: Pick<ImageRecord, 'status' | 'path' | 'workSkipped'>): string | undefined {
	if (record.work !== 'thumbnail' || image.status !== 'done' || image.path === undefined || image.workSkipped !== undefined) {
		return undefined;
	}

	return path.join(path.dirname(image.path), thumbnailName(path.basename(image.path)));
}

/** Words of `text` in lines of at most `width` columns, at most `lines` of them (the last cut). */
function wrap(text: string, width: number, lines: number, set: Glyphs): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line === '' ? word : `${line} ${word}`;
		if ([...next].length <= width || line === '') {
			line = next;
		} else {
			out.push(line);
			line = word;
		}
	}

	if (line !== '') {
		out.push(line);
	}

	const kept = out.slice(0, lines);
	if (out.length > lines) {
		kept[lines - 1] = `${kept[lines - 1]!} ${set.ellipsis}`;
	}

	return kept.map(each => fitText(each, width, 'left', set));
}

const stateText: Readonly<Record<ImageRecord['status'], string>> = {queued: 'not yet', running: 'downloading', done: '', failed: '', aborted: 'aborted'};

/** One image's cell: caption, pictures, or the text in their place. Pure. */
export function galleryCell(record: RunRecord, image: ImageRecord, geometry: GalleryGeometry, set: Glyphs): GalleryCell {
	const size = image.bytes === undefined ? '' : ` ${formatBytes(image.bytes)}`;
	const dimensions = image.width === undefined || image.height === undefined ? '' : `${image.width}${set.times}${image.height}`;
	const failed = image.status === 'failed';
	const caption = [fitText(`#${image.index + 1}${failed ? ` ${set.failed} failed` : size}`, geometry.cellWidth, 'left', set), fitText(failed ? '' : dimensions, geometry.cellWidth, 'left', set)] as const;
	const pictures: GalleryPicture[] = [];
	if (image.status === 'done' && image.path !== undefined) {
		const alt = `#${image.index + 1}`;
		pictures.push({key: `${record.runId}:${image.index}:original`, file: image.path, kind: 'original', alt});
		const thumbnail = thumbnailOf(record, image);
		if (thumbnail) {
			pictures.push({key: `${record.runId}:${image.index}:thumbnail`, file: thumbnail, kind: 'thumbnail', alt});
		}
	}

	const why = failed ? displayText(`${set.failed} ${image.error ?? image.code ?? 'failed'}`, 200) : stateText[image.status];
	return {index: image.index, caption, pictures, text: why === '' ? [] : wrap(why, geometry.cellWidth, geometry.pictureHeight, set), failed};
}

/**
 * The gallery for the terminal: a section per strategy (its title, then its images in a grid of
 * cells, a caption under each picture), paged so that no page is taller than `height`; a section
 * longer than a page goes on over the next. Pure.
 */
export function galleryScreen(input: GalleryInput): GalleryScreen {
	const {glyphs: set, columns} = input;
	const thumbnails = input.runs.some(({record}) => record.work === 'thumbnail');
	const geometry = galleryGeometry(columns, input.height, thumbnails);
	const rowHeight = geometry.pictureHeight + captionLines;
	// The heading takes the first line of every page.
	const room = Math.max(rowHeight + 1, input.height - 1);
	const pages: GallerySection[][] = [[]];
	let used = 0;
	for (const {title, record} of input.runs) {
		const cells = record.images.map(image => galleryCell(record, image, geometry, set));
		const folder = displayText(record.outDir, 60);
		const heading = `${title} ${set.separator} ${folder} ${set.separator} ${cells.length} image${cells.length === 1 ? '' : 's'}`;
		let section: {title: string; rows: GalleryCell[][]} | undefined;
		for (let at = 0; at < cells.length || (at === 0 && cells.length === 0); at += geometry.perRow) {
			const needs = rowHeight + (section ? 0 : 1);
			if (used + needs > room && used > 0) {
				pages.push([]);
				used = 0;
				section = undefined;
			}

			if (!section) {
				section = {title: fitText(pages.length > 1 && at > 0 ? `${heading} (continued)` : heading, columns, 'left', set), rows: []};
				pages.at(-1)!.push(section);
				used += 1;
			}

			if (cells.length > 0) {
				section.rows.push(cells.slice(at, at + geometry.perRow));
				used += rowHeight;
			}
		}
	}

	const page = Math.min(Math.max(0, input.page), pages.length - 1);
	// g after the last page closes the gallery, as h does the histograms: the note says so there.
	const next = page + 1 < pages.length ? 'g next page' : 'g back';
	const pageNote = pages.length > 1 ? ` ${set.separator} page ${page + 1}/${pages.length} ${set.separator} ${next}` : '';
	return {
		...geometry,
		heading: fitText(`Images${pageNote} ${set.separator} esc back`, columns, 'left', set),
		sections: pages[page]!,
		page,
		pages: pages.length,
	};
}
