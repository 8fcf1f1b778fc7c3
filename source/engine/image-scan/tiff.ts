import {DownloadError} from '../errors.js';
import {imageKind, type ImageInfo} from '../image-check.js';
import {OffsetReads} from './offset-reads.js';
import type {BodyEnd, FormatWalker} from './walker.js';

/** Tables that precede their directory by up to this much can still be read (libtiff writes them after). */
const windowBytes = 256 * 1024;
/** Directories followed at most (pages, reduced-resolution copies); a longer chain is not followed further. */
const maxDirectories = 1024;
/** Entries one directory may have: TIFF defines fewer than 100 tags; a larger count is not a TIFF. */
const maxEntries = 4096;
/** A strip or tile table larger than this (over 262,144 strips of 4 bytes) is refused, so memory stays bounded. */
const maxTableBytes = 1024 * 1024;

const tags = {width: 256, height: 257, stripOffsets: 273, stripByteCounts: 279, tileOffsets: 324, tileByteCounts: 325};

/** Classic TIFF (2-byte counts, 12-byte entries, 4-byte offsets) or BigTIFF (8, 20, 8). */
type Layout = {readonly little: boolean; readonly big: boolean};

/** Bytes per value of the integer types an offset or size may have: SHORT, LONG, LONG8. */
const integerSizes: Readonly<Record<number, number>> = {3: 2, 4: 4, 16: 8};
/** Bytes per value of every field type (BYTE, ASCII, SHORT, LONG, RATIONAL, … LONG8, SLONG8, IFD8). */
const typeSizes: Readonly<Record<number, number>> = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8};

function notTiff(why: string): DownloadError {
	return DownloadError.notImage(`corrupt TIFF (${why})`);
}

/** An unsigned integer of `size` bytes (2, 4 or 8) at `at`, in the file's byte order. */
function uint(b: Uint8Array, at: number, size: number, little: boolean): number {
	let value = 0;
	for (let k = 0; k < size; k++) {
		value = (value * 256) + b[little ? at + size - 1 - k : at + k]!;
	}

	return value;
}

/** One entry's values: where they sit (inline in the entry, or at an offset) and how wide each is. */
type Entry = {readonly tag: number; readonly count: number; readonly size: number; readonly inline?: Uint8Array; readonly offset: number};

/**
 * Walks a TIFF by its offsets as the body streams past: the header names the first directory (IFD),
 * which may sit anywhere (ImageMagick writes it after the image data); each directory names its
 * strips or tiles and the next directory. Complete means every directory arrived and every strip and
 * tile it names, and every value stored outside its entry, lies within the body. Only the directories
 * and the strip and tile tables are copied.
 */
export class TiffWalker implements FormatWalker {
	private readonly reads = new OffsetReads(windowBytes, offset => notTiff(`data at byte ${offset} lies more than ${windowBytes / 1024} KiB before the directory that names it`));
	private layout: Layout = {little: true, big: false};
	private width = 0;
	private height = 0;
	/** Where the furthest strip or tile named so far ends. */
	private dataEnd = 0;
	private readonly directories = new Set<number>();

	constructor() {
		this.reads.want(0, 8, head => {
			this.header(head);
		});
	}

	walk(b: Uint8Array, start: number): void {
		this.reads.push(start === 0 ? b : b.subarray(start));
	}

	finish({total}: BodyEnd): ImageInfo {
		const waiting = this.reads.waitingFor;
		if (waiting !== undefined) {
			throw DownloadError.cutShort(`TIFF ends at byte ${total}, before byte ${waiting} its structure names`);
		}

		if (this.dataEnd > total) {
			throw DownloadError.cutShort(`TIFF image data runs to byte ${this.dataEnd}, the body ends at ${total}`);
		}

		return {...imageKind('tiff'), width: this.width, height: this.height};
	}

	private header(head: Uint8Array): void {
		const little = head[0] === 0x49;
		const version = uint(head, 2, 2, little);
		this.layout = {little, big: version === 43};
		if (!this.layout.big) {
			this.directory(uint(head, 4, 4, little));
			return;
		}

		// BigTIFF: offset size 8, then the first directory's 8-byte offset.
		this.reads.want(8, 8, rest => {
			this.directory(uint(rest, 0, 8, little));
		});
	}

