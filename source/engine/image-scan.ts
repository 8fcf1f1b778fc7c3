import {DownloadError} from './errors.js';
import {inspectImage, type ImageInfo} from './image-check.js';

/**
 * Checks a body as it streams in, chunk by chunk, so that neither the size of the file nor where its
 * header sits matters (a JPEG's SOF may follow megabytes of EXIF or comments) and nothing but a few
 * header bytes is ever copied.
 *
 * JPEG, PNG and GIF are walked by their segment/chunk/block lengths (skipping payloads, never looking
 * at every byte), which yields the dimensions and says whether the format's end was reached: JPEG EOI
 * (FFD9) as the last two bytes, PNG's IEND chunk, GIF's trailer (0x3B) after its last block; WebP's RIFF
 * size must equal the bytes received. A body that ends short of that is ERR_IMGRACE_TRUNCATED, whatever
 * Content-Length said. Other raster types (BMP, TIFF, AVIF, HEIC, JXL) are identified from their first
 * `headLimit` bytes by image-size as before; of those only BMP states its own length, which is checked.
 * Everything else is not an image.
 */

/** Enough for every magic number and the WebP/GIF/BMP dimensions. */
const magicBytes = 32;

type Format = 'jpeg' | 'png' | 'gif' | 'webp' | 'other';

// JPEG walker states.
const jMarker = 0; // Expecting 0xFF (or fill bytes) before a marker.
const jCode = 1; // Read 0xFF, expecting the marker code.
const jLength = 2; // Reading a segment's 2-byte length into `need`.
const jSkip = 3; // Skipping `skip` payload bytes.
const jSof = 4; // Collecting the SOF payload's first 5 bytes.
const jScan = 5; // In entropy-coded data after SOS: only the tail matters from here on.

// PNG walker states: chunk header (8 bytes into `small`), then skip data + CRC.
const pHeader = 0;
const pSkip = 1;
const pIhdr = 2;
const pEnd = 3;

// GIF walker states.
const gHeader = 0; // Collecting the 13-byte screen descriptor.
const gBlock = 1; // Expecting a block introducer.
const gExtLabel = 2;
const gSubSize = 3; // Expecting a sub-block size byte (0 ends the sequence).
const gSkip = 4;
const gImage = 5; // Collecting the 9-byte image descriptor after 0x2C.
const gLzw = 6; // The LZW minimum code size byte before the image's sub-blocks.
const gEnd = 7;

export class ImageScanner {
	private format: Format | undefined;
	private total = 0;
	/** The first bytes (magic, and up to `headLimit` for 'other'), copied only while needed. */
	private head: Uint8Array[] = [];
	private headLength = 0;
	private state = 0;
	private skip = 0;
	/** Bytes of a short header being collected across chunks (a segment length, an SOF, a chunk header). */
	private readonly small = new Uint8Array(16);
	private smallLength = 0;
	private smallNeed = 0;
	private width = 0;
	private height = 0;
	/** The last two bytes of the body, for trailers. */
	private last1 = -1;
	private last2 = -1;
	private webpSize = 0;

	constructor(private readonly headLimit: number) {}

	/** Feed the next chunk. Throws ERR_IMGRACE_NOT_IMAGE as soon as the bytes cannot be an image. */
	push(chunk: Uint8Array): void {
		if (chunk.length === 0) {
			return;
		}

		const before = this.total;
		this.total += chunk.length;
		if (chunk.length >= 2) {
			this.last2 = chunk[chunk.length - 2]!;
			this.last1 = chunk[chunk.length - 1]!;
		} else {
			this.last2 = this.last1;
			this.last1 = chunk[0]!;
		}

		if (this.format === undefined) {
			// Typically the first chunk holds the magic already, and nothing is copied.
			if (before !== 0 || chunk.length < magicBytes) {
				this.keepHead(chunk);
				if (this.headLength < magicBytes) {
					return;
				}

				chunk = this.joinedHead();
				this.head = [];
				this.headLength = 0;
			}

			this.identify(chunk);
			if (this.format === 'other') {
				this.keepOtherHead(chunk);
				return;
			}

			this.walk(chunk, this.format === 'jpeg' ? 2 : 0);
			return;
		}

		if (this.format === 'other') {
			this.keepOtherHead(chunk);
			return;
		}

		this.walk(chunk, 0);
	}

