import {DownloadError} from '../errors.js';
import type {ImageInfo} from '../image-check.js';
import {HeaderBytes, uint32be} from './header-bytes.js';
import type {FormatWalker} from './walker.js';

const chunkHeader = 0; // Collecting a chunk's length and type (8 bytes).
const skipData = 1; // Skipping a chunk's data and CRC.
const imageHeader = 2; // Collecting IHDR's width and height (bytes 8-15 of the header buffer).
const afterEnd = 3; // Past IEND's CRC: trailing bytes are tolerated, as decoders do.

/** Walks PNG chunks by their lengths: the dimensions from IHDR, complete once IEND's CRC has arrived. */
export class PngWalker implements FormatWalker {
	// The 8-byte signature is skipped like a chunk's payload.
	private state = skipData;
	private skip = 8;
	private chunkLength = 0;
	/** The chunk being skipped is IEND. */
	private ended = false;
	private width = 0;
	private height = 0;
	private readonly header = new HeaderBytes();

	walk(b: Uint8Array, start: number): void {
		let i = start;
		while (i < b.length && this.state !== afterEnd) {
			i = this.step(b, i);
		}
	}

	finish(): ImageInfo {
		if (this.state !== afterEnd) {
			throw DownloadError.cutShort(this.width === 0 ? 'PNG ends before its header' : 'PNG without its IEND chunk');
		}

		return {extension: 'png', contentType: 'image/png', width: this.width, height: this.height};
	}

	private step(b: Uint8Array, i: number): number {
		switch (this.state) {
			case skipData: {
				const take = Math.min(this.skip, b.length - i);
				this.skip -= take;
				if (this.skip === 0) {
					this.state = this.ended ? afterEnd : chunkHeader;
					this.header.expect(8);
				}

				return i + take;
			}

			case chunkHeader: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.chunk();
				}

				return next;
			}

			default: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.dimensions();
				}

				return next;
			}
		}
	}

	private chunk(): void {
		const s = this.header.bytes;
		const length = uint32be(s, 0);
		if (this.width === 0) {
			if (s[4] !== 0x49 || s[5] !== 0x48 || s[6] !== 0x44 || s[7] !== 0x52 || length < 8) {
				throw DownloadError.notImage('PNG without IHDR');
			}

			// Width and height lead the IHDR data: collect them (after the 8 header bytes) before skipping the rest.
			this.chunkLength = length;
			this.header.need = 16;
			this.state = imageHeader;
		} else {
			// IEND is complete once its CRC has arrived too.
			this.ended = s[4] === 0x49 && s[5] === 0x45 && s[6] === 0x4E && s[7] === 0x44;
			this.skip = length + 4;
			this.state = skipData;
		}
	}

	private dimensions(): void {
		const s = this.header.bytes;
		this.width = uint32be(s, 8);
		this.height = uint32be(s, 12);
		if (this.width === 0 || this.height === 0) {
			throw DownloadError.notImage('PNG without dimensions');
		}

		this.skip = this.chunkLength - 8 + 4;
		this.state = skipData;
	}
}