	/** Read the directory at `offset`: its entry count, then its entries and the next directory's offset. */
	private directory(offset: number): void {
		if (this.directories.has(offset) || offset < 8) {
			throw notTiff(`directory at ${offset}`);
		}

		this.directories.add(offset);
		const {big, little} = this.layout;
		const countSize = big ? 8 : 2;
		this.reads.want(offset, countSize, countBytes => {
			const count = uint(countBytes, 0, countSize, little);
			if (count === 0 || count > maxEntries) {
				throw notTiff(`${count} directory entries`);
			}

			const entrySize = big ? 20 : 12;
			this.reads.want(offset + countSize, (count * entrySize) + (big ? 8 : 4), entries => {
				this.entries(entries, count, entrySize);
			});
		});
	}

	private entries(b: Uint8Array, count: number, entrySize: number): void {
		const {big, little} = this.layout;
		const found = new Map<number, Entry>();
		const fieldSize = big ? 8 : 4;
		for (let at = 0; at < count * entrySize; at += entrySize) {
			const tag = uint(b, at, 2, little);
			const type = uint(b, at + 2, 2, little);
			const entryCount = uint(b, at + 4, fieldSize, little);
			const field = at + (big ? 12 : 8);
			const fits = entryCount * (typeSizes[type] ?? 1) <= fieldSize;
			const offset = fits ? 0 : uint(b, field, fieldSize, little);
			// Every value stored outside its entry (bits per sample, colour map…) is part of the image too.
			this.dataEnd = Math.max(this.dataEnd, offset + (fits ? 0 : entryCount * (typeSizes[type] ?? 1)));
			const size = integerSizes[type];
			if (Object.values(tags).includes(tag) && size !== undefined) {
				found.set(tag, {tag, count: entryCount, size, offset, ...(fits ? {inline: b.subarray(field, field + fieldSize)} : {})});
			}
		}

		const first = this.directories.size === 1;
		if (first) {
			this.dimensions(found);
		}

		const offsets = found.get(tags.stripOffsets) ?? found.get(tags.tileOffsets);
		const sizes = found.get(tags.stripByteCounts) ?? found.get(tags.tileByteCounts);
		if (offsets && sizes && offsets.count === sizes.count) {
			this.tables(offsets, sizes);
		} else if (first || offsets || sizes) {
			throw notTiff('no strip or tile table with its byte counts');
		}

		const next = uint(b, count * entrySize, big ? 8 : 4, little);
		if (next !== 0 && this.directories.size < maxDirectories) {
			this.directory(next);
		}
	}

	private dimensions(found: ReadonlyMap<number, Entry>): void {
		const width = found.get(tags.width);
		const height = found.get(tags.height);
		this.width = width?.inline ? uint(width.inline, 0, width.size, this.layout.little) : 0;
		this.height = height?.inline ? uint(height.inline, 0, height.size, this.layout.little) : 0;
		if (this.width === 0 || this.height === 0) {
			throw DownloadError.notImage('TIFF without dimensions');
		}
	}

	/** Once both tables of a directory are here: where its last strip or tile ends. */
	private tables(offsets: Entry, sizes: Entry): void {
		let offsetTable: Uint8Array | undefined;
		let sizeTable: Uint8Array | undefined;
		const both = () => {
			if (offsetTable && sizeTable) {
				for (let k = 0; k < offsets.count; k++) {
					const end = uint(offsetTable, k * offsets.size, offsets.size, this.layout.little) + uint(sizeTable, k * sizes.size, sizes.size, this.layout.little);
					this.dataEnd = Math.max(this.dataEnd, end);
				}
			}
		};

		this.table(offsets, table => {
			offsetTable = table;
			both();
		});
		this.table(sizes, table => {
			sizeTable = table;
			both();
		});
	}

	private table(entry: Entry, done: (table: Uint8Array) => void): void {
		if (entry.inline) {
			done(entry.inline);
			return;
		}

		const bytes = entry.count * entry.size;
		if (bytes > maxTableBytes) {
			throw notTiff(`a table of ${entry.count} strips or tiles`);
		}

		this.reads.want(entry.offset, bytes, done);
	}
}
