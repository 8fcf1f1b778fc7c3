import {DownloadError} from '../errors.js';
import type {ImageInfo} from '../image-check.js';
import {HeaderBytes} from './header-bytes.js';
import type {BodyEnd, FormatWalker} from './walker.js';

const expectMarker = 0; // Expecting 0xFF (or fill bytes) before a marker.
const markerCode = 1; // Read 0xFF, expecting the marker code.
const segmentLength = 2; // Reading a segment's 2-byte length.
const skipPayload = 3; // Skipping `skip` payload bytes.
const frameHeader = 4; // Collecting the SOF payload's first 5 bytes.
const scanData = 5; // In entropy-coded data after SOS: only the tail matters from here on.

function notJpeg(): DownloadError {
	return DownloadError.notImage('corrupt JPEG');
}

/**
 * Walks JPEG segments by their lengths up to the start of scan, taking the dimensions from the frame
 * header (SOF, which may follow megabytes of EXIF); complete means EOI (FFD9) as the last two bytes.
 */
export class JpegWalker implements FormatWalker {
	private state = expectMarker;
	private skip = 0;
	private code = 0;
	private width = 0;
	private height = 0;
	private readonly header = new HeaderBytes();

	walk(b: Uint8Array, start: number): void {
		let i = start;
		while (i < b.length && this.state !== scanData) {
			i = this.step(b, i);
		}
	}

	finish(end: BodyEnd): ImageInfo {
		if (this.width === 0) {
			throw DownloadError.cutShort('JPEG ends before its frame header');
		}

		if (end.last2 !== 0xFF || end.last1 !== 0xD9) {
			throw DownloadError.cutShort('JPEG without its end marker');
		}

		return {extension: 'jpg', contentType: 'image/jpeg', width: this.width, height: this.height};
	}

	/** One state's worth of bytes from `i`; returns the next index. */
	private step(b: Uint8Array, i: number): number {
		switch (this.state) {
			case expectMarker: {
				if (b[i] !== 0xFF) {
					throw notJpeg();
				}

				this.state = markerCode;
				return i + 1;
			}

			case markerCode: {
				this.marker(b[i]!);
				return i + 1;
			}

			case segmentLength: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.segment((this.header.bytes[0]! << 8) | this.header.bytes[1]!);
				}

				return next;
			}

			case frameHeader: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.frame();
				}

				return next;
			}

			default: {
				const take = Math.min(this.skip, b.length - i);
				this.skip -= take;
				if (this.skip === 0) {
					this.state = expectMarker;
				}

				return i + take;
			}
		}
	}

	private marker(code: number): void {
		if (code === 0xFF) {
			return; // Fill byte.
		}

		if (code === 0xD9 || code === 0x01 || (code >= 0xD0 && code <= 0xD7)) {
			// Standalone markers; an EOI before any scan is judged by finish() (no dimensions: not complete).
			this.state = expectMarker;
		} else if (code === 0x00) {
			throw notJpeg();
		} else {
			this.state = segmentLength;
			this.header.expect(2);
			this.code = code;
		}
	}

	private segment(length: number): void {
		if (length < 2) {
			throw notJpeg();
		}

		if (this.code === 0xDA) {
			// Start of scan: from here on only the trailer is checked (finish()).
			this.state = scanData;
			return;
		}

		const code = this.code;
		const isSof = code >= 0xC0 && code <= 0xCF && code !== 0xC4 && code !== 0xC8 && code !== 0xCC;
		if (isSof && this.width === 0) {
			if (length < 7) {
				throw notJpeg();
			}

			this.state = frameHeader;
			this.header.expect(5);
			this.skip = length - 2 - 5;
		} else {
			this.state = skipPayload;
			this.skip = length - 2;
		}
	}

	private frame(): void {
		const s = this.header.bytes;
		this.height = (s[1]! << 8) | s[2]!;
		this.width = (s[3]! << 8) | s[4]!;
		if (this.width === 0 || this.height === 0) {
			throw DownloadError.notImage('JPEG without dimensions');
		}

		this.state = skipPayload;
	}
}
