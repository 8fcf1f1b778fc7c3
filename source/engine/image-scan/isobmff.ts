import {DownloadError} from '../errors.js';
import {imageKind, type ImageInfo} from '../image-check.js';
import {HeaderBytes, uint32be} from './header-bytes.js';
import {readHeifMeta, type HeifMeta} from './heif-meta.js';
import type {BodyEnd, FormatWalker} from './walker.js';

const boxHeader = 0; // Collecting a box's size and type (8 bytes, 16 with a 64-bit size).
const collect = 1; // Copying the payload of ftyp or meta, which are read.
const skip = 2; // Skipping any other box's payload (mdat) by its size.
const opaque = 3; // A box that runs to the end of the file, or bytes that are no box: nothing more to walk.

/** ftyp and meta are copied to be read; a larger one is refused, so memory per image stays bounded. */
const maxCopied = 256 * 1024;

/** Major brands of still images in a HEIF container, as image-size knows them, plus AVIF sequences. */
const imageBrands = new Set(['avif', 'avis', 'mif1', 'msf1', 'heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);

/** An ISOBMFF body whose first box is `ftyp` with a still-image major brand (AVIF, HEIC, HEIF). */
export function isHeif(b: Uint8Array): boolean {
	const type = (at: number) => String.fromCodePoint(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
	return b.length >= 12 && type(4) === 'ftyp' && imageBrands.has(type(8));
}

/** AVIF, HEIC or plain HEIF, from the major and compatible brands (a mif1 file says what codes it). */
function kindOf(ftyp: Uint8Array): 'avif' | 'heic' | 'heif' {
	const brands: string[] = [];
	for (let at = 0; at + 4 <= ftyp.length; at += at === 0 ? 8 : 4) {
		brands.push(String.fromCodePoint(ftyp[at]!, ftyp[at + 1]!, ftyp[at + 2]!, ftyp[at + 3]!));
	}

	if (brands.some(brand => brand === 'avif' || brand === 'avis')) {
		return 'avif';
	}

	return brands.some(brand => brand.startsWith('hei') || brand.startsWith('hev')) ? 'heic' : 'heif';
}

/**
 * Walks the top-level boxes of an AVIF or HEIC by their sizes (skipping `mdat` unread) and reads the
 * `meta` box, wherever it sits. Complete means ftyp and meta arrived whole and every byte of the file
 * that meta's item locations (iloc) name arrived: that is what a decoder reads. Bytes after that
 * (padding, a box left unfinished after the image's data) are not judged, as after a JPEG's EOI.
 */
export class IsobmffWalker implements FormatWalker {
	private state = boxHeader;
	private readonly header = new HeaderBytes();
	private type = '';
	private remaining = 0;
	private copy: Uint8Array | undefined;
	private copied = 0;
	private kind: 'avif' | 'heic' | 'heif' | undefined;
	private meta: HeifMeta | undefined;

	constructor() {
		this.header.expect(8);
	}

	walk(b: Uint8Array, start: number): void {
		let i = start;
		while (i < b.length && this.state !== opaque) {
			i = this.step(b, i);
		}
	}

	finish({total}: BodyEnd): ImageInfo {
		const name = this.kind === 'avif' ? 'AVIF' : 'HEIF';
		if (this.kind === undefined) {
			throw DownloadError.cutShort(`${name} ends inside its ftyp box`);
		}

		if (this.meta === undefined) {
			if (this.state === collect || (this.state === skip && this.remaining > 0)) {
				throw DownloadError.cutShort(`${name} ends at byte ${total}, inside its ${this.type} box, before its meta box`);
			}

			throw DownloadError.notImage(`${name} without a meta box`);
		}

		if (this.meta.dataEnd > total) {
			throw DownloadError.cutShort(`${name} image data runs to byte ${this.meta.dataEnd}, the body ends at ${total}`);
		}

		return {...imageKind(this.kind), width: this.meta.width, height: this.meta.height};
	}

	private step(b: Uint8Array, i: number): number {
		switch (this.state) {
			case boxHeader: {
				const next = this.header.collect(b, i);
				if (this.header.full) {
					this.box();
				}

				return next;
			}

			case collect: {
				const take = Math.min(this.copy!.length - this.copied, b.length - i);
				this.copy!.set(b.subarray(i, i + take), this.copied);
				this.copied += take;
				if (this.copied === this.copy!.length) {
					this.read(this.copy!);
				}

				return i + take;
			}

			default: {
				const take = Math.min(this.remaining, b.length - i);
				this.remaining -= take;
				if (this.remaining === 0) {
					this.nextBox();
				}

				return i + take;
			}
		}
	}

	private box(): void {
		const s = this.header.bytes;
		const size = uint32be(s, 0);
		if (size === 1 && this.header.need === 8) {
			this.header.need = 16; // A 64-bit size follows the type.
			return;
		}

		this.type = String.fromCodePoint(s[4]!, s[5]!, s[6]!, s[7]!);
		const boxSize = size === 1 ? (uint32be(s, 8) * 2 ** 32) + uint32be(s, 12) : size;
		const payload = boxSize - this.header.need;
		if (size === 0 || payload < 0) {
			// Runs to the end of the file (allowed for the last box), or not a box at all: the walk ends here.
			this.state = opaque;
			return;
		}

		const read = this.type === 'meta' || (this.type === 'ftyp' && this.kind === undefined);
		if (read) {
			if (payload > maxCopied) {
				throw DownloadError.notImage(`HEIF ${this.type} box of ${payload} bytes`);
			}

			this.copy = new Uint8Array(payload);
			this.copied = 0;
			this.state = collect;
		} else {
			this.remaining = payload;
			this.state = skip;
		}

		if (payload === 0) {
			this.nextBox();
		}
	}

	private read(payload: Uint8Array): void {
		if (this.type === 'ftyp') {
			this.kind = kindOf(payload);
		} else if (this.meta === undefined) {
			this.meta = readHeifMeta(payload);
		}

		this.copy = undefined;
		this.nextBox();
	}

	private nextBox(): void {
		this.state = boxHeader;
		this.header.expect(8);
	}
}
