import {DownloadError} from '../errors.js';
import type {ImageInfo} from '../image-check.js';
import {indexOfByte} from './find-byte.js';
import {HeaderBytes, SkippedBytes} from './header-bytes.js';
import type {FormatWalker} from './walker.js';

const expectMarker = 0; // Expecting 0xFF (or fill bytes) before a marker.
const markerCode = 1; // Read 0xFF, expecting the marker code.
const segmentLength = 2; // Reading a segment's 2-byte length.
const skipPayload = 3; // Skipping a payload (`skip`).
const frameHeader = 4; // Collecting the SOF payload's first 5 bytes.
const scanData = 5; // In entropy-coded data after SOS: looking for the next marker (0xFF not followed by 0x00).
const scanMarker = 6; // Read 0xFF inside entropy-coded data: stuffing, a restart, or a marker.
const afterEnd = 7; // Past EOI: trailing bytes (a newline, padding, a motion photo's video) are not the image's.

function notJpeg(): DownloadError {
	return DownloadError.notImage('corrupt JPEG');
}

/**
 * Walks JPEG segments by their lengths, taking the dimensions from the frame header (SOF, which may
 * follow megabytes of EXIF), and searches each scan's entropy-coded data for the marker that ends it
 * (0xFF is always stuffed there as FF00, so the next FFxx is a restart or a real marker). Complete means
 * EOI (FFD9) arrived after a scan; whatever follows EOI is kept with the file but is not judged.
 */
export class JpegWalker implements FormatWalker {
	private state = expectMarker;
	/** A payload being skipped; it leads to the next marker, or to a scan's entropy-coded data. */
	private readonly skip = new SkippedBytes();
	private code = 0;
	private width = 0;
	private height = 0;
	private scans = 0;
	private readonly header = new HeaderBytes();

	walk(b: Uint8Array, start: number): void {
		let i = start;
		while (i < b.length && this.state !== afterEnd) {
			i = this.state === scanData ? this.entropyData(b, i) : this.step(b, i);
		}
	}

	finish(): ImageInfo {
		if (this.width === 0) {
			throw DownloadError.cutShort('JPEG ends before its frame header');
		}

		if (this.state !== afterEnd) {
			throw DownloadError.cutShort('JPEG without its end marker');
		}

		if (this.scans === 0) {
			throw DownloadError.notImage('JPEG without image data');
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

			case scanMarker: {
				this.inScanMarker(b[i]!);
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
				const next = this.skip.pass(b, i);
				this.state = this.skip.left === 0 ? this.skip.then : this.state;
				return next;
			}
		}
	}

	private marker(code: number): void {
		if (code === 0xFF) {
			return; // Fill byte.
		}

		if (code === 0xD9) {
			this.state = afterEnd;
		} else if (code === 0x01 || (code >= 0xD0 && code <= 0xD7)) {
			// Standalone markers.
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
			// Start of scan: its header, then entropy-coded data up to the next marker.
			this.scans++;
			this.state = skipPayload;
			this.skip.left = length - 2;
			this.skip.then = scanData;
			return;
		}

		this.skip.then = expectMarker;
		const code = this.code;
		const isSof = code >= 0xC0 && code <= 0xCF && code !== 0xC4 && code !== 0xC8 && code !== 0xCC;
		if (isSof && this.width === 0) {
			if (length < 7) {
				throw notJpeg();
			}

			this.state = frameHeader;
			this.header.expect(5);
			this.skip.left = length - 2 - 5;
		} else {
			this.state = skipPayload;
			this.skip.left = length - 2;
		}
	}

	/** Entropy-coded data from `i`: jump to the next 0xFF (memchr, not a loop over every byte). */
	private entropyData(b: Uint8Array, i: number): number {
		const at = indexOfByte(b, 0xFF, i);
		if (at === -1) {
			return b.length;
		}

		this.state = scanMarker;
		return at + 1;
	}

	/** The byte after an 0xFF in entropy-coded data. */
	private inScanMarker(code: number): void {
		if (code === 0x00 || (code >= 0xD0 && code <= 0xD7)) {
			this.state = scanData; // A stuffed 0xFF, or a restart marker: the scan goes on.
		} else if (code !== 0xFF) {
			// The scan has ended: EOI, or the tables and header of the next scan (progressive JPEG).
			this.marker(code);
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