	private walk(chunk: Uint8Array, start: number): void {
		switch (this.format) {
			case 'jpeg': {
				this.walkJpeg(chunk, start);
				break;
			}

			case 'png': {
				this.walkPng(chunk);
				break;
			}

			case 'gif': {
				this.walkGif(chunk);
				break;
			}

			default: {
				break;
			}
		}
	}

	/** The body has ended: the image's type and size, or why it is not a (complete) image. */
	finish(): ImageInfo {
		if (this.total === 0) {
			throw new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (empty body)', false);
		}

		if (this.format === undefined) {
			// A body shorter than the magic this scanner waits for: judge what there is.
			const head = this.joinedHead();
			this.head = [];
			this.headLength = 0;
			this.identify(head);
			if (this.format === 'other') {
				this.keepHead(head);
			} else {
				this.walk(head, this.format === 'jpeg' ? 2 : 0);
			}
		}

		switch (this.format) {
			case 'jpeg': {
				if (this.width === 0) {
					throw cut('JPEG ends before its frame header');
				}

				if (this.last2 !== 0xFF || this.last1 !== 0xD9) {
					throw cut('JPEG without its end marker');
				}

				return {extension: 'jpg', contentType: 'image/jpeg', width: this.width, height: this.height};
			}

			case 'png': {
				if (this.state !== pEnd) {
					throw cut(this.width === 0 ? 'PNG ends before its header' : 'PNG without its IEND chunk');
				}

				return {extension: 'png', contentType: 'image/png', width: this.width, height: this.height};
			}

			case 'gif': {
				if (this.state !== gEnd) {
					throw cut('GIF without its trailer');
				}

				return {extension: 'gif', contentType: 'image/gif', width: this.width, height: this.height};
			}

			case 'webp': {
				if (this.total < this.webpSize) {
					throw cut(`WebP of ${this.webpSize} bytes ends at ${this.total}`);
				}

				return {extension: 'webp', contentType: 'image/webp', width: this.width, height: this.height};
			}

			default: {
				const head = this.joinedHead();
				const info = inspectImage(head);
				if (info.extension === 'bmp' && head.length >= 6) {
					const stated = (head[2]! | (head[3]! << 8) | (head[4]! << 16) | (head[5]! << 24)) >>> 0;
					if (stated > this.total) {
						throw cut(`BMP of ${stated} bytes ends at ${this.total}`);
					}
				}

				return info;
			}
		}
	}

	/** Once the head is full, judge it: a non-image fails before more of it is downloaded or written. */
	private keepOtherHead(chunk: Uint8Array): void {
		if (this.headLength >= this.headLimit) {
			return;
		}

		this.keepHead(chunk);
		if (this.headLength >= this.headLimit) {
			inspectImage(this.joinedHead());
		}
	}

	private keepHead(chunk: Uint8Array): void {
		const room = this.headLimit - this.headLength;
		if (room <= 0) {
			return;
		}

		// Held by reference (a response never reuses a chunk it emitted); only head bytes are kept.
		const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
		this.head.push(part);
		this.headLength += part.length;
	}

