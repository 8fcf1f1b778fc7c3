import {DownloadError} from '../errors.js';
import type {ImageInfo} from '../image-check.js';
import {HeaderBytes, SkippedBytes} from './header-bytes.js';
import type {FormatWalker} from './walker.js';

const screenDescriptor = 0; // Collecting the 13-byte header and logical screen descriptor.
const blockStart = 1; // Expecting a block introducer.
const extensionLabel = 2;
const subBlockSize = 3; // Expecting a sub-block size byte (0 ends the sequence).
const skipBytes = 4;
const imageDescriptor = 5; // Collecting the 9-byte image descriptor after 0x2C.
const lzwCodeSize = 6; // The LZW minimum code size byte before the image's sub-blocks.
const afterTrailer = 7; // Trailing bytes are tolerated, as decoders do.

/** Size in bytes of the colour table a packed field announces (0 without one). */
function colourTable(packed: number): number {
	return (packed & 0x80) === 0 ? 0 : 3 * (2 << (packed & 7));
}

/** Walks GIF blocks and sub-blocks by their sizes: complete once the trailer (0x3B) follows a block. */
export class GifWalker implements FormatWalker {
	private state = screenDescriptor;
	private readonly skip = new SkippedBytes();
	private width = 0;
	private height = 0;
	private readonly header = new HeaderBytes();

	constructor() {
		this.header.expect(13);
	}

	walk(b: Uint8Array, start: number): void {
		let i = start;
		while (i < b.length && this.state !== afterTrailer) {
			i = this.step(b, i);
		}
	}

	finish(): ImageInfo {
		if (this.state !== afterTrailer) {
			throw DownloadError.cutShort('GIF without its trailer');
		}

		return {extension: 'gif', contentType: 'image/gif', width: this.width, height: this.height};
	}

	private step(b: Uint8Array, i: number): number {
		switch (this.state) {
			case screenDescriptor: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.screen();
				}

				return next;
			}

			case blockStart: {
				this.block(b[i]!);
				return i + 1;
			}

			case extensionLabel:
			case lzwCodeSize: {
				this.state = subBlockSize;
				return i + 1;
			}

			case imageDescriptor: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.skipThen(colourTable(this.header.bytes[8]!), lzwCodeSize);
				}

				return next;
			}

			case subBlockSize: {
				const size = b[i]!;
				if (size === 0) {
					this.state = blockStart;
				} else {
					this.skip.left = size;
					this.skip.then = subBlockSize;
					this.state = skipBytes;
				}

				return i + 1;
			}

			default: {
				const next = this.skip.pass(b, i);
				this.state = this.skip.left === 0 ? this.skip.then : this.state;
				return next;
			}
		}
	}

	private screen(): void {
		const s = this.header.bytes;
		this.width = s[6]! | (s[7]! << 8);
		this.height = s[8]! | (s[9]! << 8);
		if (this.width === 0 || this.height === 0) {
			throw DownloadError.notImage('GIF without dimensions');
		}

		this.skipThen(colourTable(s[10]!), blockStart);
	}

	private block(introducer: number): void {
		if (introducer === 0x3B) {
			this.state = afterTrailer;
		} else if (introducer === 0x21) {
			this.state = extensionLabel;
		} else if (introducer === 0x2C) {
			this.state = imageDescriptor;
			this.header.expect(9);
		} else {
			throw DownloadError.notImage('corrupt GIF');
		}
	}

	/** Skip `bytes` (a colour table), then go on in `next`. */
	private skipThen(bytes: number, next: number): void {
		this.skip.left = bytes;
		this.skip.then = next;
		this.state = bytes > 0 ? skipBytes : next;
	}
}
