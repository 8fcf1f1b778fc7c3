import * as zlib from 'node:zlib';

export type ImageFormat = 'jpeg' | 'png';

/** Smallest possible padding: a JPEG COM segment is marker + length (4 bytes); a PNG chunk length + type + CRC (12). */
export function minimumPadding(format: ImageFormat): number {
	return format === 'jpeg' ? 4 : 12;
}

/** A COM segment's length field is 16 bits and counts itself, so one segment is at most 2 + 65535 bytes. */
const maxCommentSegment = 2 + 65_535;

const paddingText = Buffer.from('imgrace padding. ');

/** Whether `body` can be padded to exactly `size` bytes (padding comes in minimum-sized pieces). */
export function canPadTo(format: ImageFormat, bodyLength: number, size: number): boolean {
	return size === bodyLength || size - bodyLength >= minimumPadding(format);
}

/**
 * Returns the image grown to exactly `size` bytes and still valid: JPEG gets COM segments right after SOI
 * (so it still starts FFD8 and ends FFD9); PNG gets a private ancillary `prVt` chunk before IEND (decoders
 * skip unknown ancillary chunks, and the file still ends with IEND).
 */
export function padImage(format: ImageFormat, body: Buffer, size: number): Buffer {
	if (size === body.length) {
		return body;
	}

	if (!canPadTo(format, body.length, size)) {
		throw new RangeError(`Cannot pad a ${body.length}-byte ${format} to ${size} bytes (padding needs at least ${minimumPadding(format)} bytes)`);
	}

	return format === 'jpeg' ? padJpeg(body, size) : padPng(body, size);
}

function padJpeg(body: Buffer, size: number): Buffer {
	const out = Buffer.allocUnsafe(size);
	body.copy(out, 0, 0, 2);
	let offset = 2;
	const extra = size - body.length;
	// Equal shares keep every segment ≥ 4 bytes, which uneven "full segments + remainder" splits can't.
	const segments = Math.ceil(extra / maxCommentSegment);
	for (let i = 0; i < segments; i++) {
		const length = Math.floor(extra / segments) + (i < extra % segments ? 1 : 0);
		out.writeUInt16BE(0xFF_FE, offset);
		out.writeUInt16BE(length - 2, offset + 2);
		fillText(out, offset + 4, offset + length);
		offset += length;
	}

	body.copy(out, offset, 2);
	return out;
}

function padPng(body: Buffer, size: number): Buffer {
	const iendLength = 12;
	const iendStart = body.length - iendLength;
	if (body.toString('latin1', iendStart + 4, iendStart + 8) !== 'IEND') {
		throw new RangeError('PNG does not end with an IEND chunk');
	}

	const out = Buffer.allocUnsafe(size);
	body.copy(out, 0, 0, iendStart);
	const chunkStart = iendStart;
	const dataLength = size - body.length - 12;
	out.writeUInt32BE(dataLength, chunkStart);
	out.write('prVt', chunkStart + 4, 'latin1');
	fillText(out, chunkStart + 8, chunkStart + 8 + dataLength);
	// The CRC covers the chunk type and data, not the length.
	out.writeUInt32BE(crc32(out.subarray(chunkStart + 4, chunkStart + 8 + dataLength)), chunkStart + 8 + dataLength);
	body.copy(out, chunkStart + 12 + dataLength, iendStart);
	return out;
}

// zlib.crc32 only exists from Node 20.15 and the package promises any Node 20, so keep a fallback.
const nativeCrc32 = zlib.crc32 as typeof zlib.crc32 | undefined;

const crcTable = Int32Array.from({length: 256}, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) {
		c = c & 1 ? 0xED_B8_83_20 ^ (c >>> 1) : c >>> 1;
	}

	return c;
});

function crc32(bytes: Uint8Array): number {
	if (nativeCrc32) {
		return nativeCrc32(bytes);
	}

	let crc = -1;
	for (const byte of bytes) {
		crc = crcTable[(crc ^ byte) & 0xFF]! ^ (crc >>> 8);
	}

	return (crc ^ -1) >>> 0;
}

function fillText(out: Buffer, start: number, end: number): void {
	if (end > start) {
		out.fill(paddingText, start, end);
	}
}
