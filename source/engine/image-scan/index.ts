// Checks a download as it streams in: which image format it is, its dimensions, and whether it ended where the format says it ends.
import {DownloadError} from '../errors.js';
import {inspectImage, type ImageInfo} from '../image-check.js';
import {GifWalker} from './gif.js';
import {uint32le} from './header-bytes.js';
import {IsobmffWalker, isHeif} from './isobmff.js';
import {JpegWalker} from './jpeg.js';
import {PngWalker} from './png.js';
import {TiffWalker} from './tiff.js';
import type {FormatWalker} from './walker.js';
import {WebpWalker} from './webp.js';

/** Enough for every magic number and the WebP/GIF/BMP dimensions. */
const magicBytes = 32;

/**
 * Checks a body chunk by chunk, so that neither the size of the file nor where its header sits
 * matters (a JPEG's SOF may follow megabytes of EXIF or comments) and nothing but a few header bytes
 * is ever copied.
 *
 * JPEG, PNG and GIF are walked by their segment/chunk/block lengths (skipping payloads; in a JPEG's
 * entropy-coded data only the 0xFF bytes are looked at), which yields the dimensions and says whether
 * the format's end was reached: JPEG's EOI (FFD9) after its scans, PNG's IEND chunk, GIF's trailer
 * (0x3B) after its last block; bytes after that end are kept but not judged. WebP's RIFF size must have
 * arrived. TIFF is walked by its offsets (directories anywhere, every strip and tile within the body),
 * AVIF and HEIC by their boxes (meta read wherever it sits, every item's bytes within the body). A body
 * that ends short of that is ERR_IMGRACE_TRUNCATED, whatever Content-Length said. BMP and JXL are
 * identified from their first `headLimit` bytes by image-size; BMP states its own length, which is
 * checked. Everything else is not an image.
 */
export class ImageScanner {
	/** The format's walker once the magic is known; null for the other types, judged from the head. */
	private walker: FormatWalker | null | undefined;
	private total = 0;
	/** The first bytes (magic, and up to `headLimit` for other types), copied only while needed. */
	private head: Uint8Array[] = [];
	private headLength = 0;

	constructor(private readonly headLimit: number) {}

	/** Feed the next chunk. Throws ERR_IMGRACE_NOT_IMAGE as soon as the bytes cannot be an image. */
	push(chunk: Uint8Array): void {
		if (chunk.length === 0) {
			return;
		}

		const before = this.total;
		this.total += chunk.length;
		if (this.walker === undefined) {
			// Typically the first chunk holds the magic already, and nothing is copied.
			if (before !== 0 || chunk.length < magicBytes) {
				this.keepHead(chunk);
				if (this.headLength < magicBytes) {
					return;
				}

				chunk = this.takeHead();
			}

			this.start(chunk);
			return;
		}

		if (this.walker === null) {
			this.keepOtherHead(chunk);
			return;
		}

		this.walker.walk(chunk, 0);
	}

	/** The body has ended: the image's type and size, or why it is not a (complete) image. */
	finish(): ImageInfo {
		if (this.total === 0) {
			throw DownloadError.notImage('empty body');
		}

		if (this.walker === undefined) {
			// A body shorter than the magic this scanner waits for: judge what there is.
			const head = this.takeHead();
			this.walker = identify(head);
			if (this.walker === null) {
				this.keepHead(head);
			} else {
				this.walker.walk(head, this.walker instanceof JpegWalker ? 2 : 0);
			}
		}

		if (this.walker !== null) {
			return this.walker.finish({total: this.total});
		}

		return this.judgeOther();
	}

	/** The first chunk that holds the magic: choose the walker and walk the chunk, or keep the head. */
	private start(chunk: Uint8Array): void {
		this.walker = identify(chunk);
		if (this.walker === null) {
			this.keepOtherHead(chunk);
		} else {
			// A JPEG's SOI (FFD8) is no segment: the walk starts at the first marker after it.
			this.walker.walk(chunk, this.walker instanceof JpegWalker ? 2 : 0);
		}
	}

	private judgeOther(): ImageInfo {
		const head = this.joinedHead();
		const info = inspectImage(head);
		if (info.extension === 'bmp' && head.length >= 6) {
			const stated = uint32le(head, 2);
			if (stated > this.total) {
				throw DownloadError.cutShort(`BMP of ${stated} bytes ends at ${this.total}`);
			}
		}

		return info;
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

	/** The head so far as one array, emptied: the magic is judged from it once. */
	private takeHead(): Uint8Array {
		const head = this.joinedHead();
		this.head = [];
		this.headLength = 0;
		return head;
	}

	private joinedHead(): Uint8Array {
		return this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head);
	}
}

/** The walker for the format `b` starts with; null for the types only image-size knows (BMP, JXL…). */
function identify(b: Uint8Array): FormatWalker | null {
	if (b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF) {
		return new JpegWalker();
	}

	if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4E && b[3] === 0x47 && b[4] === 0x0D && b[5] === 0x0A && b[6] === 0x1A && b[7] === 0x0A) {
		return new PngWalker();
	}

	if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) {
		return new GifWalker();
	}

	if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) {
		return new WebpWalker(b);
	}

	// II*\0 or MM\0* (classic), II+\0 or MM\0+ (BigTIFF).
	if ((b[0] === 0x49 && b[1] === 0x49 && (b[2] === 0x2A || b[2] === 0x2B) && b[3] === 0) || (b[0] === 0x4D && b[1] === 0x4D && b[2] === 0 && (b[3] === 0x2A || b[3] === 0x2B))) {
		return new TiffWalker();
	}

	if (isHeif(b)) {
		return new IsobmffWalker();
	}

	return null;
}
