import {DownloadError} from '../errors.js';
import {uint32be} from './header-bytes.js';

/** What a HEIF/AVIF `meta` box says: the largest image size (ispe) and where the items' bytes lie in the file. */
export type HeifMeta = {
	readonly width: number;
	readonly height: number;
	/** The furthest byte of the file any item's data reaches (iloc extents, construction method 0). */
	readonly dataEnd: number;
};

function corrupt(why: string): DownloadError {
	return DownloadError.notImage(`corrupt HEIF (${why})`);
}

/** An unsigned big-endian integer of 0, 2, 4 or 8 bytes. */
function uint(b: Uint8Array, at: number, size: number): number {
	if (at + size > b.length) {
		throw corrupt('a box ends early');
	}

	let value = 0;
	for (let k = 0; k < size; k++) {
		value = (value * 256) + b[at + k]!;
	}

	return value;
}

/** The child boxes of a box's payload `b` from `at`: type, payload start and end. */
function* boxes(b: Uint8Array, at: number, end: number): Generator<{type: string; start: number; end: number}> {
	while (at + 8 <= end) {
		const size = uint32be(b, at);
		const type = String.fromCodePoint(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
		if (size < 8 || at + size > end) {
			throw corrupt(`${type} box of ${size} bytes`);
		}

		yield {type, start: at + 8, end: at + size};
		at += size;
	}
}

/** `meta`'s payload (after its 8-byte header): a FullBox, so its children start after version and flags. */
export function readHeifMeta(meta: Uint8Array): HeifMeta {
	let width = 0;
	let height = 0;
	let dataEnd: number | undefined;
	for (const child of boxes(meta, 4, meta.length)) {
		if (child.type === 'iloc') {
			dataEnd = itemDataEnd(meta.subarray(child.start, child.end));
		} else if (child.type === 'iprp') {
			for (const ipco of boxes(meta, child.start, child.end)) {
				for (const property of ipco.type === 'ipco' ? boxes(meta, ipco.start, ipco.end) : []) {
					// ispe: version and flags, then width and height; the largest is the image (the others are tiles).
					if (property.type === 'ispe' && property.end - property.start >= 12) {
						const w = uint32be(meta, property.start + 4);
						const h = uint32be(meta, property.start + 8);
						if (w * h > width * height) {
							width = w;
							height = h;
						}
					}
				}
			}
		}
	}

	if (dataEnd === undefined) {
		throw corrupt('no item locations');
	}

	if (width === 0 || height === 0) {
		throw DownloadError.notImage('HEIF without dimensions');
	}

	return {width, height, dataEnd};
}

/** The iloc box (ISO/IEC 14496-12 8.11.3): every item's extents; the furthest end of those in the file itself. */
function itemDataEnd(b: Uint8Array): number {
	const version = b[0]!;
	if (version > 2) {
		throw corrupt(`iloc version ${version}`);
	}

	const offsetSize = b[4]! >> 4;
	const lengthSize = b[4]! & 0x0F;
	const baseOffsetSize = b[5]! >> 4;
	const indexSize = version === 0 ? 0 : b[5]! & 0x0F;
	const idSize = version < 2 ? 2 : 4;
	let at = 6;
	const items = uint(b, at, idSize);
	at += idSize;
	let end = 0;
	for (let item = 0; item < items; item++) {
		at += idSize;
		// Construction method 0 is an offset in this file; 1 (idat) is inside meta, 2 inside another item.
		const method = version === 0 ? 0 : uint(b, at, 2) & 0x0F;
		at += version === 0 ? 2 : 4; // (Reserved bits and method,) data reference index.
		const base = uint(b, at, baseOffsetSize);
		at += baseOffsetSize;
		const extents = uint(b, at, 2);
		at += 2;
		for (let extent = 0; extent < extents; extent++) {
			at += indexSize;
			const offset = uint(b, at, offsetSize);
			const length = uint(b, at + offsetSize, lengthSize);
			at += offsetSize + lengthSize;
			if (method === 0) {
				end = Math.max(end, base + offset + length);
			}
		}
	}

	return end;
}