	private joinedHead(): Uint8Array {
		return this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head);
	}

	private identify(b: Uint8Array): void {
		if (b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF) {
			this.format = 'jpeg';
			this.state = jMarker;
		} else if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4E && b[3] === 0x47 && b[4] === 0x0D && b[5] === 0x0A && b[6] === 0x1A && b[7] === 0x0A) {
			this.format = 'png';
			// The 8-byte signature is skipped like a chunk's payload.
			this.skip = 8;
			this.state = pSkip;
		} else if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) {
			this.format = 'gif';
			this.state = gHeader;
			this.smallNeed = 13;
			this.smallLength = 0;
		} else if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) {
			this.format = 'webp';
			this.webpSize = ((b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0) + 8;
			// Every WebP variant states its canvas within the first 30 bytes.
			const info = inspectImage(b);
			this.width = info.width;
			this.height = info.height;
		} else {
			this.format = 'other';
		}
	}

	/** Collect bytes of `b` from `i` into `small` until `smallNeed` are held; returns the next index. */
	private collect(b: Uint8Array, i: number): number {
		const take = Math.min(this.smallNeed - this.smallLength, b.length - i);
		this.small.set(b.subarray(i, i + take), this.smallLength);
		this.smallLength += take;
		return i + take;
	}

	private walkJpeg(b: Uint8Array, start: number): void {
		let i = start;
		const n = b.length;
		while (i < n) {
			switch (this.state) {
				case jMarker: {
					if (b[i] !== 0xFF) {
						throw notJpeg();
					}

					this.state = jCode;
					i++;
					break;
				}

				case jCode: {
					const code = b[i++]!;
					if (code === 0xFF) {
						break; // Fill byte.
					}

					if (code === 0xD9) {
						// EOI before any scan: finish() decides (no dimensions means not complete).
						this.state = jMarker;
					} else if (code === 0x01 || (code >= 0xD0 && code <= 0xD7)) {
						this.state = jMarker;
					} else if (code === 0x00) {
						throw notJpeg();
					} else {
						this.state = jLength;
						this.smallNeed = 2;
						this.smallLength = 0;
						this.small[15] = code;
					}

					break;
				}

				case jLength: {
					i = this.collect(b, i);
					if (this.smallLength < 2) {
						break;
					}

					const length = (this.small[0]! << 8) | this.small[1]!;
					if (length < 2) {
						throw notJpeg();
					}

					const code = this.small[15]!;
					if (code === 0xDA) {
						// Start of scan: from here on only the trailer is checked (finish()).
						this.state = jScan;
						return;
					}

					const isSof = code >= 0xC0 && code <= 0xCF && code !== 0xC4 && code !== 0xC8 && code !== 0xCC;
					if (isSof && this.width === 0) {
						if (length < 7) {
							throw notJpeg();
						}

						this.state = jSof;
						this.smallNeed = 5;
						this.smallLength = 0;
						this.skip = length - 2 - 5;
					} else {
						this.state = jSkip;
						this.skip = length - 2;
					}

					break;
				}

				case jSof: {
					i = this.collect(b, i);
					if (this.smallLength < 5) {
						break;
					}

					this.height = (this.small[1]! << 8) | this.small[2]!;
					this.width = (this.small[3]! << 8) | this.small[4]!;
					if (this.width === 0 || this.height === 0) {
						throw new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (JPEG without dimensions)', false);
					}

					this.state = jSkip;
					break;
				}

				case jSkip: {
					const take = Math.min(this.skip, n - i);
					this.skip -= take;
					i += take;
					if (this.skip === 0) {
						this.state = jMarker;
					}

					break;
				}

				default: {
					return;
				}
			}
		}
	}

	private walkPng(b: Uint8Array): void {
		let i = 0;
		const n = b.length;
		while (i < n) {
			switch (this.state) {
				case pSkip: {
					const take = Math.min(this.skip, n - i);
					this.skip -= take;
					i += take;
					if (this.skip === 0) {
						if (this.ended) {
							this.state = pEnd;
							return;
						}

						this.state = pHeader;
						this.smallNeed = 8;
						this.smallLength = 0;
					}

					break;
				}

				case pHeader: {
					i = this.collect(b, i);
					if (this.smallLength < 8) {
						break;
					}

					const s = this.small;
					const length = ((s[0]! << 24) | (s[1]! << 16) | (s[2]! << 8) | s[3]!) >>> 0;
					if (this.width === 0) {
						if (s[4] !== 0x49 || s[5] !== 0x48 || s[6] !== 0x44 || s[7] !== 0x52 || length < 8) {
							throw new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (PNG without IHDR)', false);
						}

						// Width and height lead the IHDR data: collect them before skipping the rest.
						this.chunkLength = length;
						this.smallNeed = 16;
						this.state = pIhdr;
					} else {
						// IEND is complete once its CRC has arrived too.
						this.ended = s[4] === 0x49 && s[5] === 0x45 && s[6] === 0x4E && s[7] === 0x44;
						this.skip = length + 4;
						this.state = pSkip;
					}

					break;
				}

				case pIhdr: {
					i = this.collect(b, i);
					if (this.smallLength < 16) {
						break;
					}

					const s = this.small;
					this.width = ((s[8]! << 24) | (s[9]! << 16) | (s[10]! << 8) | s[11]!) >>> 0;
					this.height = ((s[12]! << 24) | (s[13]! << 16) | (s[14]! << 8) | s[15]!) >>> 0;
					if (this.width === 0 || this.height === 0) {
						throw new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (PNG without dimensions)', false);
					}

					this.skip = this.chunkLength - 8 + 4;
					this.state = pSkip;
					break;
				}

				default: {
					// After IEND: trailing bytes are tolerated, as decoders do.
					return;
				}
			}
		}
	}

	private chunkLength = 0;
	private ended = false;

	private walkGif(b: Uint8Array): void {
		let i = 0;
		const n = b.length;
		while (i < n) {
			switch (this.state) {
				case gHeader: {
					i = this.collect(b, i);
					if (this.smallLength < 13) {
						break;
					}

					const s = this.small;
					this.width = s[6]! | (s[7]! << 8);
					this.height = s[8]! | (s[9]! << 8);
					if (this.width === 0 || this.height === 0) {
						throw new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (GIF without dimensions)', false);
					}

					const packed = s[10]!;
					this.skip = (packed & 0x80) === 0 ? 0 : 3 * (2 << (packed & 7));
					this.state = this.skip > 0 ? gSkip : gBlock;
					this.afterSkip = gBlock;
					break;
				}

				case gBlock: {
					const introducer = b[i++]!;
					if (introducer === 0x3B) {
						this.state = gEnd;
						return;
					}

					if (introducer === 0x21) {
						this.state = gExtLabel;
					} else if (introducer === 0x2C) {
						this.state = gImage;
						this.smallNeed = 9;
						this.smallLength = 0;
					} else {
						throw new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (corrupt GIF)', false);
					}

					break;
				}

				case gExtLabel: {
					i++;
					this.state = gSubSize;
					break;
				}

				case gImage: {
					i = this.collect(b, i);
					if (this.smallLength < 9) {
						break;
					}

					const packed = this.small[8]!;
					this.skip = (packed & 0x80) === 0 ? 0 : 3 * (2 << (packed & 7));
					this.afterSkip = gLzw;
					this.state = this.skip > 0 ? gSkip : gLzw;
					break;
				}

				case gLzw: {
					i++;
					this.state = gSubSize;
					break;
				}

				case gSubSize: {
					const size = b[i++]!;
					if (size === 0) {
						this.state = gBlock;
					} else {
						this.skip = size;
						this.afterSkip = gSubSize;
						this.state = gSkip;
					}

					break;
				}

				case gSkip: {
					const take = Math.min(this.skip, n - i);
					this.skip -= take;
					i += take;
					if (this.skip === 0) {
						this.state = this.afterSkip;
					}

					break;
				}

				default: {
					// After the trailer: trailing bytes are tolerated, as decoders do.
					return;
				}
			}
		}
	}

	private afterSkip = 0;
}

function cut(what: string): DownloadError {
	return new DownloadError('ERR_IMGRACE_TRUNCATED', `body cut short (${what})`, true);
}

function notJpeg(): DownloadError {
	return new DownloadError('ERR_IMGRACE_NOT_IMAGE', 'not an image (corrupt JPEG)', false);
}
