/** Image files made by hand for the scanner's tests: the layouts real writers use, small enough to build in a test. */

function box(type: string, ...parts: Uint8Array[]): Buffer {
	const payload = Buffer.concat(parts);
	const header = Buffer.alloc(8);
	header.writeUInt32BE(payload.length + 8, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, payload]);
}

function fullBox(type: string, version: number, ...parts: Uint8Array[]): Buffer {
	return box(type, Buffer.from([version, 0, 0, 0]), ...parts);
}

function u16(value: number): Buffer {
	const b = Buffer.alloc(2);
	b.writeUInt16BE(value);
	return b;
}

function u32(value: number): Buffer {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(value);
	return b;
}

/**
 * An AVIF or HEIC as libavif and libheif lay it out: ftyp, meta (hdlr, pitm, iloc, iinf, iprp with
 * ispe), then mdat holding the one item's `dataBytes` coded bytes (filler here: the scanner never
 * decodes them). `metaLast` puts meta after mdat, which the format allows.
 */
export function heifFile({brand, compatible, width, height, dataBytes, metaLast = false}: {brand: string; compatible: string[]; width: number; height: number; dataBytes: number; metaLast?: boolean}): Buffer {
	const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), u32(0), ...compatible.map(name => Buffer.from(name, 'latin1')));
	const data = Buffer.alloc(dataBytes, 0xA5);
	const mdatHeader = 8;
	const metaWith = (dataOffset: number) => fullBox('meta', 0,
		fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0])),
		fullBox('pitm', 0, u16(1)),
		// Version 0: offset, length and base offset sizes 4, 4, 0; one item with one extent.
		fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(dataOffset), u32(dataBytes)),
		fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from(brand === 'avif' ? 'av01' : 'hvc1', 'latin1'), Buffer.from([0]))),
		box('iprp', box('ipco', fullBox('ispe', 0, u32(width), u32(height))), fullBox('ipma', 0, u32(1), u16(1), Buffer.from([1, 0x81]))),
	);
	if (metaLast) {
		return Buffer.concat([ftyp, box('mdat', data), metaWith(ftyp.length + mdatHeader)]);
	}

	const metaLength = metaWith(0).length;
	return Buffer.concat([ftyp, metaWith(ftyp.length + metaLength + mdatHeader), box('mdat', data)]);
}

/**
 * An uncompressed 8-bit RGB TIFF (little-endian) with one strip per `rowsPerStrip` rows. `ifdAtEnd`
 * writes the strips first and the directory after them, as ImageMagick does; otherwise the directory
 * follows the header, as most cameras write it. The strip tables sit after the directory either way.
 */
export function tiffFile({width, height, rowsPerStrip, ifdAtEnd}: {width: number; height: number; rowsPerStrip: number; ifdAtEnd: boolean}): Buffer {
	const strips = Math.ceil(height / rowsPerStrip);
	const stripBytes = (strip: number) => Math.min(rowsPerStrip, height - (strip * rowsPerStrip)) * width * 3;
	const pixels = Buffer.alloc(width * height * 3);
	for (let i = 0; i < pixels.length; i++) {
		pixels[i] = (i * 7) & 0xFF;
	}

	const entryCount = 9;
	const ifdBytes = 2 + (entryCount * 12) + 4;
	const ifdAt = ifdAtEnd ? 8 + pixels.length : 8;
	const tablesAt = ifdAt + ifdBytes;
	const bitsAt = tablesAt + (strips * 8);
	const pixelsAt = ifdAtEnd ? 8 : bitsAt + 6;
	const le16 = (v: number) => Buffer.from([v & 0xFF, v >> 8]);
	const le32 = (v: number) => {
		const b = Buffer.alloc(4);
		b.writeUInt32LE(v);
		return b;
	};

	const entry = (tag: number, type: number, count: number, value: Buffer) => Buffer.concat([le16(tag), le16(type), le32(count), Buffer.concat([value, Buffer.alloc(4 - value.length)])]);
	const offsets = Buffer.concat(Array.from({length: strips}, (_, k) => le32(pixelsAt + (k * rowsPerStrip * width * 3))));
	const counts = Buffer.concat(Array.from({length: strips}, (_, k) => le32(stripBytes(k))));
	const ifd = Buffer.concat([
		le16(entryCount),
		entry(256, 4, 1, le32(width)),
		entry(257, 4, 1, le32(height)),
		entry(258, 3, 3, le32(bitsAt)),
		entry(259, 3, 1, le16(1)),
		entry(262, 3, 1, le16(2)),
		entry(273, 4, strips, strips === 1 ? offsets : le32(tablesAt)),
		entry(277, 3, 1, le16(3)),
		entry(278, 4, 1, le32(rowsPerStrip)),
		entry(279, 4, strips, strips === 1 ? counts : le32(tablesAt + (strips * 4))),
		le32(0),
	]);
	const tables = Buffer.concat([offsets, counts, le16(8), le16(8), le16(8)]);
	const header = Buffer.concat([Buffer.from('II*\0', 'latin1'), le32(ifdAt)]);
	return ifdAtEnd ? Buffer.concat([header, pixels, ifd, tables]) : Buffer.concat([header, ifd, tables, pixels]);
}
